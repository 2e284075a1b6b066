#!/usr/bin/env bash
# The test command of the README: installs what the tests drive (GDAL, Chromium),
# then runs every test. Works from a fresh clone; needs no ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --release --all-targets
