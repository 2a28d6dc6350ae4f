#!/usr/bin/env bash
# Failover speed (issue 4, item 9): time from an upstream failure to the next attempt on the wire,
# and the cost of an open circuit. One JVM, loopback only: the gateway, a scripted upstream and a
# sequential client. Usage: bench/failover.sh [requests per phase, default 20000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q test-compile
CP_FILE=target/bench.classpath
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xms256m -Xmx512m -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" \
  switchboard.route.FailoverBench "${1:-20000}"
