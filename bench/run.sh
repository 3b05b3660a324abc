#!/usr/bin/env bash
# The ingestion benchmark: generates a large district with the hub's own generator and loads it
# end to end (parse, validate, diff, publish) into the embedded store and into the PostgreSQL
# server, with the heap capped at 512 MB, then loads the same files again (the unchanged night).
# Writes bench/out/results.md; docs/benchmarks.md records the figures.
#
#   bench/run.sh [STUDENTS] [PROFILE]     defaults: 200000 standard
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-200000}
profile=${2:-standard}
out=bench/out
mkdir -p "$out"

./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)
hub() { java -Xmx512m -jar "$jar" "$@"; }

data="$out/data-$profile-$students"
if [ ! -d "$data" ]; then
  hub generate --sis "$profile" --state TX --students "$students" --seed 1 --date 2026-11-28 --out "$data"
fi
files=("$data"/*)
bytes=$(du -cb "${files[@]}" | tail -n 1 | cut -f1)

results="$out/results.md"
{
  echo "# Ingest benchmark: $students students, profile $profile ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "Files: $(( bytes / 1048576 )) MB. Heap capped with -Xmx512m. Peak RSS is the whole hub process."
  echo
} > "$results"

run_store() {
  local label=$1; shift
  local store=("$@")
  hub district add "${store[@]}" --code bench --name "Bench ISD" --state TX --sis "$profile" > /dev/null
  for night in first unchanged; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" java -Xmx512m -jar "$jar" ingest "${store[@]}" --district bench --json "${files[@]}" > "$out/$label-$night.json"
    read -r wall rss < "$out/time.txt"
    {
      echo "## $label, $night night: ${wall} s wall, peak RSS $(( rss / 1024 )) MB"
      echo
      echo "| data set | rows | status | seconds | rows/s |"
      echo "| --- | ---: | --- | ---: | ---: |"
      python3 - "$out/$label-$night.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    ds = r["dataSet"] + ("/" + r["part"] if r["part"] else "")
    s = r["durationMs"] / 1000
    rate = int(r["rowsRead"] / s) if s > 0 else 0
    print(f"| {ds} | {r['rowsRead']:,} | {r['status']} | {s:.1f} | {rate:,} |")
PY
      echo
    } >> "$results"
  done
}

rm -rf "$out/store-embedded"
run_store "embedded PostgreSQL" --data-dir "$out/store-embedded"

db=hub_bench
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
rm -rf "$out/store-server"
run_store "PostgreSQL server" --data-dir "$out/store-server" --db-url "jdbc:postgresql://127.0.0.1:5432/$db"

cat "$results"
