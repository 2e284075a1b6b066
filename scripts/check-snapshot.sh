#!/usr/bin/env bash
# Hold-out check of the zone builder on the Wikipedia control snapshot in
# ../shared/control-snapshot (not shipped with the project): every fifth place
# with a faction is held out, the rest imported as a baseline, and the share
# of held-out places inside their own faction's zone must not slip below the
# level reached (94.9% on the default split since bridges between same-side
# neighbours, 2026-11; plain nearest-settlement scores 93.8%). The split is
# deterministic; the margin is for small changes elsewhere (gazetteer,
# importer). Other splits: `--offset 0..4`.
set -euo pipefail
cd "$(dirname "$0")/.."
snapshot=../shared/control-snapshot/wikipedia_syria_detailed_map.csv
if [ ! -f "$snapshot" ]; then
  echo "check-snapshot: $snapshot not found; skipped"
  exit 0
fi
cargo run --release --quiet --example holdout -- "$snapshot" --min 0.944 --runs 5 2> >(grep -v '^skipped:' >&2)
