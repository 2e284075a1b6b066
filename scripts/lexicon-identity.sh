#!/usr/bin/env bash
# Byte-identity check for refactors of the claims extractor: runs `frontline map` and
# `frontline extract` over every report of the eval sets, the seed, the demos and the test
# fixtures, and writes one output file per report into OUT. Run once with the old binary
# (OUT=/tmp/lex-before) and once with the new (OUT=/tmp/lex-after), then `diff -r`.
# Usage: scripts/lexicon-identity.sh BINARY OUT [SHARED]
set -u
bin=$1; out=$2; shared=${3:-../shared}
mkdir -p "$out"
run() { # region file
  local region=$1 f=$2 key
  key=$(echo "$f" | tr '/' '_')
  FRONTLINE_REGION=$region "$bin" extract "$f" >"$out/$key.extract" 2>/dev/null
  FRONTLINE_REGION=$region "$bin" map "$f" >"$out/$key.map" 2>/dev/null
  if [ ! -s "$out/$key.extract" ]; then # a report without a date header
    FRONTLINE_REGION=$region "$bin" extract --date 2016-02-03 "$f" >"$out/$key.extract" 2>/dev/null
    FRONTLINE_REGION=$region "$bin" map --date 2016-02-03 "$f" >"$out/$key.map" 2>/dev/null
  fi
}
for f in $(find "$shared/eval-dev" "$shared/eval-dev-arabic" "$shared/seed" geodata/syria/demo tests/fixtures -name '*.txt' 2>/dev/null | sort); do
  run syria "$f"
done
for f in $(find "$shared/eval-dev-ukraine" geodata/ukraine/demo -name '*.txt' 2>/dev/null | sort); do
  run ukraine "$f"
done
find "$out" -type f -empty | sed "s/^/empty: /"
ls -A "$out" | wc -l
