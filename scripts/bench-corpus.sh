#!/usr/bin/env bash
# Builds the benchmark corpus: the bodies of the eval-dev reports and the
# article text (<text> elements) of GeoWebNews (GWN.xml), LGL (lgl.xml) and
# TR-News (TR-News.xml), one document per paragraph block (documents are
# separated by a blank line), concatenated and repeated until ~50 MB.
#
# Output: target/bench-corpus.txt (under target/, never committed).
# Usage: scripts/bench-corpus.sh [SIZE_MB]      (default 50)
# Env:   FRONTLINE_SHARED  folder holding eval-dev/ and benchmarks/ (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-50}"
shared="${FRONTLINE_SHARED:-../shared}"
out="target/bench-corpus.txt"
mkdir -p target
[ -d "$shared/eval-dev" ] || { echo "bench-corpus: $shared/eval-dev not found (set FRONTLINE_SHARED)" >&2; exit 1; }
gwn="$shared/benchmarks/GeoWebNews_PragmaticGuide/data"
python3 - "$shared/eval-dev" "$gwn/GWN.xml" "$gwn/Corpora/lgl.xml" "$gwn/Corpora/TR-News.xml" "$size_mb" "$out" <<'PY'
import glob, os, re, sys
import xml.etree.ElementTree as ET

evaldir, gwn, lgl, trn, size_mb, out = sys.argv[1:7]
target = int(float(size_mb) * 1_000_000)
HEADER = re.compile(r"^(date|source|title)\s*:", re.I)

def body(text):
    # Strip the `key: value` header block of a report file (see DESIGN.md).
    head, sep, rest = text.partition("\n\n")
    if sep and all(HEADER.match(l) for l in head.splitlines() if l.strip()):
        return rest
    return text

def clean(t):
    # One document = one block; paragraphs inside it are joined by single
    # newlines so that the blank line stays the document separator.
    lines = [l.strip() for l in t.replace("\r", "").splitlines()]
    return "\n".join(l for l in lines if l)

docs, counts = [], {}
for p in sorted(glob.glob(os.path.join(evaldir, "*.txt"))):
    with open(p, encoding="utf-8") as f:
        d = clean(body(f.read()))
    if d:
        docs.append(d)
counts["eval-dev"] = len(docs)
for name, path in (("GeoWebNews", gwn), ("LGL", lgl), ("TR-News", trn)):
    if not os.path.exists(path):
        print(f"bench-corpus: {path} not found, skipped", file=sys.stderr)
        continue
    n = 0
    for el in ET.parse(path).getroot().iter("text"):
        d = clean(el.text or "")
        if d:
            docs.append(d)
            n += 1
    counts[name] = n
if not docs:
    sys.exit("bench-corpus: no documents found")
once = "\n\n".join(docs) + "\n\n"
unit = once.encode("utf-8")
reps = max(1, -(-target // len(unit)))
with open(out, "wb") as f:
    for _ in range(reps):
        f.write(unit)
print(f"bench-corpus: {sum(counts.values())} documents ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
      f"{len(unit)/1e6:.2f} MB once, x{reps} = {len(unit)*reps/1e6:.1f} MB -> {out}", file=sys.stderr)
PY
