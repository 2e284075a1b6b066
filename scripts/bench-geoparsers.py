#!/usr/bin/env python3
"""Geoparsing accuracy beside published systems, on the public corpora in ../shared/benchmarks.

frontline's gazetteer covers a region (a pack's countries), so it is scored, like every other
system, on the gold toponyms whose point lies inside those countries (Natural Earth polygons of
the pack's sources) and on the predictions that land there. The other systems' outputs are the
files the corpora's authors published beside them (CLAVIN, the resolver inside CLIFF; GeoTxt;
Topocluster; Edinburgh Geoparser; Yahoo! Placemaker; EMM), scored by the same code.

Figures, per corpus, pack and system:
  recall@161   share of in-region gold toponyms with a prediction overlapping the span, within
               161 km of the gold point (the literature's Acc@161, end to end: found and placed)
  recall@10    the same within 10 km (a village-level map needs this one)
  precision    share of in-region predictions that overlap a gold span and lie within 161 km of
               it (a prediction on a word the corpus does not mark as a toponym counts as wrong)
  median km    median error of the in-region gold toponyms found

Usage: scripts/bench-geoparsers.py [--bin target/release/frontline] [--shared ../shared]
       [--pack syria --pack ukraine] [--corpus lgl ...] [-v]
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hav(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def inside_ring(lat, lon, ring):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Region:
    """The countries a pack covers, as Natural Earth polygons from the pack's own sources."""

    def __init__(self, pack, shared):
        with open(os.path.join(ROOT, "scripts", "geodata", f"{pack}.toml"), "rb") as f:
            spec = tomllib.load(f)
        self.codes = set(spec["countries"]["places"])
        src = os.path.join(shared, "geodata-src" if pack == "syria" else f"geodata-src-{pack}")
        path = os.path.join(src, "naturalearth", "ne_50m_admin_0_countries_region.geojson")
        with open(path) as f:
            countries = json.load(f)["features"]
        self.polygons = []
        for feature in countries:
            props = feature["properties"]
            code = props.get("ISO_A2") or props.get("iso_a2")
            if code not in self.codes:
                continue
            geom = feature["geometry"]
            polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            for poly in polys:
                xs = [x for x, _ in poly[0]]
                ys = [y for _, y in poly[0]]
                self.polygons.append(((min(xs), min(ys), max(xs), max(ys)), poly))

    def contains(self, lat, lon):
        for (x0, y0, x1, y1), poly in self.polygons:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and inside_ring(lat, lon, poly[0]):
                if not any(inside_ring(lat, lon, hole) for hole in poly[1:]):
                    return True
        return False


def compact(line):
    """`name,,mention,,lat,,lon,,start,,end||…` (the corpora's compact format) → toponyms."""
    out = []
    for entry in line.rstrip("\n").split("||"):
        parts = entry.split(",,")
        if len(parts) < 6:
            continue
        try:
            out.append({"lat": float(parts[2]), "lon": float(parts[3]),
                        "start": int(parts[4]), "end": int(parts[5])})
        except ValueError:
            continue
    return out


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def xml_corpus(path, tag):
    """LGL-style (`<toponym><start><end><phrase><gaztag><lat><lon>`) or GeoVirus-style
    (`<location><start><end><name><lat><lon>`) XML → texts and gold toponyms with a point.
    GeoVirus counts offsets from 1: the shift that makes the spans read their names is used."""
    texts, gold = [], []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for element in article.iter(tag):
            point = element.find("gaztag") if element.find("gaztag") is not None else element
            if point.findtext("lat") is None:
                continue
            toponyms.append({"lat": float(point.findtext("lat")), "lon": float(point.findtext("lon")),
                             "start": int(element.findtext("start")),
                             "end": int(element.findtext("end")),
                             "name": element.findtext("phrase") or element.findtext("name") or ""})
        texts.append(text)
        gold.append(toponyms)
    def reads(shift):
        return sum(text[t["start"] + shift:t["end"] + shift] == t["name"]
                   for text, doc in zip(texts, gold) for t in doc)
    shift = max((0, -1, 1), key=reads)
    for doc in gold:
        for t in doc:
            t["start"] += shift
            t["end"] += shift
    return texts, gold


def corpora(shared):
    """Each corpus: (name, texts, gold per text, {system: predictions per text}).

    WikToR is left out: its texts (WikToR.xml) are not in the copies."""
    bench = os.path.join(shared, "benchmarks")
    missing = os.path.join(bench, "WhatsMissingInGeoparsing", "data")
    guide = os.path.join(bench, "GeoWebNews_PragmaticGuide", "data")

    def peers(prefix, names, n):
        folder = os.path.join(guide, "Geocoding") if prefix == "gwn" else missing
        systems = {}
        for system, label in names:
            path = os.path.join(folder, f"{prefix}_{system}.txt")
            if os.path.exists(path):
                systems[label] = [compact(line) for line in read_lines(path)[:n]]
        return systems

    lgl_text, lgl_gold = xml_corpus(os.path.join(guide, "Corpora", "lgl.xml"), "toponym")
    yield ("LGL", lgl_text, lgl_gold,
           peers("lgl", [("clavin", "CLAVIN"), ("geo", "GeoTxt"), ("topo", "Topocluster"),
                         ("edin", "Edinburgh"), ("yahoo", "Yahoo!")], len(lgl_gold)))

    gwn_gold = [compact(line) for line in read_lines(os.path.join(guide, "Geocoding", "gwn_full.txt"))]
    gwn_gold = gwn_gold[:200]
    gwn_text = []
    for i in range(len(gwn_gold)):
        with open(os.path.join(guide, "Geocoding", "files", str(i)), encoding="utf-8") as f:
            gwn_text.append(f.read())
    yield ("GeoWebNews", gwn_text, gwn_gold,
           peers("gwn", [("edin", "Edinburgh"), ("yahoo", "Yahoo!"), ("emm", "EMM")], len(gwn_gold)))

    vir_text, vir_gold = xml_corpus(os.path.join(guide, "Corpora", "GeoVirus.xml"), "location")
    yield ("GeoVirus", vir_text, vir_gold, {})

    tr_text, tr_gold = xml_corpus(os.path.join(guide, "Corpora", "TR-News.xml"), "toponym")
    yield ("TR-News", tr_text, tr_gold, {})


