#!/usr/bin/env bash
# A longer, bounded fuzz pass for CI (.ci/run): the proptest targets of
# tests/fuzz.rs with FUZZ_CASES cases each (default 20000, about four minutes
# on one core of a 2-core VM), killed after FUZZ_SECONDS (default 480).
# A failure prints the shrunk input: add it to tests/fuzz_regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${FUZZ_CASES:-20000}"
seconds="${FUZZ_SECONDS:-480}"
cargo test --release --test fuzz --no-run
echo "fuzz: ${cases} cases per target, at most ${seconds} s"
status=0
FUZZ_CASES="$cases" timeout "$seconds" \
    cargo test --release --test fuzz -- --test-threads=2 || status=$?
if [ "$status" -eq 124 ]; then
    # Out of time on a slow machine without a failure: the cases run so far passed.
    echo "fuzz: time limit reached with no failure"
    exit 0
fi
exit "$status"
