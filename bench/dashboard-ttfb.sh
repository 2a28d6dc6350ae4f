#!/usr/bin/env bash
# Dashboard time to first byte at scale (issue 13: no page over 300 ms with 10 million recorded
# requests). Logs in to the dashboard like a browser (login cookie + form token, then the session
# cookie) and prints, for every page, the median of five `time_starttransfer`s, in ms.
#
#   bench/dashboard-ttfb.sh DATA_DIR        # a data dir already filled with demo-data
#   bench/dashboard-ttfb.sh                 # fills a scratch dir with N records first (N=10000000)
#
# Filling 10,000,000 records takes several minutes; reusing a filled dir (copy it: the gateway
# writes to it) makes re-runs quick. PORT (default 18094), RUNS (default 5) and SB (the command
# that runs the gateway, default ./switchboard, e.g. "java -jar /tmp/switchboard.jar") can be set.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${PORT:-18094}
runs=${RUNS:-5}
base=http://127.0.0.1:$port
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then
  data=$1
else
  data=$work/data
  "$root/switchboard" demo-data --requests "${N:-10000000}" --days 30 --data "$data"
fi
SWITCHBOARD_MASTER_KEY=bench-master SWITCHBOARD_CDS=0 ${SB:-"$root/switchboard"} --data "$data" --port "$port" \
  >"$work/gateway.log" 2>&1 &
pid=$!
until curl -sf "$base/health/ready" >/dev/null; do sleep 0.5; done

# Log in: the form's token must match the sb_login cookie; the answer sets sb_session.
jar=$work/cookies
token=$(curl -s -c "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | cut -d'"' -f4)
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$token" \
  --data-urlencode "master_key=bench-master" "$base/login"
grep -q sb_session "$jar" || { echo "login failed" >&2; exit 1; }

ttfb() { # median of $runs first-byte times of GET $1, in ms
  for _ in $(seq "$runs"); do
    curl -s -o /dev/null -b "$jar" -w '%{time_starttransfer}\n' "$base$1"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]*1000}'
}
page() { # GET $1 once, the body on stdout (for links to follow)
  curl -s -b "$jar" "$base$1"
}
older() { # the "Older" link of a requests page
  grep -o 'href="[^"]*" id="older"' | cut -d'"' -f2 | sed 's/&amp;/\&/g'
}

paths=(
  "/?range=1h" "/?range=24h" "/?range=7d" "/?range=30d"
  "/?range=30d&model=openai%2Fgpt-4o" "/?range=30d&key_id=key_batch" "/?range=24h&provider=google"
  "/?range=24h&key_id=key_batch&tag=prod" "/?range=7d&key_id=key_batch&tag=prod"
  "/requests" "/requests?range=30d" "/requests?range=30d&model=google%2Fgemini-2.5-pro"
  "/requests?range=30d&status=503" "/requests?range=30d&key_id=key_eval&policy=smart"
  "/requests?range=30d&tag=experiment-a" "/requests?range=1h&provider=mistral"
)
# paging: the second page, and the tenth, of the 30-day log
next=$(page "/requests?range=30d" | older)
paths+=("$next")
for _ in 2 3 4 5 6 7 8 9; do next=$(page "$next" | older); done
paths+=("$next")
# a request's detail: the first of the log
detail=$(page "/requests?range=30d" | grep -o '<a href="/requests/[^"?]*">' | head -1 | cut -d'"' -f2)
paths+=("$detail" "/policies" "/keys" "/providers" "/settings")

printf '%-70s %s\n' "page" "TTFB ms (median of $runs)"
for p in "${paths[@]}"; do
  status=$(curl -s -o /dev/null -b "$jar" -w '%{http_code}' "$base$p") # also warms the page once
  printf '%-70s %s%s\n' "$p" "$(ttfb "$p")" "$([ "$status" = 200 ] || echo " (HTTP $status)")"
done
