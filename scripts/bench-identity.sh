#!/usr/bin/env bash
# Byte-identity check for speed work on the geoparser: runs `frontline geoparse` and
# `frontline extract` over every text of the eval sets and the seed (Ukraine texts with
# the Ukraine pack), plus `geoparse` and `extract` of the first 3 MB of the bench corpus
# (target/c3.txt) when it exists, one output file per input into OUT. Run with the old binary and the new one,
# then `diff -r` the two folders.
# Usage: scripts/bench-identity.sh BINARY OUT [SHARED]
set -u
bin=$1; out=$2; shared=${3:-../shared}
mkdir -p "$out"
run() { # region file
  local region=$1 f=$2 key
  key=$(echo "$f" | tr '/' '_')
  FRONTLINE_REGION=$region "$bin" geoparse "$f" >"$out/$key.geoparse" 2>&1
  FRONTLINE_REGION=$region "$bin" extract "$f" >"$out/$key.extract" 2>&1 ||
    FRONTLINE_REGION=$region "$bin" extract --date 2016-02-03 "$f" >"$out/$key.extract" 2>&1
}
for f in $(find "$shared/eval-dev" "$shared/eval-dev-arabic" "$shared/seed" -name '*.txt' 2>/dev/null | sort); do
  run syria "$f"
done
for f in $(find "$shared/eval-dev-ukraine" -name '*.txt' 2>/dev/null | sort); do
  run ukraine "$f"
done
if [ -f target/c3.txt ]; then
  "$bin" geoparse target/c3.txt | md5sum >"$out/c3.geoparse.md5"
  # the claims of the whole corpus as one report: the eval texts alone reach few rules
  "$bin" extract --date 2016-02-03 target/c3.txt 2>&1 | md5sum >"$out/c3.extract.md5"
fi
ls -A "$out" | wc -l
