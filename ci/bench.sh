#!/usr/bin/env bash
# Runs the JMH suite (optionally filtered by a JMH regex) and the native Google Benchmark benches
# (gkm_bench_kw: libgkm_native key wrap; gkm_bench_libcrypto: the bare libcrypto calls behind the
# JMH primitive benchmarks, the report's "C" column), then writes benchmarks/REPORT.md (and its
# charts, benchmarks/keywrap-*.svg). Each bench writes benchmarks/results/native-<bench>-<time>.json.
#
#   JMH_OPTS           JMH options (default: -f 1 -wi 2 -w 1s -i 3 -r 1s), e.g. add -p kekBits=256
#   NATIVE_BENCH_OPTS  Google Benchmark options of gkm_bench_kw, e.g. --benchmark_min_time=0.3s --benchmark_filter=...
#   LIBCRYPTO_BENCH_OPTS  the same for gkm_bench_libcrypto, e.g. --benchmark_repetitions=3
#   GKM_JAVA_OPTS      options of the host JVMs (JMH launcher, report generator), e.g. -Djmh.ignoreLock=true.
#                      JMH forks do not inherit them: force a key wrap kernel path in the forks with
#                      GKM_KW_PATH=scalar|aesni|vaes in the environment (the C library reads it), or
#                      JMH_OPTS="... -jvmArgsAppend -Dgkm.kw.path=aesni".
#   GKM_BENCH_BUILD    "deps" (default): build and install the benchmarks module and what it depends on
#                      (native, crypto-api, fallback-pure-java, java-bindings); "none": only repackage
#                      benchmarks.jar from the modules already installed in ~/.m2.
#
# REPORT.md's "GCKS store" section is written by hand from StoreCommitBenchmark and
# org.gkm.bench.store.StoreRestoreMeasurement (commands in the section); a regenerated report keeps it.
# So is the "GCKS server" section, from org.gkm.bench.gcks.GcksServerMeasurement (registrations/s and
# fan-out against a live server; commands in the section).
#
# With a regex, the JMH methods this run lacks are filled in from the newest earlier
# benchmarks/results/jmh-*.json that has them (each labelled with its file in the report), so a
# filtered run keeps the report's other sections.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
gkm_ensure_packages

REGEX="${1:-}"
TS="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS=benchmarks/results
mkdir -p "$RESULTS"

case "${GKM_BENCH_BUILD:-deps}" in
  deps) "${MVN[@]}" -q -DskipTests -pl benchmarks -am install ;;
  none) "${MVN[@]}" -q -o -DskipTests -pl benchmarks package ;;
  *) echo "gkm: GKM_BENCH_BUILD must be deps or none" >&2; exit 2 ;;
esac

JMH_JSON="$RESULTS/jmh-$TS.json"
read -r -a JMH_ARGS <<<"${JMH_OPTS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
read -r -a HOST_JVM_ARGS <<<"${GKM_JAVA_OPTS:-}"   # e.g. -Djmh.ignoreLock=true
CMD=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${HOST_JVM_ARGS[@]}" -jar benchmarks/target/benchmarks.jar)
[[ -n "$REGEX" ]] && CMD+=("$REGEX")
CMD+=("${JMH_ARGS[@]}" -rf json -rff "$JMH_JSON")
echo "gkm: ${CMD[*]}" >&2
"${CMD[@]}"

# The native benches, built by the native module (also in "none" mode when its CMake build
# directory has them configured: a no-op when they are up to date).
NATIVE_BUILD=native/target/cmake
if grep -q '^GKM_BENCH:BOOL=ON' "$NATIVE_BUILD/CMakeCache.txt" 2>/dev/null; then
  cmake --build "$NATIVE_BUILD" --target gkm_bench_kw gkm_bench_libcrypto >&2 ||
    echo "gkm: building the native benches failed; running those already built" >&2
fi
NATIVE_JSONS=()
run_native() { # bench name, options
  local bin="$NATIVE_BUILD/native/bench/gkm_bench_$1" out="$RESULTS/native-$1-$TS.json" args
  if [[ ! -x "$bin" ]]; then
    echo "gkm: $bin not built (install libbenchmark-dev); skipping it" >&2
    return 0
  fi
  read -r -a args <<<"$2"
  echo "gkm: $bin --benchmark_format=json ${args[*]:-} > $out" >&2
  "$bin" --benchmark_format=json "${args[@]}" >"$out"
  if [[ -s "$out" ]]; then # empty when a filter matched nothing
    NATIVE_JSONS+=("$out")
  fi
}
run_native kw "${NATIVE_BENCH_OPTS:-}"
run_native libcrypto "${LIBCRYPTO_BENCH_OPTS:-}"
NATIVE_JSON=-
if [[ ${#NATIVE_JSONS[@]} -gt 0 ]]; then
  NATIVE_JSON="$(IFS=:; echo "${NATIVE_JSONS[*]}")" # the report generator's list separator
fi

# The command that reproduces this report: the environment it ran with, then what JMH ran.
ENV_PREFIX=""
for v in JMH_OPTS NATIVE_BENCH_OPTS LIBCRYPTO_BENCH_OPTS GKM_JAVA_OPTS GKM_KW_PATH GKM_BENCH_BUILD; do
  if [[ -n "${!v:-}" ]]; then
    ENV_PREFIX+="$v=$(printf '%q' "${!v}") "
  fi
done
COMMAND_LINE="$ENV_PREFIX$(printf '%q ' "ci/bench.sh" "$@")"
COMMAND_LINE="${COMMAND_LINE% } # ran: ${CMD[*]}"
EARLIER=()
while IFS= read -r f; do
  if [[ "$f" != "$JMH_JSON" ]]; then
    EARLIER+=("$f")
  fi
done < <(ls "$RESULTS"/jmh-*.json 2>/dev/null | sort -r)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${HOST_JVM_ARGS[@]}" \
  -cp benchmarks/target/benchmarks.jar org.gkm.bench.report.ReportGenerator \
  "$JMH_JSON" "$NATIVE_JSON" benchmarks/REPORT.md "$COMMAND_LINE" "${EARLIER[@]}"
