#!/usr/bin/env bash
# The hub beside the database's own limit and a common loader, on the same grades files: the
# hub's end-to-end ingest (parse, validate, diff, publish) into PostgreSQL, psql's \copy of the
# same rows into a bare table of the same columns (no key, no index), and pgloader loading the same
# file into that table. Also the hub's peak memory at each size, and the floor of any load that
# keeps what the hub keeps: the hub's own live rows (their key and hashes, which make the nightly
# deltas and the per-record reads possible), already encoded, copied in binary from a local file
# into a bare table of the live table's columns, then given the live table's key. No parsing,
# validating, hashing or encryption is in it, so it bounds the hub from below. Writes
# bench/out/compare.md; docs/benchmarks.md records the figures.
#
#   bench/compare.sh [STUDENTS...]     default: 25000 200000 (about 1 M and 8 M grade rows)
#
# Needs psql, pgloader (Debian: apt-get install pgloader) and /usr/bin/time, and the PostgreSQL
# server at 127.0.0.1:5432 (user postgres, trust).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(25000 200000)
fi

./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)
hub() { java -Xmx512m -jar "$jar" "$@"; }
db=hub_compare
pg() { psql -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$@"; }
now() { date +%s.%N; }

results="$out/compare.md"
{
  echo "# The hub, \\copy and pgloader on the same grades files ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "The hub's wall time includes starting the JVM and the hub (about 10 s); its processing time is"
  echo "the runs' own (parse, validate, stage, diff, publish, commit). Ratios use the wall time."
  echo
  echo "| students | grade rows | hub: s wall | hub: s processing | hub: rows/s | \\copy: s | pgloader: s | floor: s | hub / \\copy | floor / \\copy | hub / floor | hub / pgloader | hub peak RSS |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$results"

for students in "${sizes[@]}"; do
  data="$out/data-standard-$students"
  if [ ! -d "$data" ]; then
    hub generate --sis standard --state TX --students "$students" --seed 1 --date 2026-11-28 --out "$data" > /dev/null
  fi
  grades=("$data"/grades_history*.txt "$data"/grades_current*.txt)
  others=()
  for f in "$data"/*; do
    case "$f" in *grades_*) ;; *) others+=("$f") ;; esac
  done
  rows=0
  for f in "${grades[@]}"; do
    rows=$(( rows + $(wc -l < "$f") - 1 ))
  done

  # The hub: a fresh database; the district's other files first (grades name its students and
  # courses), then the grades files alone, timed from the command's start to its end.
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
  store=(--data-dir "$out/store-compare" --db-url "jdbc:postgresql://127.0.0.1:5432/$db")
  rm -rf "$out/store-compare"
  hub district add "${store[@]}" --code bench --name "Bench ISD" --state TX --sis standard > /dev/null
  hub ingest "${store[@]}" --district bench --json "${others[@]}" > "$out/compare-others.json"
  /usr/bin/time -f "%e %M" -o "$out/time.txt" \
    java -Xmx512m -jar "$jar" ingest "${store[@]}" --district bench --json "${grades[@]}" \
    > "$out/compare-hub-$students.json"
  read -r hub_wall hub_rss < "$out/time.txt"
  if grep -qv '"status":"LOADED"' "$out/compare-hub-$students.json"; then
    echo "the hub did not load every grades file: see $out/compare-hub-$students.json" >&2
    exit 1
  fi

  # The floor: the rows as the hub keeps them, dumped once in COPY's binary form, copied into a
  # bare table of the live table's columns from a checkpoint, then keyed as the live table is.
  floor_file="$out/floor-$students.bin"
  pg -c "\\copy (select * from grades where district = 'bench') to '$floor_file' with (format binary)"
  pg -c "create table floor_grades (like grades including defaults)" -c "checkpoint"
  start=$(now)
  pg -c "\\copy floor_grades from '$floor_file' with (format binary)"
  pg -c "alter table floor_grades add primary key (rec_key, district) with (fillfactor = 80)"
  floor_s=$(seconds "$start" "$(now)")
  floored=$(pg -c "select count(*) from floor_grades")
  [ "$floored" -eq "$rows" ] || { echo "the floor loaded $floored rows of $rows" >&2; exit 1; }
  rm -f "$floor_file"
  pg -c "drop table floor_grades" -c "checkpoint"

  # A bare table with the file's columns, all text: what COPY can do with no key to keep.
  columns=$(head -n 1 "${grades[0]}" | tr -d '\r')
  ddl=$(echo "$columns" | tr '|' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
  pg -c "create table bare_grades ($ddl)"

  start=$(now)
  for f in "${grades[@]}"; do
    pg -c "\\copy bare_grades from '$f' with (format csv, delimiter '|', header true)"
  done
  copy_s=$(seconds "$start" "$(now)")
  copied=$(pg -c "select count(*) from bare_grades")
  [ "$copied" -eq "$rows" ] || { echo "\\copy loaded $copied rows of $rows" >&2; exit 1; }

  pg -c "truncate bare_grades"
  fields=$(echo "$columns" | tr '|' ',')
  start=$(now)
  for f in "${grades[@]}"; do
    pgloader --quiet --type csv --field "$fields" \
      --with "skip header = 1" --with "fields terminated by '|'" \
      --with "fields optionally enclosed by '\"'" \
      "$f" "postgresql://postgres@127.0.0.1:5432/$db?tablename=bare_grades" > "$out/pgloader.log" 2>&1
  done
  pgloader_s=$(seconds "$start" "$(now)")
  loaded=$(pg -c "select count(*) from bare_grades")
  [ "$loaded" -eq "$rows" ] || { echo "pgloader loaded $loaded rows of $rows" >&2; exit 1; }

  python3 - "$students" "$rows" "$hub_wall" "$copy_s" "$pgloader_s" "$floor_s" "$hub_rss" \
    "$out/compare-hub-$students.json" >> "$results" <<'PY'
import json, sys
students, rows, hub, copy, pgl, floor, rss, runs = sys.argv[1:]
rows, hub, copy, pgl, floor, rss = int(rows), float(hub), float(copy), float(pgl), float(floor), int(rss)
processing = sum(json.loads(line)["durationMs"] for line in open(runs)) / 1000
print(f"| {int(students):,} | {rows:,} | {hub:.1f} | {processing:.1f} | {int(rows / processing):,}"
      f" | {copy:.1f} | {pgl:.1f} | {floor:.1f} | {hub / copy:.2f} | {floor / copy:.2f}"
      f" | {hub / floor:.2f} | {hub / pgl:.2f} | {rss // 1024} MB |")
PY
done

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db"
cat "$results"
