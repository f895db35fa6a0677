#!/usr/bin/env bash
# Full CI: Maven build + all tests (incl. native ctest) on JDK >= 22, ctest under ASan/UBSan,
# then the portable profile (pure Java, no native toolchain) on JDK 17.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
# valgrind: the native constant-time test (ctest curve25519_ct) runs the Curve25519 kernels under memcheck.
gkm_ensure_packages valgrind

VEC_ARGS=()
if [[ -n "${GKM_VECTORS_DIR:-}" ]]; then
  VEC_ARGS=("-Dgkm.vectors.dir=$GKM_VECTORS_DIR")
fi

declare -a SUMMARY=()
FAILED=0
stage() { # name, command...
  local name="$1"; shift
  echo "==== gkm ci: $name" >&2
  local start=$SECONDS
  if "$@"; then
    SUMMARY+=("PASS  $name ($((SECONDS - start))s)")
  else
    SUMMARY+=("FAIL  $name ($((SECONDS - start))s)")
    FAILED=1
  fi
}

# -Pload: also gcks' long tests (the GCKS load test, ~4 minutes on 2 cores); -Pfaults: also the
# replication fault rounds (random faults over a churn of 10^4 events on three replicas).
full_build() {
  "${MVN[@]}" "${VEC_ARGS[@]}" -Pload,faults install
}

# native/ sources must be formatted as native/.clang-format says (checked with the distribution's
# clang-format, 14 on Debian 12; other major versions may format a few constructs differently).
# Vendored code (native/third_party) keeps its upstream form and is not checked.
native_format() {
  command -v clang-format >/dev/null 2>&1 || gkm_ensure_packages clang-format || return 1
  local -a files
  mapfile -t files < <(find native \( -path native/target -o -path native/third_party \) -prune -o -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) -print | sort)
  echo "gkm ci: $(clang-format --version), ${#files[@]} files" >&2
  clang-format --dry-run -Werror "${files[@]}"
}

asan_ctest() {
  local dir=native/target/cmake-asan
  cmake -S . -B "$dir" -DGKM_ASAN=ON -DCMAKE_BUILD_TYPE=Debug -DGKM_BENCH=OFF &&
    cmake --build "$dir" --parallel &&
    (cd "$dir" && ctest --output-on-failure --parallel "$(nproc)")
}

portable_jdk17() {
  if [[ -z "${JDK17_HOME:-}" ]]; then
    echo "gkm ci: no JDK 17 found (set JDK17_HOME)" >&2
    return 1
  fi
  # The portable profile must not need cmake, a C compiler or OpenSSL headers, and runs on JDK 17.
  JAVA_HOME="$JDK17_HOME" PATH="$JDK17_HOME/bin:$PATH" MAVEN_OPTS="" \
    "${MVN[@]}" -Pportable -f pom.xml "${VEC_ARGS[@]}" test
}

stage "native sources formatted (clang-format, native/.clang-format)" native_format
stage "maven install, all modules + native ctest + gcks load test + replication fault rounds (JDK $(gkm_jdk_major "$JAVA_HOME"))" full_build
stage "native ctest under AddressSanitizer/UBSan" asan_ctest
stage "portable profile (the Java 17 modules, pure-Java provider) on JDK 17" portable_jdk17

echo "==== gkm ci summary" >&2
printf '%s\n' "${SUMMARY[@]}" >&2
exit "$FAILED"
