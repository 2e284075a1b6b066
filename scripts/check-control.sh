#!/usr/bin/env bash
# Control-claim accuracy gate: runs the shared scorer on ../shared/eval-dev (when present) and
# fails when control precision or recall (place features of `frontline map` against the gold
# control facts) drop below the figures claim extraction reached.
# Usage: scripts/check-control.sh [path/to/frontline]
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_P=${MIN_P:-0.75}
MIN_R=${MIN_R:-0.70}
DIR=${EVAL_DIR:-../shared/eval-dev}
BIN=${1:-target/release/frontline}
if [ ! -f "$DIR/score.py" ]; then
    echo "check-control: $DIR/score.py not found, skipping"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet
fi
line=$(python3 "$DIR/score.py" --bin "$BIN" --dir "$DIR" --what control | tail -n 1)
echo "$line"
p=$(sed -n 's/.*control P=\([0-9.]*\).*/\1/p' <<<"$line")
r=$(sed -n 's/.*control P=[0-9.]* R=\([0-9.]*\).*/\1/p' <<<"$line")
failures=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' <<<"$line")
if [ -z "$p" ] || [ -z "$r" ]; then
    echo "check-control: cannot read the scorer's summary line" >&2
    exit 1
fi
if [ "${failures:-0}" != 0 ]; then
    echo "check-control: frontline failed on $failures report(s)" >&2
    exit 1
fi
ok=$(python3 -c "print(int($p >= $MIN_P and $r >= $MIN_R))")
if [ "$ok" != 1 ]; then
    echo "check-control: below the gate (P >= $MIN_P, R >= $MIN_R)" >&2
    exit 1
fi
echo "check-control: ok (P >= $MIN_P, R >= $MIN_R)"
