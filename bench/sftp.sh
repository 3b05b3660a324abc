#!/usr/bin/env bash
# SFTP upload throughput: the same file over loopback to OpenSSH's own sshd/sftp-server and to the
# hub's SFTP server, side by side, with the same client (OpenSSH sftp, Ed25519 key, its default
# cipher). Writes bench/out/sftp.md; docs/benchmarks.md records the figures.
#
#   bench/sftp.sh [MB]     default 1024
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-1024}
out=bench/out/sftp
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)

command -v /usr/sbin/sshd >/dev/null || { echo "needs openssh-server (apt-get install openssh-server)" >&2; exit 1; }
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true package
jar=$(ls target/pathways-hub-*.jar | grep -v original | head -n 1)

head -c $((mb * 1048576)) /dev/urandom > "$out/payload.bin"
ssh-keygen -q -t ed25519 -N "" -f "$out/client"
ssh-keygen -q -t ed25519 -N "" -f "$out/sshd_host"
cp "$out/client.pub" "$out/authorized_keys"
mkdir -p "$out/openssh-inbox"
cat > "$out/sshd_config" <<CONF
Port 12022
ListenAddress 127.0.0.1
HostKey $out/sshd_host
AuthorizedKeysFile $out/authorized_keys
PasswordAuthentication no
PermitRootLogin prohibit-password
StrictModes no
Subsystem sftp internal-sftp
PidFile $out/sshd.pid
CONF
mkdir -p /run/sshd   # sshd refuses to start without its privilege separation directory
/usr/sbin/sshd -f "$out/sshd_config"

hub() { java -Xmx512m -jar "$jar" "$@"; }
hub district add --data-dir "$out/hub-data" --code bench --name "Bench ISD" --state TX --sis standard > /dev/null
hub sftp-user add --data-dir "$out/hub-data" --district bench --user bench-job --public-key "$out/client.pub" --no-password > /dev/null
java -Xmx512m -jar "$jar" serve --data-dir "$out/hub-data" --server.port=0 --sftp.port=12023 --sftp.host=127.0.0.1 > "$out/hub.log" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true; kill $(cat "$out/sshd.pid") 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q "SFTP server listening" "$out/hub.log" && break; sleep 1; done

opts=(-i "$out/client" -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null)
put() { # port user remote-path
  local start end
  echo "put $out/payload.bin $3" > "$out/batch"
  start=$(date +%s.%N)
  sftp -q -b "$out/batch" -P "$1" "${opts[@]}" "$2@127.0.0.1" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
# The payload is not a data file the hub would load: named .bin it is stored in the vault and
# rejected as unknown, which is the upload path without the load. One warm-up upload to each
# server, then three each, alternating; the hub's run of one upload must end before the next
# starts, so that its processing does not share the two cores with the next upload.
rejected() { grep -c "): REJECTED" "$out/hub.log" || true; }
hub_put() { # n
  local s
  s=$(put 12023 bench-job "inbox/payload$1.bin")
  for _ in $(seq 1 120); do [ "$(rejected)" -ge "$1" ] && break; sleep 1; done
  echo "$s"
}
put 12022 root "$out/openssh-inbox/payload.bin" > /dev/null
hub_put 1 > /dev/null
openssh_runs=() hub_runs=()
for r in 1 2 3; do
  openssh_runs+=("$(put 12022 root "$out/openssh-inbox/payload.bin")")
  hub_runs+=("$(hub_put $((r + 1)))")
done
median() { printf "%s\n" "$@" | sort -g | sed -n 2p; }
openssh_s=$(median "${openssh_runs[@]}")
hub_s=$(median "${hub_runs[@]}")
{
  echo "# SFTP upload of $mb MB over loopback ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "Median of three uploads each, after one warm-up upload to each server."
  echo
  echo "| server | runs (s) | median s | MB/s |"
  echo "| --- | --- | ---: | ---: |"
  printf "| OpenSSH sshd (internal-sftp) | %s | %.1f | %.0f |\n" "$(printf "%.1f " "${openssh_runs[@]}")" "$openssh_s" "$(echo "$mb / $openssh_s" | bc -l)"
  printf "| hub (MINA SSHD, stored in the vault before the close is answered) | %s | %.1f | %.0f |\n" "$(printf "%.1f " "${hub_runs[@]}")" "$hub_s" "$(echo "$mb / $hub_s" | bc -l)"
  printf "\nhub / OpenSSH throughput: %.0f %%\n" "$(echo "100 * $openssh_s / $hub_s" | bc -l)"
} | tee "$out/../sftp.md"
