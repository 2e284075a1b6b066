#!/usr/bin/env python3
"""Derive the country-wide demo baseline from the Wikipedia control snapshot.

Reads ../shared/control-snapshot/wikipedia_syria_detailed_map.csv (Wikipedia
contributors, "Module:Syrian Civil War detailed map", CC BY-SA; see that
folder's README) and writes geodata/syria/baselines/syria-2017-07-15.geojson:
one Point per map entry with a known holder (`faction`, and
`contested_between` for contested entries), dated mid-July 2017, the middle
of the snapshot's estimated window. Entries without a holder (border-post
icons, inset minimaps, the road overlay) and entries whose coordinates lie
outside Syria's neighbourhood (one typo in the module) are left out and
counted on stderr. The output is CC BY-SA like its source.

    scripts/build_snapshot_baseline.py [SNAPSHOT.csv] [-o OUT.geojson]
"""
import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_IN = ROOT.parent / "shared" / "control-snapshot" / "wikipedia_syria_detailed_map.csv"
DEFAULT_OUT = ROOT / "geodata" / "syria" / "baselines" / "syria-2017-07-15.geojson"
DATE = "2017-07-15"
SOURCE = "Wikipedia, Syrian Civil War detailed map, c. July 2017 (CC BY-SA)"
HOLDERS = {"government", "opposition", "hts", "isis", "sdf", "turkey", "contested"}
# Generous box around Syria: a point outside it is a transcription typo.
LON_RANGE = (35.0, 42.6)
LAT_RANGE = (32.0, 37.6)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("snapshot", nargs="?", default=str(DEFAULT_IN))
    ap.add_argument("-o", "--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()
    features = []
    skipped = Counter()
    with open(args.snapshot, newline="", encoding="utf-8") as f:
        # Line 1 is the header; DictReader rows have no embedded newlines here.
        for line_no, row in enumerate(csv.DictReader(f), start=2):
            holder = row["faction"].strip()
            if holder not in HOLDERS:
                skipped["no holder (%s)" % (holder or "empty")] += 1
                continue
            try:
                lon, lat = float(row["lon"]), float(row["lat"])
            except ValueError:
                print(f"{args.snapshot}:{line_no}: bad coordinates {row['lon']!r}, {row['lat']!r}; skipped",
                      file=sys.stderr)
                skipped["bad coordinates"] += 1
                continue
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                print(f"{args.snapshot}:{line_no}: {row['label']!r} at {lon}, {lat} is outside Syria; skipped",
                      file=sys.stderr)
                skipped["outside Syria"] += 1
                continue
            props = {"name": row["label"].strip(), "faction": holder}
            if holder == "contested":
                props["contested_between"] = row["contested_between"].strip()
            props["source"] = SOURCE
            features.append({
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            })
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "name": "syria-%s",\n' % DATE)
        f.write('"attribution": "Derived from Wikipedia contributors, Module:Syrian Civil War detailed map '
                '(CC BY-SA 4.0), via MASangys/wikipedia.zh; shared under CC BY-SA 4.0",\n')
        f.write('"date": "%s", "features": [\n' % DATE)
        f.write(",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in features))
        f.write("\n]}\n")
    counts = Counter(x["properties"]["faction"] for x in features)
    print(f"wrote {out}: {len(features)} points ({dict(counts)}); skipped {dict(skipped)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
