#!/usr/bin/env bash
# Runs the shared side-by-side benchmark kit (../shared/bench) with Switchboard as one more row,
# beside the direct path, nginx and Portkey, in one run. Results: $BENCH_WORK/out/<stamp>/table.md
# (BENCH_WORK defaults to /tmp/switchboard-bench).
#
#   bash bench/run-kit.sh                       # full run (~9 min): all kit rows + switchboard
#   TARGETS="direct nginx portkey" bash bench/run-kit.sh   # kit options pass through
#   SB_ROOT=/tmp/old-build bash bench/run-kit.sh # another build (a dir with switchboard + target/)
#
# Switchboard runs exactly as a user starts it: `./switchboard serve` with the launcher's JVM
# defaults (class-data archive included), request recording on (SQLite in a fresh data dir), the
# OpenAI provider pointed at the kit's mock upstream, the kit's bearer token as its master key.
# SB_JAVA_OPTS, when set, is passed as SWITCHBOARD_JAVA_OPTS (experiments only: the numbers we
# publish use the defaults).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kit=${KIT:-$root/../shared/bench}
sb=${SB_ROOT:-$root}
[ -f "$sb/target/switchboard.jar" ] || (cd "$sb" && ./mvnw -q -B -DskipTests package)
bash "$kit/setup.sh" >/dev/null
data=$(mktemp -d /tmp/switchboard-bench-data.XXXXXX)
port=${SB_PORT:-18090}
opts=""
[ -n "${SB_JAVA_OPTS:-}" ] && opts="SWITCHBOARD_JAVA_OPTS='$SB_JAVA_OPTS'"
export GATEWAY_NAME=${GATEWAY_NAME:-switchboard}
export GATEWAY_URL="http://127.0.0.1:$port/v1/chat/completions"
export GATEWAY_MODEL=openai/gpt-4o-mini
export WARMUP=${WARMUP:-20}
export GATEWAY_CMD="exec env OPENAI_API_KEY=sk-upstream-bench OPENAI_BASE_URL=\$MOCK_BASE_URL \
SWITCHBOARD_MASTER_KEY=sk-bench-0000000000000000 $opts $sb/switchboard serve --port $port --data $data"
exec bash "$kit/run.sh"
