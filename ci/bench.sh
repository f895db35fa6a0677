#!/usr/bin/env bash
# Runs the JMH suite (optionally filtered by a JMH regex) and the native Google Benchmark bench,
# then writes benchmarks/REPORT.md. Override JMH options with JMH_OPTS, native ones with NATIVE_BENCH_OPTS,
# host JVM options with GKM_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
gkm_ensure_packages

REGEX="${1:-}"
TS="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS=benchmarks/results
mkdir -p "$RESULTS"

"${MVN[@]}" -q -DskipTests install

JMH_JSON="$RESULTS/jmh-$TS.json"
read -r -a JMH_ARGS <<<"${JMH_OPTS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
read -r -a HOST_JVM_ARGS <<<"${GKM_JAVA_OPTS:-}"   # e.g. -Djmh.ignoreLock=true
CMD=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${HOST_JVM_ARGS[@]}" -jar benchmarks/target/benchmarks.jar)
[[ -n "$REGEX" ]] && CMD+=("$REGEX")
CMD+=("${JMH_ARGS[@]}" -rf json -rff "$JMH_JSON")
echo "gkm: ${CMD[*]}" >&2
"${CMD[@]}"

NATIVE_JSON=-
NATIVE_BIN=native/target/cmake/native/bench/gkm_bench_kw
if [[ -x "$NATIVE_BIN" ]]; then
  NATIVE_JSON="$RESULTS/native-$TS.json"
  read -r -a NATIVE_ARGS <<<"${NATIVE_BENCH_OPTS:-}"
  echo "gkm: $NATIVE_BIN --benchmark_format=json ${NATIVE_ARGS[*]:-} > $NATIVE_JSON" >&2
  "$NATIVE_BIN" --benchmark_format=json "${NATIVE_ARGS[@]}" >"$NATIVE_JSON"
else
  echo "gkm: $NATIVE_BIN not built (install libbenchmark-dev); skipping native benches" >&2
fi

COMMAND_LINE="$(printf '%q ' "ci/bench.sh" "$@")"
COMMAND_LINE="${COMMAND_LINE% } # ran: ${CMD[*]}"
"$JAVA_HOME/bin/java" -cp benchmarks/target/benchmarks.jar org.gkm.bench.report.ReportGenerator \
  "$JMH_JSON" "$NATIVE_JSON" benchmarks/REPORT.md "$COMMAND_LINE"
