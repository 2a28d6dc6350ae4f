#!/usr/bin/env bash
# Analytics at scale (issue 12): writes N demo records (default 1,000,000) into a scratch data dir,
# starts the gateway on it and times the overview (30 days and last 24 hours), the 30-day hourly
# series and a breakdown, five times each. Usage: bench/analytics.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000000}
data=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$root/switchboard" demo-data --requests "$n" --days 30 --data "$data"
SWITCHBOARD_MASTER_KEY=bench-master SWITCHBOARD_CDS=0 "$root/switchboard" --data "$data" --port 18093 >/dev/null 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:18093/health/ready >/dev/null; do sleep 0.5; done
from=$(date -u -d '30 days ago' +%FT%TZ)
api=http://127.0.0.1:18093/admin/v1/analytics
for q in "overview?from=$from" "overview" "timeseries?bucket=1h&from=$from" "breakdown?by=model&from=$from"; do
  printf '%-45s' "$q"
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total} ' -H 'Authorization: Bearer bench-master' "$api/$q"
  done
  echo
done
