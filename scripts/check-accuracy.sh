#!/usr/bin/env bash
# Accuracy gate: runs the shared scorer (../shared/eval-dev/score.py, when present) once over
# every report and fails when any figure drops below what the project has reached:
#   toponym F1 and settlements@5km (geoparser), control P and R (`place` features of
#   `frontline map` against the gold control facts). Raise the minimums when the figures rise.
# Usage: scripts/check-accuracy.sh [path/to/frontline]
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_F1=${MIN_F1:-0.95}
MIN_SETTLE=${MIN_SETTLE:-0.99}
MIN_P=${MIN_P:-0.86}
MIN_R=${MIN_R:-0.87}
DIR=${EVAL_DIR:-../shared/eval-dev}
BIN=${1:-target/release/frontline}
if [ ! -f "$DIR/score.py" ]; then
    echo "check-accuracy: $DIR/score.py not found, skipping"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet
fi
line=$(python3 "$DIR/score.py" --bin "$BIN" --dir "$DIR" --what all | tail -n 1)
echo "$line"
field() { sed -n "s/.*$1\([0-9.]*\).*/\1/p" <<<"$line"; }
f1=$(field 'F1=')
settle=$(field 'settlements@5km=')
p=$(field 'control P=')
r=$(sed -n 's/.*control P=[0-9.]* R=\([0-9.]*\).*/\1/p' <<<"$line")
failures=$(field 'failures=')
for v in "$f1" "$settle" "$p" "$r"; do
    if [ -z "$v" ]; then
        echo "check-accuracy: cannot read the scorer's summary line" >&2
        exit 1
    fi
done
if [ "${failures:-0}" != 0 ]; then
    echo "check-accuracy: frontline failed on $failures run(s)" >&2
    exit 1
fi
gate="F1 >= $MIN_F1, settlements@5km >= $MIN_SETTLE, control P >= $MIN_P, R >= $MIN_R"
ok=$(python3 -c "print(int($f1 >= $MIN_F1 and $settle >= $MIN_SETTLE and $p >= $MIN_P and $r >= $MIN_R))")
if [ "$ok" != 1 ]; then
    echo "check-accuracy: below the gate ($gate)" >&2
    exit 1
fi
echo "check-accuracy: ok ($gate)"
