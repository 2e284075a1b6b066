#!/usr/bin/env python3
"""Measure how much of a gold-annotated report set the region pack can cover.

For every gold toponym (role "location") it asks: does the pack hold a place
with that name or alias (compared with the build script's matching fold, not
the geoparser's) within the scorer's distance for its kind? Prints coverage by
kind and the misses. Reads the gold files only to measure; nothing is copied.

    python3 scripts/geodata/coverage.py --dir ../shared/eval-dev
"""

import argparse
import glob
import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import build_geodata as b  # noqa: E402

LIMIT_KM = {"city": 5, "town": 5, "village": 5, "neighbourhood": 5, "governorate": 25, "region": 25,
            "district": 25, "border": 10, "river": 10, "road": 10, "country": 400}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="folder of NNN.gold.json files")
    ap.add_argument("--pack", default=os.path.join(HERE, "..", "..", "geodata", "syria", "places.jsonl"))
    args = ap.parse_args()
    places = [json.loads(line) for line in open(args.pack, encoding="utf-8")]
    index = defaultdict(list)
    for p in places:
        for n in [p["name"]] + p["aliases"]:
            for _, k in b.name_keys(n):
                index[k].append(p)
    total, ok, misses = Counter(), Counter(), []
    files = sorted(glob.glob(os.path.join(args.dir, "*.gold.json")))
    if not files:
        sys.exit(f"coverage: no *.gold.json in {args.dir}")
    for f in files:
        gold = json.load(open(f, encoding="utf-8"))
        for t in gold.get("toponyms", []):
            if t.get("role", "location") != "location":
                continue
            kind = t["kind"]
            total[kind] += 1
            cands = {}
            for n in {t["mention"], t["name"]}:
                for _, k in b.name_keys(n.replace("'s", "")):
                    for p in index.get(k, []):
                        cands[p["id"]] = p
            found = bool(cands) and t["lat"] is None
            best = None
            for p in cands.values():
                if t["lat"] is None:
                    break
                d = b.haversine_km(t["lon"], t["lat"], p["lon"], p["lat"])
                best = d if best is None else min(best, d)
                if d <= LIMIT_KM.get(kind, 5):
                    found = True
            if found:
                ok[kind] += 1
            else:
                near = "no name match" if best is None else f"nearest same-name place {best:.0f} km"
                misses.append(f"{os.path.basename(f)}: {kind} {t['mention']!r} ({near})")
    for k in sorted(total, key=lambda k: -total[k]):
        print(f"{k:<14} {ok[k]:>4} / {total[k]}")
    print(f"{'all':<14} {sum(ok.values()):>4} / {sum(total.values())}")
    for m in misses:
        print("  miss", m)


if __name__ == "__main__":
    main()
