#!/usr/bin/env bash
# A first load of a large district's grades, step by step: a fresh database on the PostgreSQL
# server, the district's other files, then one `ingest` of the grades history and current files.
# Prints each run's status, rows and processing time, the ingest's wall time and peak RSS, and the
# statements PostgreSQL took longer than half a second over (log_min_duration_statement, set for
# the ingest and reset after).
#
#   bench/first-load.sh [STUDENTS] [JAR]     default 200000 (about 8 M grade rows), target's jar
#
# Needs psql, python3, /usr/bin/time, the PostgreSQL server at 127.0.0.1:5432 and read access to
# its log under /var/log/postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-200000}
jar=${2:-}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
  jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)
fi
out=bench/out
data="$out/data-standard-$students"
if [ ! -d "$data" ]; then
  java -Xmx512m -jar "$jar" generate --sis standard --state TX --students "$students" --seed 1 \
    --date 2026-11-28 --out "$data" > /dev/null
fi
db=hub_first_load
store="$out/first-load-store"
rm -rf "$store"
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
hub=(java -Xmx512m -jar "$jar")
args=(--data-dir "$store" --db-url "jdbc:postgresql://127.0.0.1:5432/$db")
"${hub[@]}" district add "${args[@]}" --code bench --name "Bench ISD" --state TX --sis standard > /dev/null
others=()
for f in "$data"/*; do
  case "$f" in *grades_*) ;; *) others+=("$f") ;; esac
done
"${hub[@]}" ingest "${args[@]}" --district bench --json "${others[@]}" > "$out/first-load-others.json"

log=$(ls -t /var/log/postgresql/*.log | head -n 1)
start=$(wc -l < "$log")
psql -h 127.0.0.1 -U postgres -qc "alter system set log_min_duration_statement = 500" -c "select pg_reload_conf()" > /dev/null
trap 'psql -h 127.0.0.1 -U postgres -qc "alter system reset log_min_duration_statement" -c "select pg_reload_conf()" > /dev/null' EXIT
/usr/bin/time -f "wall %e s, peak RSS %M KB" "${hub[@]}" ingest "${args[@]}" --district bench --json \
  "$data"/grades_history_*.txt "$data"/grades_current_*.txt > "$out/first-load.json" || true
python3 - "$out/first-load.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    print(f"{o['file'].split('/')[-1]}: {o['status']}, {o['rowsRead']:,} rows, {o.get('durationMs', 0) / 1000:.1f} s processing")
PY
tail -n +$((start + 1)) "$log" | grep -o "duration: [0-9.]* ms  .\{0,100\}" || true
psql -h 127.0.0.1 -U postgres -qc "drop database $db"
