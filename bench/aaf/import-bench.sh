#!/usr/bin/env bash
# Import benchmark of issue 3: full import of a generated region, re-import of
# the same files, then the changed region (year 2), on PostgreSQL, one
# academy after the other as the rectorats deliver them. Prints wall time and
# peak RSS of each run (from /usr/bin/time -v) and keeps the JSON reports.
#   bench/aaf/import-bench.sh /tmp/aaf-region/y1 /tmp/aaf-region/y2 [database]
set -euo pipefail
Y1=${1:?first-year region folder}
Y2=${2:?second-year region folder}
DB=${3:-preau_bench_aaf}
OUT=${OUT:-bench/results/aaf-import}
mkdir -p "$OUT"
cd "$(dirname "$0")/../.."
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" NODE_ENV=production LOG_LEVEL=warn
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
node apps/server/bin/preau.js migrate >/dev/null
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "INSERT INTO collectivites (name, kind) VALUES ('Région de bench', 'REGION')"

run() { # label folder
  local label=$1 folder=$2
  for academy in "$folder"/AC-*; do
    local name; name=$(basename "$academy")
    /usr/bin/time -v -o "$OUT/$label-$name.time" \
      node apps/server/bin/preau.js import aaf "$academy" --academy "$name" --report "$OUT/$label-$name.json" >"$OUT/$label-$name.log" 2>&1 \
      || { echo "$label $name failed, see $OUT/$label-$name.log"; tail -5 "$OUT/$label-$name.log"; exit 1; }
    # Load average after the run: other work on the machine shows in the wall time.
    printf '%-10s %-12s wall %-10s CPU %6.1f s  peak RSS %6d MB  load %s\n' "$label" "$name" \
      "$(grep 'Elapsed (wall' "$OUT/$label-$name.time" | awk '{print $NF}')" \
      "$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$OUT/$label-$name.time")" \
      "$(( $(grep 'Maximum resident' "$OUT/$label-$name.time" | awk '{print $NF}') / 1024 ))" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}
run full "$Y1"
run reimport "$Y1"
run year2 "$Y2"
psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "SELECT profile, status, count(*) FROM accounts GROUP BY 1, 2 ORDER BY 1, 2"
