#!/usr/bin/env bash
# Many districts at once: N districts upload their nightly files to one hub over SFTP, each starting
# at a random (seeded) moment inside a window, with real OpenSSH sftp clients on loopback. Checks
# that every file was processed, none twice and none lost, and records the time from upload
# completed (the received file's received_at, set as the upload closed or was renamed) to loaded
# (its run's finished_at) as p50/p95/p99. Writes bench/out/sftp-many.md; exits 1 when a file was
# lost or processed twice.
#
#   bench/sftp-many.sh [DISTRICTS] [WINDOW_S] [STUDENTS] [DRAIN_S]     defaults: 200 600 300 1800
#
# DRAIN_S is how long to wait, after the window, for the last files to be loaded. Each district
# has its own SFTP account and Ed25519 key and sends its SIS profile's files (profiles vary among
# the Texas ones), in load order; every third district writes each file as NAME.part and renames
# it, as many SIS schedulers do. The districts, accounts and files are made with the hub's own
# commands (district add, sftp-user add, generate), run one after another in a single JVM:
# starting the JVM for each takes about 3.5 s, 25 minutes for 200 districts.
#
# Needs openssh-client, psql and python3, and the PostgreSQL server at 127.0.0.1:5432 (user
# postgres, trust). The database hub_many is dropped and made again; it is kept afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
districts=${1:-200}
window=${2:-600}
students=${3:-300}
drain=${4:-1800}
seed=42
port=12031
db=hub_many
out=bench/out/sftp-many
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in sftp ssh-keygen psql python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
now() { date +%s.%N; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$@"; }
pg() { psql -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)

# The hub's commands, one per line of the batch (output file, then the arguments, separated by
# tabs), in one JVM: the jar unpacked so that a small launcher can call the hub's command line.
java -Djarmode=tools -jar "$jar" extract --destination "$out/jar" > /dev/null
cat > "$out/HubBatch.java" <<'JAVA'
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

public class HubBatch {
  public static void main(String[] a) throws Exception {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    var err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    var took = new java.util.TreeMap<String, long[]>();
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.split("\t");
      int rc;
      long start = System.nanoTime();
      try (var out = new PrintWriter(Files.newBufferedWriter(Path.of(f[0]), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
        rc = org.pathways.hub.cli.HubCommand.run(out, err, Arrays.copyOfRange(f, 1, f.length));
      }
      long[] t = took.computeIfAbsent(f[1], k -> new long[2]);
      t[0]++;
      t[1] += System.nanoTime() - start;
      if (rc != 0) {
        err.println("exit " + rc + ": " + String.join(" ", Arrays.copyOfRange(f, 1, f.length)));
        System.exit(1);
      }
    }
    took.forEach((k, t) -> System.err.printf("%s: %d in %.1f s%n", k, t[0], t[1] / 1e9));
    System.exit(0);
  }
}
JAVA
batch() { java -Xmx512m -cp "$out/jar/$(basename "$jar")" "$out/HubBatch.java"; }

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -c "create database $db"
store=$(printf '%s\t' --data-dir "$out/hub-data" --db-url "jdbc:postgresql://127.0.0.1:5432/$db")
profiles=(standard skyward-sms-tx powerschool-tx ascender-tx skyward-q-tx cognos-tx)
mkdir -p "$out/files" "$out/keys" "$out/batches"
codes=()
for i in $(seq 1 "$districts"); do
  code=$(printf 'isd%03d' "$i")
  codes+=("$code")
  profile=${profiles[$(( (i - 1) % ${#profiles[@]} ))]}
  ssh-keygen -q -t ed25519 -N "" -C "$code" -f "$out/keys/$code"
  printf '%s\tgenerate\t--sis\t%s\t--state\tTX\t--students\t%s\t--seed\t%s\t--date\t2026-11-28\t--out\t%s\n' \
    "$out/files/$code.generated" "$profile" "$students" "$i" "$out/files/$code" >> "$out/commands.tsv"
  printf '%s\tdistrict\tadd\t%s--code\t%s\t--name\tDistrict %s ISD\t--state\tTX\t--sis\t%s\n' \
    "$out/register.log" "$store" "$code" "$i" "$profile" >> "$out/commands.tsv"
  printf '%s\tsftp-user\tadd\t%s--district\t%s\t--user\t%s\t--public-key\t%s\t--no-password\n' \
    "$out/register.log" "$store" "$code" "$code" "$out/keys/$code.pub" >> "$out/commands.tsv"
done
start=$(now)
batch < "$out/commands.tsv"
setup_s=$(seconds "$start" "$(now)")
echo "generated and registered $districts districts in $setup_s s"

# Each district's batch: its files in the order the generator lists them (the load order: students
# and courses before the grades that name them), with the client's start and end recorded.
for i in $(seq 1 "$districts"); do
  code=${codes[$((i - 1))]}
  n=0
  for name in $(awk 'NR > 1 && /rows$/ { print $1 }' "$out/files/$code.generated"); do
    n=$((n + 1))
    if (( i % 3 == 0 )); then
      echo "put $out/files/$code/$name /inbox/$name.part"
      echo "rename /inbox/$name.part /inbox/$name"
      mode=part
    else
      echo "put $out/files/$code/$name /inbox/$name"
      mode=put
    fi
    printf '%s\t%s\t%s\t%s\n' "$code" "$name" "$n" "$mode" >> "$out/expected.tsv"
  done > "$out/batches/$code"
  [ "$n" -eq "$(ls "$out/files/$code" | wc -l)" ] || { echo "$code: generated files not listed" >&2; exit 1; }
done
pg -c "create schema bench" \
  -c "create table bench.expected (district text, file_name text, seq int, mode text)" \
  -c "create table bench.client (district text, offset_s double precision, started double precision, ended double precision, rc int)" \
  -c "\\copy bench.expected from '$out/expected.tsv'"

java -Xmx512m -jar "$jar" serve --data-dir "$out/hub-data" --db-url "jdbc:postgresql://127.0.0.1:5432/$db" \
  --server.port=0 --sftp.port=$port --sftp.host=127.0.0.1 > "$out/hub.log" 2>&1 &
hub_pid=$!
clients=()
cleanup() {
  for pid in "${clients[@]}"; do
    pkill -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  # A graceful stop, then a forced one: the scheduler may wait long for a running task.
  kill "$hub_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 1
  done
  kill -KILL "$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 120); do
  grep -q "SFTP server listening" "$out/hub.log" && break
  kill -0 "$hub_pid" 2>/dev/null || { echo "the hub stopped: see $out/hub.log" >&2; exit 1; }
  sleep 1
done
grep -q "SFTP server listening" "$out/hub.log" || { echo "the hub did not start: see $out/hub.log" >&2; exit 1; }

# Every district's client starts at its own seeded moment in the window.
opts=(-q -P "$port" -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no
  -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
RANDOM=$seed
t0=$(now)
for code in "${codes[@]}"; do
  whole=$(( (RANDOM * 32768 + RANDOM) % window ))
  millis=$(( RANDOM % 1000 ))
  printf -v offset '%d.%03d' "$whole" "$millis"
  (
    sleep "$offset"
    begin=$(now)
    rc=0
    sftp "${opts[@]}" -i "$out/keys/$code" -b "$out/batches/$code" "$code@127.0.0.1" \
      > "$out/batches/$code.log" 2>&1 || rc=$?
    printf '%s\t%s\t%s\t%s\t%s\n' "$code" "$offset" "$begin" "$(now)" "$rc" >> "$out/clients.tsv"
  ) &
  clients+=($!)
done

# Until every client has finished and no run is waiting, or the window and the drain are over.
expected=$(wc -l < "$out/expected.tsv")
deadline=$(( window + drain ))
while :; do
  sleep 10
  elapsed=$(seconds "$t0" "$(now)")
  done_clients=$( [ -f "$out/clients.tsv" ] && wc -l < "$out/clients.tsv" || echo 0)
  IFS='|' read -r received finished waiting < <(pg -c "select (select count(*) from received_file),
      count(*) filter (where status <> 'RECEIVED'), count(*) filter (where status = 'RECEIVED')
      from ingest_run")
  echo "${elapsed} s: clients done $done_clients/$districts, files received $received/$expected, runs finished $finished, waiting $waiting"
  if [ "$done_clients" -eq "$districts" ] && [ "$waiting" -eq 0 ]; then
    break
  fi
  if [ "$elapsed" -ge "$deadline" ]; then
    echo "timed out after $elapsed s" >&2
    break
  fi
  kill -0 "$hub_pid" 2>/dev/null || { echo "the hub stopped: see $out/hub.log" >&2; break; }
done
wall_s=$(seconds "$t0" "$(now)")
peak_rss=$(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$hub_pid/status" 2>/dev/null || echo "?")
hub_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f s", ($14 + $15) / hz }' "/proc/$hub_pid/stat" 2>/dev/null || echo "?")
cleanup
trap - EXIT
[ -f "$out/clients.tsv" ] && pg -c "\\copy bench.client from '$out/clients.tsv'"

# A run's "Run N (data set): STATUS" line is logged once per commit of its outcome.
logged_twice=$(grep -oE 'Run [0-9]+ \([^)]*\): [A-Z]+' "$out/hub.log" | awk '{ print $2 }' | sort | uniq -d | wc -l)
errors=$(grep -cE '\b(ERROR|WARN)\b' "$out/hub.log" || true)
results=$(find "$out/hub-data/buckets" -path '*/results/*.result.txt' 2>/dev/null | wc -l)

# Everything below comes from the hub's own tables.
pg -F $'\t' > "$out/figures.tsv" <<SQL
with f as (
  select e.district, e.file_name, rf.id as file_id, rf.received_at, r.id as run_id, r.status,
         r.started_at, r.finished_at, r.attempts
  from bench.expected e
  left join received_file rf on rf.district = e.district and rf.file_name = e.file_name
  left join ingest_run r on r.received_file_id = rf.id
), done as (
  select * from f where status is not null and status <> 'RECEIVED'
), per_district as (
  select district, max(received_at) as last_received, max(finished_at) as last_loaded from done group by district
)
select 'districts', count(*)::text from district
union all select 'sftp_accounts', count(*)::text from sftp_account
union all select 'clients_ok', count(*) filter (where rc = 0)::text from bench.client
union all select 'clients_failed', ((select count(*) from bench.client where rc <> 0) + $districts - (select count(*) from bench.client))::text
union all select 'expected', count(*)::text from bench.expected
union all select 'received', count(distinct (district, file_name))::text from f where file_id is not null
union all select 'received_files', count(*)::text from received_file
union all select 'received_twice', count(*)::text from (select 1 from received_file group by district, file_name having count(*) > 1) x
union all select 'unexpected', count(*)::text from received_file rf
  where not exists (select 1 from bench.expected e where e.district = rf.district and e.file_name = rf.file_name)
union all select 'runs', count(*)::text from ingest_run
union all select 'files_with_runs_twice', count(*)::text from (select 1 from ingest_run group by received_file_id having count(*) > 1) x
union all select 'duplicate_runs', count(*)::text from ingest_run where status = 'DUPLICATE'
union all select 'lost', count(*)::text from bench.expected e where not exists (select 1 from done
  where done.district = e.district and done.file_name = e.file_name)
union all select 'waiting', count(*)::text from ingest_run where status = 'RECEIVED'
union all select 'statuses', coalesce(string_agg(status || ' ' || n, ', ' order by status), '') from (select status, count(*) n from ingest_run group by status) s
union all select 'attempts', coalesce(string_agg(attempts || ': ' || n, ', ' order by attempts), '') from (select attempts, count(*) n from ingest_run group by attempts) a
union all select 'span_s', round(extract(epoch from max(finished_at) - min(received_at)))::text from done
union all select 'latency', (select string_agg(round(p::numeric, 2)::text, ' ') from unnest(percentile_cont(array[0.5, 0.95, 0.99])
  within group (order by extract(epoch from finished_at - received_at))) p) || ' ' || round(extract(epoch from max(finished_at - received_at))::numeric, 2) from done
union all select 'wait', (select string_agg(round(p::numeric, 2)::text, ' ') from unnest(percentile_cont(array[0.5, 0.95, 0.99])
  within group (order by extract(epoch from started_at - received_at))) p) || ' ' || round(extract(epoch from max(started_at - received_at))::numeric, 2) from done
union all select 'processing', (select string_agg(round(p::numeric, 2)::text, ' ') from unnest(percentile_cont(array[0.5, 0.95, 0.99])
  within group (order by extract(epoch from finished_at - started_at))) p) || ' ' || round(extract(epoch from max(finished_at - started_at))::numeric, 2) from done
union all select 'district', (select string_agg(round(p::numeric, 2)::text, ' ') from unnest(percentile_cont(array[0.5, 0.95, 0.99])
  within group (order by extract(epoch from last_loaded - last_received))) p) || ' ' || round(extract(epoch from max(last_loaded - last_received))::numeric, 2) from per_district
union all select 'client', (select string_agg(round(p::numeric, 2)::text, ' ') from unnest(percentile_cont(array[0.5, 0.95, 0.99])
  within group (order by ended - started)) p) || ' ' || round(max(ended - started)::numeric, 2) from bench.client where rc = 0
SQL
fig() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$out/figures.tsv"; }
row() { # label key: the p50/p95/p99/max of a figure as a table row
  read -r p50 p95 p99 max <<< "$(fig "$2")"
  echo "| $1 | ${p50:-} | ${p95:-} | ${p99:-} | ${max:-} |"
}
files=$(find "$out/files" -type f -not -name '*.generated' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s / 1048576 }')
lost=$(fig lost)
twice=$(( $(fig received_twice) + $(fig files_with_runs_twice) + $(fig duplicate_runs) + logged_twice ))

results_md="$out/../sftp-many.md"
{
  echo "# $districts districts over SFTP in $window s ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "One hub (all roles, -Xmx512m) on the PostgreSQL server; $districts OpenSSH sftp clients on loopback,"
  echo "each with its own account and Ed25519 key, starting at a random moment in the $window s window."
  echo "$students students per district, $expected files ($files MB), SIS profiles ${profiles[*]} in turn;"
  echo "every third district writes NAME.part and renames it. Setup (generate, district add, sftp-user add"
  echo "in one JVM): $setup_s s. Wall time from the clients' launch to the last run: $wall_s s."
  echo
  echo "| | |"
  echo "| --- | ---: |"
  echo "| districts / SFTP accounts | $(fig districts) / $(fig sftp_accounts) |"
  echo "| clients that finished without error / failed | $(fig clients_ok) / $(fig clients_failed) |"
  echo "| files expected | $expected |"
  echo "| expected files received | $(fig received) |"
  echo "| received files (all) / not expected | $(fig received_files) / $(fig unexpected) |"
  echo "| runs | $(fig runs) |"
  echo "| runs by status | $(fig statuses) |"
  echo "| **lost**: expected files with no finished run | **$lost** |"
  echo "| **twice**: files received twice / files with two runs / DUPLICATE runs / runs logged finished twice | **$(fig received_twice) / $(fig files_with_runs_twice) / $(fig duplicate_runs) / $logged_twice** |"
  echo "| runs still waiting | $(fig waiting) |"
  echo "| result files in the buckets | $results |"
  echo "| runs by attempts counted | $(fig attempts) |"
  echo "| first upload received to last run loaded | $(fig span_s) s |"
  echo "| hub peak RSS (VmHWM) / CPU time | $peak_rss / $hub_cpu |"
  echo "| ERROR or WARN lines in the hub's log | $errors |"
  echo
  echo "| seconds | p50 | p95 | p99 | max |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  row "**upload completed to loaded** (finished_at - received_at)" latency
  row "waiting for the worker (started_at - received_at)" wait
  row "processing (finished_at - started_at)" processing
  row "a district's last upload to its last file loaded" district
  row "an sftp client session (all of a district's files)" client
} | tee "$results_md"

if [ "$lost" -ne 0 ] || [ "$twice" -ne 0 ]; then
  echo "FAILED: $lost files lost, $twice processed twice" >&2
  exit 1
fi
