#!/usr/bin/env bash
# demo-data write rate and analytics at scale (issue 12): for each N (default 1,000,000 and
# 10,000,000) writes N demo records into a fresh scratch data dir with the real command (timed, with
# its CPU time), then starts the gateway on the last one and prints min/median/max of 11 calls of
# the 30-day overview and the 30-day hourly time series. Targets: >= 100,000 records/s, <= 100 ms,
# <= 200 ms. Usage: bench/demo-data.sh [N...]   (needs about 400 MB of disk per million records)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 10000000)
data=""
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$data" ] && rm -rf "$data"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for n in "${sizes[@]}"; do
  [ -n "$data" ] && rm -rf "$data"
  data=$(mktemp -d)
  echo "== demo-data --requests $n --days 30"
  TIMEFORMAT='   wall %R s, CPU %U s user + %S s sys'
  time "$root/switchboard" demo-data --requests "$n" --days 30 --data "$data" | tail -1
done
port=18097
SWITCHBOARD_MASTER_KEY=bench-master SWITCHBOARD_CDS=0 "$root/switchboard" --data "$data" --port $port >/dev/null 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done
from=$(date -u -d '30 days ago' +%FT%TZ)
api="http://127.0.0.1:$port/admin/v1/analytics"
for q in "overview?from=$from" "timeseries?bucket=1h&from=$from"; do
  printf '%-50s' "$q"
  for _ in $(seq 11); do
    curl -s -o /dev/null -w '%{time_total}\n' -H 'Authorization: Bearer bench-master' "$api/$q"
  done | sort -n | awk '{a[NR]=$1} END {printf "min %.3f  median %.3f  max %.3f s\n", a[1], a[6], a[NR]}'
done
