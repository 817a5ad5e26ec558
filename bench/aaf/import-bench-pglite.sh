#!/usr/bin/env bash
# The AAF import on the embedded database (PGlite, no DATABASE_URL), as a
# small authority would run it: full import of a generated région, academy
# after academy, then a re-import of the same files. Prints wall time, CPU
# and peak RSS of each run (from /usr/bin/time -v) and keeps the reports.
#   bench/aaf/import-bench-pglite.sh /tmp/aaf-50k/y1 [data folder, emptied first]
set -euo pipefail
Y1=${1:?first-year region folder}
DATA=${2:-/tmp/preau-bench-pglite}
OUT=${OUT:-bench/results/aaf-import-pglite}
cd "$(dirname "$0")/../.."
source bench/aaf/timed-import.sh
mkdir -p "$OUT"
rm -rf "$DATA"
unset DATABASE_URL
export PREAU_DATA=$DATA NODE_ENV=production LOG_LEVEL=warn
node apps/server/bin/preau.js migrate >/dev/null
node apps/server/bin/preau.js create-admin --login admin.bench --first-name Anne --last-name Banc --collectivite "Région de bench" >/dev/null

for label in full reimport; do
  started=$(date +%s.%N)
  for academy in "$Y1"/AC-*; do
    timed_import "$label" "$academy" "$OUT"
  done
  printf '%-10s %-12s wall %.1f s\n' "$label" "(all)" "$(echo "$(date +%s.%N) - $started" | bc)"
done
