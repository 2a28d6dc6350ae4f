#!/usr/bin/env bash
# Before/after in one run: the shared kit's rows for several Switchboard builds or JVM flag sets,
# interleaved round by round (A B A B ...), each round with its own direct row, then the median
# over the rounds per build (the kit's summarize.sh). On a shared, noisy machine compare the rows
# of one such run, never numbers from different runs.
#
#   bash bench/compare.sh --snapshot before          # copy ./switchboard + target/switchboard.jar
#                                                    # to $BENCH_WORK/builds/before
#   bash bench/compare.sh before=$BENCH_WORK/builds/before after=.      # compare two builds
#   bash bench/compare.sh 'g1=.@-Xmx512m -XX:+UseG1GC' 'serial=.@-Xmx256m -XX:+UseSerialGC'
#
# A variant is NAME=ROOT[@JAVA_OPTS]: ROOT holds the launcher and target/switchboard.jar; without
# @JAVA_OPTS the launcher's defaults apply (what users run). Knobs: ROUNDS [2], LOADS
# ["closed paced"], MODES ["nonstream stream"], DURATION [10], WARMUP [15], other kit knobs.
# Output: $BENCH_WORK/out/compare-<stamp>/{summary.md, r<N>-<name>/}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
kit=${KIT:-$root/../shared/bench}
work=${BENCH_WORK:-/tmp/switchboard-bench}
if [ "${1:-}" = --snapshot ]; then
  dst="$work/builds/${2:?name}"
  mkdir -p "$dst/target"
  cp "$root/switchboard" "$dst/"
  cp "$root/target/switchboard.jar" "$dst/target/"
  echo "$dst"
  exit 0
fi
[ $# -ge 1 ] || { sed -n '2,17p' "$0"; exit 2; }
export DURATION=${DURATION:-10} WARMUP=${WARMUP:-15} LOADS=${LOADS:-"closed paced"}
rounds=${ROUNDS:-2}
out="$work/out/compare-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{ echo "date_utc: $(date -u +%FT%TZ)"; echo "variants: $*"; echo "rounds: $rounds DURATION=$DURATION WARMUP=$WARMUP LOADS='$LOADS'"; echo "uptime_at_start: $(uptime)"; } > "$out/meta.txt"
dirs=()
for r in $(seq 1 "$rounds"); do
  first=""
  for v in "$@"; do
    name=${v%%=*}; spec=${v#*=}; sbroot=${spec%%@*}; opts=""
    [[ "$spec" == *@* ]] && opts=${spec#*@}
    sbroot=$(cd "$sbroot" && pwd)
    targets=gateway; [ -z "$first" ] && targets="direct gateway"
    d="$out/r$r-$name"
    echo "== round $r: $name ($sbroot${opts:+, $opts}) $(uptime)" >&2
    OUT_DIR=$d TARGETS=$targets GATEWAY_NAME=$name SB_ROOT=$sbroot SB_JAVA_OPTS=$opts \
      bash "$here/run-kit.sh" > "$d.log" 2>&1 || echo "   (run failed, see $d.log)" >&2
    if [ -z "$first" ]; then first=$d; else jq -c 'select(.target == "direct")' "$first/results.jsonl" >> "$d/results.jsonl"; fi
    dirs+=("$d")
  done
done
echo "uptime_at_end: $(uptime)" >> "$out/meta.txt"
{ cat "$out/meta.txt"; bash "$kit/summarize.sh" "${dirs[@]}"; } > "$out/summary.md"
cat "$out/summary.md"
