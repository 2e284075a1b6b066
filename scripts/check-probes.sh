#!/usr/bin/env bash
# Gates the probe corpora (scripts/probes/*.tsv: passages written for the purpose, each with
# the map it must give) at the number of passages that give exactly that map today, and at the
# number of wrong facts, so a construction that no dev report uses cannot silently slip.
# Usage: scripts/check-probes.sh [BINARY]   (default target/release/frontline)
# Needs only this repository (no ../shared). Raise a floor when a change measures better.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/frontline}
[ -x "$BIN" ] || { echo "check-probes: no binary at $BIN (run cargo build --release)" >&2; exit 2; }
status=0
# corpus, fewest passages fully right, most wrong facts (figures of 2026-12-06, session 26, after
# the merges of en26g, en26c and ar26)
while read -r corpus min_ok max_wrong; do
  total=$(python3 scripts/probe-map.py "$BIN" "scripts/probes/$corpus" | awk '$1 == "total"')
  read -r _ rows ok _ wrong _ <<<"$total"
  if [ "$ok" -lt "$min_ok" ] || [ "$wrong" -gt "$max_wrong" ]; then
    echo "FAIL $corpus: $ok of $rows passages right (floor $min_ok), $wrong wrong facts (ceiling $max_wrong)"
    status=1
  else
    echo "ok   $corpus: $ok of $rows passages right (floor $min_ok), $wrong wrong facts (ceiling $max_wrong)"
  fi
done <<'TABLE'
reversals.tsv 148 9
sides.tsv 326 6
ar-sides.tsv 111 1
holdings.tsv 139 2
ukraine.tsv 151 3
era.tsv 205 8
ar-events.tsv 106 5
perspective.tsv 65 3
places.tsv 144 6
early.tsv 174 6
ar-holdings.tsv 112 3
presence.tsv 155 8
ar-reports.tsv 102 7
shares.tsv 166 7
anaphora.tsv 153 5
ukraine2.tsv 137 10
ar-contests.tsv 116 3
deals.tsv 147 4
deals-ua.tsv 21 1
contests.tsv 154 5
wires.tsv 87 7
ar-wiki.tsv 101 10
bulletins.tsv 103 8
wiki.tsv 127 16
chronology.tsv 78 7
discourse.tsv 96 8
ar-factions.tsv 172 0
headlines.tsv 98 0
voices.tsv 245 3
ar-operations.tsv 81 1
handover.tsv 70 4
contested.tsv 82 4
lists.tsv 71 2
backed.tsv 96 3
bounds.tsv 80 4
nounphrase.tsv 89 2
sequels.tsv 81 6
regions.tsv 81 4
ar-nominals.tsv 70 2
ar-phrases.tsv 76 2
ar-voices.tsv 61 7
ar-denials.tsv 47 0
ar-background.tsv 55 2
reports.tsv 17 19
reports-shapes.tsv 22 1
reports2.tsv 8 8
targets.tsv 70 0
background.tsv 86 3
background2.tsv 91 1
sequels2.tsv 67 5
bounds2.tsv 55 0
TABLE
exit $status
