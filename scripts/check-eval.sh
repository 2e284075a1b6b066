#!/usr/bin/env bash
# Geoparser accuracy gate: runs the shared scorer on ../shared/eval-dev (when present) and
# fails when toponym F1 or settlements@5km drop below the figures the geoparser reached.
# Usage: scripts/check-eval.sh [path/to/frontline]
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_F1=${MIN_F1:-0.95}
MIN_SETTLE=${MIN_SETTLE:-0.98}
DIR=${EVAL_DIR:-../shared/eval-dev}
BIN=${1:-target/release/frontline}
if [ ! -f "$DIR/score.py" ]; then
    echo "check-eval: $DIR/score.py not found, skipping"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet
fi
line=$(python3 "$DIR/score.py" --bin "$BIN" --dir "$DIR" --what toponyms | tail -n 1)
echo "$line"
f1=$(sed -n 's/.*F1=\([0-9.]*\).*/\1/p' <<<"$line")
settle=$(sed -n 's/.*settlements@5km=\([0-9.]*\).*/\1/p' <<<"$line")
if [ -z "$f1" ] || [ -z "$settle" ]; then
    echo "check-eval: cannot read the scorer's summary line" >&2
    exit 1
fi
ok=$(python3 -c "print(int($f1 >= $MIN_F1 and $settle >= $MIN_SETTLE))")
if [ "$ok" != 1 ]; then
    echo "check-eval: below the gate (F1 >= $MIN_F1, settlements@5km >= $MIN_SETTLE)" >&2
    exit 1
fi
echo "check-eval: ok (F1 >= $MIN_F1, settlements@5km >= $MIN_SETTLE)"