def run_frontline(binary, pack, texts):
    """Geoparse every text in one call (JSON Lines in, one FeatureCollection a line out):
    spans turned from bytes into characters, each mention with the place's shape."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for text in texts:
                # An empty report is refused; keep the numbering aligned with the corpus.
                f.write(json.dumps({"text": text if text.strip() else "."}) + "\n")
        out = subprocess.run([binary, "geoparse", "--region", pack, path],
                             capture_output=True, text=True, check=True).stdout
    found = [[] for _ in texts]
    for line in out.splitlines():
        collection = json.loads(line)
        index = int(collection["report"].rsplit("#", 1)[1]) - 1
        text = texts[index].encode("utf-8")
        for feature in collection["features"]:
            props = feature["properties"]
            start = len(text[: props["start"]].decode("utf-8", "ignore"))
            end = len(text[: props["end"]].decode("utf-8", "ignore"))
            geometry = feature["geometry"]
            lon, lat = representative(geometry)
            found[index].append({"lat": lat, "lon": lon, "start": start, "end": end,
                                 "geometry": geometry})
    return found


def representative(geometry):
    """A point of a geometry: the point itself, or the mean of a shape's outer ring (of its
    first part), which decides whether the prediction lies in the pack's region."""
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return coords[0], coords[1]
    while isinstance(coords[0][0], list):
        coords = coords[0]
    return (sum(x for x, _ in coords) / len(coords), sum(y for _, y in coords) / len(coords))


def distance(gold, prediction):
    """Kilometres from a gold point to a prediction: 0 inside a predicted shape (a country,
    a governorate), else to its nearest vertex, or to its point."""
    geometry = prediction.get("geometry")
    if geometry and geometry["type"] in ("Polygon", "MultiPolygon"):
        polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for poly in polys:
            if inside_ring(gold["lat"], gold["lon"], poly[0]) and not any(
                    inside_ring(gold["lat"], gold["lon"], hole) for hole in poly[1:]):
                return 0.0
        return min(hav(gold["lat"], gold["lon"], y, x)
                   for poly in polys for ring in poly for x, y in ring)
    return hav(gold["lat"], gold["lon"], prediction["lat"], prediction["lon"])


def score(region, gold, predicted):
    found161 = found10 = total = 0
    errors = []
    right = in_region_predictions = 0
    for doc_gold, doc_pred in zip(gold, predicted):
        for g in doc_gold:
            if not region.contains(g["lat"], g["lon"]):
                continue
            total += 1
            dists = [distance(g, p) for p in doc_pred
                     if p["start"] < g["end"] and g["start"] < p["end"]]
            if dists:
                best = min(dists)
                errors.append(best)
                found161 += best <= 161
                found10 += best <= 10
        for p in doc_pred:
            if not region.contains(p["lat"], p["lon"]):
                continue
            in_region_predictions += 1
            dists = [distance(g, p) for g in doc_gold
                     if p["start"] < g["end"] and g["start"] < p["end"]]
            right += bool(dists) and min(dists) <= 161
    return {
        "gold": total,
        "recall161": found161 / total if total else None,
        "recall10": found10 / total if total else None,
        "precision": right / in_region_predictions if in_region_predictions else None,
        "predictions": in_region_predictions,
        "median_km": statistics.median(errors) if errors else None,
    }


def fmt(value, digits=3):
    return "-" if value is None else f"{value:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "frontline"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--pack", action="append", help="region packs (default: syria, ukraine)")
    ap.add_argument("--corpus", action="append", help="corpora by name (default: all)")
    ap.add_argument("--json", action="store_true", help="one JSON object a line instead of a table")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "benchmarks")):
        sys.exit(f"bench-geoparsers: {args.shared}/benchmarks not found (pass --shared)")
    packs = args.pack or ["syria", "ukraine"]
    regions = {pack: Region(pack, args.shared) for pack in packs}
    if not args.json:
        print("| corpus | pack | system | in-region gold | recall@161 | recall@10 | precision | median km |")
        print("|---|---|---|---|---|---|---|---|")
    for name, texts, gold, systems in corpora(args.shared):
        if args.corpus and name.lower() not in {c.lower() for c in args.corpus}:
            continue
        for pack, region in regions.items():
            rows = {"frontline": run_frontline(args.bin, pack, texts)}
            rows.update(systems)
            for system, predicted in rows.items():
                figures = score(region, gold, predicted)
                if figures["gold"] == 0:
                    continue
                if args.json:
                    print(json.dumps({"corpus": name, "pack": pack, "system": system, **figures}))
                else:
                    print(f"| {name} | {pack} | {system} | {figures['gold']} | "
                          f"{fmt(figures['recall161'])} | {fmt(figures['recall10'])} | "
                          f"{fmt(figures['precision'])} | {fmt(figures['median_km'], 1)} |")


if __name__ == "__main__":
    main()
