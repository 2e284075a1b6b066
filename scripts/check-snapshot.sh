#!/usr/bin/env bash
# Hold-out check of the zone builder on the Wikipedia control snapshot in
# ../shared/control-snapshot (not shipped with the project): every fifth place
# with a faction is held out (the issue's split: "unknown" counts as a
# faction value, and a held-out "unknown" row is inside no zone), the rest
# imported as a baseline, and the share of held-out places inside their own
# faction's zone must not slip below the target, reached in 2026-11: 95.1%
# (1174/1235; plain nearest-settlement 93.8% with our importer's training
# places, 93.3% as the issue computes it). The split is deterministic.
# Other splits: `--offset 0..4`.
set -euo pipefail
cd "$(dirname "$0")/.."
snapshot=../shared/control-snapshot/wikipedia_syria_detailed_map.csv
if [ ! -f "$snapshot" ]; then
  echo "check-snapshot: $snapshot not found; skipped"
  exit 0
fi
cargo run --release --quiet --example holdout -- "$snapshot" --min 0.95 --runs 5 2> >(grep -v '^skipped:' >&2)
