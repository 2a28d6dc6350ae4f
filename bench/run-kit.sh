#!/usr/bin/env bash
# Runs the shared side-by-side benchmark kit (../shared/bench) with Switchboard as one more row,
# beside the direct path, nginx and Portkey, in one run. Results: $BENCH_WORK/out/<stamp>/table.md
# (BENCH_WORK defaults to /tmp/switchboard-bench).
#
#   bash bench/run-kit.sh                       # full run (~9 min): all kit rows + switchboard
#   TARGETS="direct nginx portkey" bash bench/run-kit.sh   # kit options pass through
#   SB_RECORDING=off bash bench/run-kit.sh      # (not available: recording is always on)
#
# Switchboard runs from target/switchboard.jar (built if missing) with request recording on
# (SQLite in a fresh data dir), the OpenAI provider pointed at the kit's mock upstream, and the
# kit's bearer token as its master key.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kit=${KIT:-$root/../shared/bench}
[ -f "$root/target/switchboard.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
bash "$kit/setup.sh" >/dev/null
data=$(mktemp -d /tmp/switchboard-bench-data.XXXXXX)
port=${SB_PORT:-18090}
jvm=${SB_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:+UseStringDeduplication}
export GATEWAY_NAME=${GATEWAY_NAME:-switchboard}
export GATEWAY_URL="http://127.0.0.1:$port/v1/chat/completions"
export GATEWAY_MODEL=openai/gpt-4o-mini
export WARMUP=${WARMUP:-20}
export GATEWAY_CMD="exec env OPENAI_API_KEY=sk-upstream-bench OPENAI_BASE_URL=\$MOCK_BASE_URL \
SWITCHBOARD_MASTER_KEY=sk-bench-0000000000000000 java $jvm -jar $root/target/switchboard.jar \
--port $port --data $data"
exec bash "$kit/run.sh"
