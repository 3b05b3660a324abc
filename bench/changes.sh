#!/usr/bin/env bash
# The change feed's cost on a load: a fresh database on the PostgreSQL server, the students and
# crosswalk, then a 201,890-row grades file (first load) and the same file with 1 % of rows changed.
# Run it with the jar before and after a change, several times in turn: the machine is shared.
#
#   bench/changes.sh JAR LABEL     (expects DIR=... holding data/ and changed/, see docs/benchmarks.md)
set -euo pipefail
cd "${DIR:-/tmp/chgbench}"
jar=$1; label=$2; db=chg_bench_$label
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
rm -rf store-$label
S=(--data-dir store-$label --db-url jdbc:postgresql://127.0.0.1:5432/$db)
java -Xmx512m -jar $jar district add "${S[@]}" --code bench --name "Bench ISD" --state TX --sis standard >/dev/null
java -Xmx512m -jar $jar ingest "${S[@]}" --district bench --json data/students_20261128.txt data/course_crosswalk_20261128.txt >/dev/null
for night in first changed; do
  f=data/grades_current_20261128.txt; [ $night = changed ] && f=changed/grades_current_20261128.txt
  java -Xmx512m -jar $jar ingest "${S[@]}" --district bench --json $f | python3 -c "
import json,sys
for l in sys.stdin:
  r=json.loads(l); print('$label', '$night', r['status'], r['rowsRead'], r['added'] if 'added' in r else '', r.get('updated',''), r['durationMs'])"
done
