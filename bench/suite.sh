#!/usr/bin/env bash
# Every load benchmark in one run, one after another on a quiet machine: the hub beside \copy and
# pgloader (compare.sh), nightly deltas (delta.sh) and many districts over SFTP (sftp-many.sh).
# Each writes its own table under bench/out/; this script gathers them into bench/out/suite.md.
# The single-upload SFTP throughput (sftp.sh) needs OpenSSH's sshd and runs on its own.
#
#   bench/suite.sh [STUDENTS] [DISTRICTS] [WINDOW_S]     defaults: 200000 200 600 (about 35 minutes)
#   bench/suite.sh 25000 10 60                            a quick pass (about 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-200000}
districts=${2:-200}
window=${3:-600}
out=bench/out
mkdir -p "$out"

sizes=("$students")
if [ "$students" -gt 25000 ]; then
  sizes=(25000 "$students") # memory at 1 M and at the large size, side by side
fi
bench/compare.sh "${sizes[@]}"
bench/delta.sh "$students"
bench/sftp-many.sh "$districts" "$window" 300

{
  echo "# Benchmark suite ($(date -u +%Y-%m-%d), $(nproc) cores)"
  for part in compare delta sftp-many; do
    echo
    sed 's/^# /## /' "$out/$part.md"
  done
} > "$out/suite.md"
cat "$out/suite.md"
