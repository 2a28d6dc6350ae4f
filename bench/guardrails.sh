#!/usr/bin/env bash
# Guardrail speed (issue 14, item 5): PII scan plus injection check on one ~4,000-token prompt,
# in process. Usage: bench/guardrails.sh [runs, default 20000]. Target: p99 <= 1 ms.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q test-compile
CP_FILE=target/bench.classpath
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xms256m -Xmx512m -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" \
  switchboard.guard.GuardBench "${1:-20000}"
