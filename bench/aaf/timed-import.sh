# Sourced by the import benchmarks (import-bench.sh, import-bench-pglite.sh),
# from the repository's root.
# timed_import label academy-folder out-folder: one `preau import aaf` of the
# academy under /usr/bin/time -v, on the database the environment names
# (DATABASE_URL, or PREAU_DATA for PGlite); keeps its report, log and timings
# in out-folder and prints wall time, CPU, peak RSS, the load average after
# the run (other work on the machine shows in the wall time) and the import's
# last line.
timed_import() {
  local label=$1 academy=$2 out=$3 name
  name=$(basename "$academy")
  /usr/bin/time -v -o "$out/$label-$name.time" \
    node apps/server/bin/preau.js import aaf "$academy" --academy "$name" --report "$out/$label-$name.json" >"$out/$label-$name.log" 2>&1 \
    || { echo "$label $name failed, see $out/$label-$name.log"; tail -5 "$out/$label-$name.log"; exit 1; }
  printf '%-10s %-12s wall %-10s CPU %6.1f s  peak RSS %6d MB  load %s  %s\n' "$label" "$name" \
    "$(grep 'Elapsed (wall' "$out/$label-$name.time" | awk '{print $NF}')" \
    "$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out/$label-$name.time")" \
    "$(( $(grep 'Maximum resident' "$out/$label-$name.time" | awk '{print $NF}') / 1024 ))" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$(tail -1 "$out/$label-$name.log")"
}
