#!/usr/bin/env bash
# Import benchmark of issue 3: full import of a generated region, re-import of
# the same files, then the changed region (year 2), on PostgreSQL, one
# academy after the other as the rectorats deliver them. Prints wall time and
# peak RSS of each run (from /usr/bin/time -v) and keeps the JSON reports.
#   bench/aaf/import-bench.sh /tmp/aaf-region/y1 /tmp/aaf-region/y2 [database]
# PGHOST/PGPORT pick the server (default 127.0.0.1:5432); PHASES the runs (default
# "full reimport year2"; "delta" applies the --delta folder given as DELTA to a
# copy of the directory taken before year 2); CONCURRENT=1 imports the academies
# of a run all at once. Where pg_stat_statements is loaded, the ten costliest
# statements of each run are written next to the reports (<label>.statements),
# and the rows each run wrote to the directory, per table (<label>.writes).
set -euo pipefail
Y1=${1:?first-year region folder}
Y2=${2:?second-year region folder}
DB=${3:-preau_bench_aaf}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
PHASES=${PHASES:-full reimport year2}
export PGHOST PGPORT PGUSER=postgres
OUT=${OUT:-bench/results/aaf-import}
cd "$(dirname "$0")/../.."
source bench/aaf/timed-import.sh
mkdir -p "$OUT"
export DATABASE_URL="postgres://postgres@$PGHOST:$PGPORT/$DB" NODE_ENV=production LOG_LEVEL=warn
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
node apps/server/bin/preau.js migrate >/dev/null
if psql -d "$DB" -tAc "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
  psql -d "$DB" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
fi
psql -d "$DB" -qc "INSERT INTO collectivites (name, kind) VALUES ('Région de bench', 'REGION')"

statements() { # db [reset]: clears pg_stat_statements, or prints its top ten by total time
  psql -d "$1" -tAc "SHOW shared_preload_libraries" | grep -q pg_stat_statements || return 0
  if [ "${2:-}" = reset ]; then psql -d "$1" -qtAc "SELECT pg_stat_statements_reset()" >/dev/null; return; fi
  psql -d "$1" -c "SELECT round(total_exec_time / 1000) AS total_s, calls, round(mean_exec_time) AS mean_ms, rows,
    left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time DESC LIMIT 10"
}

one() { # label academy-folder database
  DATABASE_URL="postgres://postgres@$PGHOST:$PGPORT/$3" timed_import "$1" "$2" "$OUT"
}

# Rows inserted, updated or deleted per table since the statistics were last
# reset, but for the run's own journal: its job row, its audit entry and the
# keys it saw (provisioning_seen, emptied at its end).
writes() { # db
  psql -d "$1" -tAF' ' -c "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables
    WHERE relname NOT IN ('provisioning_seen', 'jobs', 'audit_log') AND n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY 1"
}

run() { # label folder [database]: the academies one after the other, or all at once with CONCURRENT=1
  local label=$1 folder=$2 db=${3:-$DB} pids=() started; started=$(date +%s.%N)
  statements "$db" reset
  psql -d "$db" -qtAc "SELECT pg_stat_reset()" >/dev/null
  for academy in "$folder"/AC-*; do
    if [ -n "${CONCURRENT:-}" ]; then one "$label" "$academy" "$db" & pids+=($!); else one "$label" "$academy" "$db"; fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || exit 1; done
  printf '%-10s %-12s wall %.1f s\n' "$label" "(all)" "$(echo "$(date +%s.%N) - $started" | bc)"
  statements "$db" >"$OUT/$label.statements"
  sleep 1 # the import's connections report their statistics as they close
  writes "$db" >"$OUT/$label.writes"
  printf '%-10s %-12s rows written to the directory: %d (per table in %s)\n' "$label" "(all)" \
    "$(awk '{s += $2} END {print s + 0}' "$OUT/$label.writes")" "$OUT/$label.writes"
}
for phase in $PHASES; do
  case $phase in
    full | reimport) run "$phase" "$Y1" ;;
    year2)
      # The delta applies to year 1's directory: it runs on a copy taken before year 2.
      if [[ " $PHASES " == *" delta "* ]]; then
        psql -d postgres -qc "DROP DATABASE IF EXISTS ${DB}_delta" -c "CREATE DATABASE ${DB}_delta TEMPLATE $DB"
      fi
      run year2 "$Y2" ;;
    delta) run delta "${DELTA:?DELTA: the --delta folder of year 2}" "${DB}_delta" ;;
  esac
done
psql -d "$DB" -tAc "SELECT profile, status, count(*) FROM accounts GROUP BY 1, 2 ORDER BY 1, 2"
