#!/usr/bin/env bash
# Memory and correctness with many concurrent streams (issue 17): N connections (default 1,000)
# stream at once through `./switchboard serve` (launcher defaults) to the shared kit's mock
# upstream, whose streams are slow (20 chunks, CHUNK_DELAY_MS apart: 10 s each by default), so
# every stream is open at the same time. Prints completed streams, non-2xx answers, the most
# upstream connections open at once, and the gateway's peak RSS (VmHWM).
#
#   bash bench/many-streams.sh                 # 1,000 streams, ~30 s
#   N=2000 SECONDS_=25 bash bench/many-streams.sh
#   SB_ROOT=/tmp/old-build bash bench/many-streams.sh   # another build (switchboard + target/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# the kit: $KIT, or ../shared/bench beside the checkout (or beside its worktree folder)
kit=${KIT:-$root/../shared/bench}
[ -d "$kit" ] || kit=$root/../../shared/bench
sb=${SB_ROOT:-$root}
n=${N:-1000}
secs=${SECONDS_:-20}
delay=${CHUNK_DELAY_MS:-500}
mock_port=${MOCK_PORT:-18380}
port=${SB_PORT:-18390}
work=$(mktemp -d /tmp/switchboard-many.XXXXXX)
[ -f "$sb/target/switchboard.jar" ] || (cd "$sb" && ./mvnw -q -B -DskipTests package)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$kit/mock-upstream.sh" --port "$mock_port" --chunks 20 --chunk-delay-ms "$delay" --write chunk \
  --run-dir "$work/mock" > "$work/mock.log" 2>&1 &
pids+=($!)
(cd "$sb" && exec env OPENAI_API_KEY=sk-upstream-bench \
  OPENAI_BASE_URL="http://127.0.0.1:$mock_port/v1" SWITCHBOARD_MASTER_KEY=sk-bench-0000000000000000 \
  ./switchboard serve --port "$port" --data "$work/data") > "$work/gateway.log" 2>&1 &
gw=$!
pids+=("$gw")
for _ in $(seq 1 1200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "the gateway did not open port $port (see $work/gateway.log)" >&2; exit 1; }
sed 's#"model":"gpt-4o-mini"#"model":"openai/gpt-4o-mini"#' "$kit/bodies/chat-stream.json" > "$work/body.json"
auth="Authorization: Bearer sk-bench-0000000000000000"
curl -sS -m 120 -o /dev/null -H "$auth" -H 'Content-Type: application/json' -H 'x-mock-chunk-delay-ms: 0' \
  --data-binary "@$work/body.json" "http://127.0.0.1:$port/v1/chat/completions"
rss0=$(awk '/^VmRSS/ {print $2}' "/proc/$gw/status")

BODY_FILE=$work/body.json BENCH_OUT=$work/wrk.json wrk -t2 -c"$n" -d"${secs}s" --timeout 60s \
  -s "$kit/bench.lua" -H "$auth" "http://127.0.0.1:$port/v1/chat/completions" > "$work/wrk.txt" 2>&1 &
wrk=$!
most=0
while kill -0 "$wrk" 2>/dev/null; do
  c=$(ss -tnH state established "( dport = :$mock_port )" | wc -l)
  [ "$c" -gt "$most" ] && most=$c
  sleep 0.5
done
wait "$wrk" || true
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$gw/status")
jq -r --arg n "$n" --arg most "$most" --arg hwm "$hwm" --arg rss0 "$rss0" '
  "streams: \($n) concurrent for \(.duration_us / 1e6 | floor) s; completed \(.requests), non-2xx \(.err_status), "
  + "timeouts \(.err_timeout), read errors \(.err_read)\n"
  + "upstream connections open at once: \($most)\n"
  + "gateway RSS: \($rss0 | tonumber / 1024 | floor) MiB idle after one stream, peak \($hwm | tonumber / 1024 | floor) MiB"' \
  "$work/wrk.json"
echo "uptime: $(uptime)"
