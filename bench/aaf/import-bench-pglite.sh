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
mkdir -p "$OUT"
rm -rf "$DATA"
unset DATABASE_URL
export PREAU_DATA=$DATA NODE_ENV=production LOG_LEVEL=warn
node apps/server/bin/preau.js migrate >/dev/null
node apps/server/bin/preau.js create-admin --login admin.bench --first-name Anne --last-name Banc --collectivite "Région de bench" >/dev/null

for label in full reimport; do
  started=$(date +%s.%N)
  for academy in "$Y1"/AC-*; do
    name=$(basename "$academy")
    /usr/bin/time -v -o "$OUT/$label-$name.time" \
      node apps/server/bin/preau.js import aaf "$academy" --academy "$name" --report "$OUT/$label-$name.json" >"$OUT/$label-$name.log" 2>&1 \
      || { echo "$label $name failed, see $OUT/$label-$name.log"; tail -5 "$OUT/$label-$name.log"; exit 1; }
    printf '%-10s %-12s wall %-10s CPU %6.1f s  peak RSS %6d MB  load %s  %s\n' "$label" "$name" \
      "$(grep 'Elapsed (wall' "$OUT/$label-$name.time" | awk '{print $NF}')" \
      "$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$OUT/$label-$name.time")" \
      "$(( $(grep 'Maximum resident' "$OUT/$label-$name.time" | awk '{print $NF}') / 1024 ))" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "$(tail -1 "$OUT/$label-$name.log")"
  done
  printf '%-10s %-12s wall %.1f s\n' "$label" "(all)" "$(echo "$(date +%s.%N) - $started" | bc)"
done
