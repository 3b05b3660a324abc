#!/usr/bin/env bash
# Nightly deltas: what a night costs when little changed, beside the first load of the same files.
# A generated standard-layout Texas district's grades (history and current) are loaded into a fresh
# database on the PostgreSQL server, then sent again three ways:
#   - the same bytes (recognised by the file's SHA-256, nothing parsed);
#   - the same rows in another order (every line recognised by its text; none written);
#   - the original with 1 % of the rows changed (a numeric grade on every 100th row).
# Each night is one `ingest` of both files; its processing time is the runs' own, its wall time
# includes starting the JVM. Writes bench/out/delta.md; docs/benchmarks.md records the figures.
#
#   bench/delta.sh [STUDENTS]     default 200000 (about 8 M grade rows)
#
# Needs psql, python3 and /usr/bin/time, and the PostgreSQL server at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
students=${1:-200000}

./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)
hub() { java -Xmx512m -jar "$jar" "$@"; }

data="$out/data-standard-$students"
if [ ! -d "$data" ]; then
  hub generate --sis standard --state TX --students "$students" --seed 1 --date 2026-11-28 --out "$data" > /dev/null
fi
nights="$out/delta-$students"
rm -rf "$nights" && mkdir -p "$nights/reordered" "$nights/changed"
python3 - "$data" "$nights" <<'PY'
import os, random, sys
data, nights = sys.argv[1:]
for name in sorted(os.listdir(data)):
    if not name.startswith("grades_"):
        continue
    with open(os.path.join(data, name), encoding="utf-8") as f:
        header = f.readline()
        rows = f.read().splitlines()
    grade = header.rstrip("\n").split("|").index("numeric_grade")
    changed = []
    for i, row in enumerate(rows):
        if i % 100 == 50:
            f = row.split("|")
            f[grade] = "71" if f[grade] != "71" else "72"
            row = "|".join(f)
        changed.append(row)
    with open(os.path.join(nights, "changed", name), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(changed) + "\n")
    random.Random(7).shuffle(rows)
    with open(os.path.join(nights, "reordered", name), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(rows) + "\n")
PY

db=hub_delta
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
store=(--data-dir "$nights/store" --db-url "jdbc:postgresql://127.0.0.1:5432/$db")
hub district add "${store[@]}" --code bench --name "Bench ISD" --state TX --sis standard > /dev/null
others=()
for f in "$data"/*; do
  case "$f" in *grades_*) ;; *) others+=("$f") ;; esac
done
hub ingest "${store[@]}" --district bench --json "${others[@]}" > "$nights/others.json"

night() {
  local label=$1 dir=$2
  /usr/bin/time -f "%e %M" -o "$nights/time.txt" \
    java -Xmx512m -jar "$jar" ingest "${store[@]}" --district bench --json \
    "$dir"/grades_history_*.txt "$dir"/grades_current_*.txt > "$nights/$label.json" || true
  read -r wall rss < "$nights/time.txt"
  echo "$label $wall $rss" >> "$nights/nights.txt"
}
: > "$nights/nights.txt"
night first "$data"
night same-bytes "$data"
night reordered "$nights/reordered"
night changed "$nights/changed"

python3 - "$nights" "$students" > "$out/delta.md" <<'PY'
import json, os, sys
nights, students = sys.argv[1], int(sys.argv[2])
labels = {
    "first": "first load",
    "same-bytes": "the same bytes again",
    "reordered": "the same rows, another order",
    "changed": "1 % of rows changed",
}
rows = []
for line in open(os.path.join(nights, "nights.txt")):
    label, wall, rss = line.split()
    runs = [json.loads(l) for l in open(os.path.join(nights, label + ".json"))]
    ms = sum(r["durationMs"] for r in runs)
    written = sum(r.get("added", 0) + r.get("updated", 0) + r.get("deactivated", 0) for r in runs)
    status = ",".join(sorted({r["status"] for r in runs}))
    rows.append((label, float(wall), int(rss), ms / 1000, written, status,
                 sum(r["rowsRead"] for r in runs)))
first = rows[0]
print(f"# Nightly deltas, {students:,} students ({first[6]:,} grade rows in two files)")
print()
print("| night | runs | rows read | records written | s processing | of first load | s wall | of first load | peak RSS |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label, wall, rss, s, written, status, read in rows:
    print(f"| {labels[label]} | {status} | {read:,} | {written:,} | {s:.1f} | {100 * s / first[3]:.0f} % "
          f"| {wall:.1f} | {100 * wall / first[1]:.0f} % | {rss // 1024} MB |")
PY
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db"
cat "$out/delta.md"
