#!/usr/bin/env bash
# Sourced by ./gkm and ci/*.sh: picks a JDK >= 22 (Temurin 25 expected), exports JAVA_HOME, PATH,
# JDK17_HOME and MVN (maven in batch mode, no transfer progress), and defines gkm_ensure_packages.
# Everything here must work with no stdin (CI): apt-get runs with DEBIAN_FRONTEND=noninteractive.
set -euo pipefail

GKM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GKM_ROOT

# Major version of the JDK at $1 (empty if it is not a JDK with javac).
gkm_jdk_major() {
  local home="$1" v
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -f "$home/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  fi
  if [[ -z "${v:-}" ]]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  fi
  echo "${v:-}"
}

gkm_find_jdk() {
  local cand major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(gkm_jdk_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge 22 ]]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [[ -d "$cand" ]] || continue
    major="$(gkm_jdk_major "$cand")"
    if [[ -n "$major" && "$major" -ge 22 ]]; then echo "$cand"; return 0; fi
  done
  return 1
}

if ! GKM_JDK="$(gkm_find_jdk)"; then
  echo "gkm: no JDK >= 22 found; install Temurin 25 (or set JAVA_HOME to a JDK >= 22)" >&2
  exit 1
fi
export JAVA_HOME="$GKM_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled guava warns about sun.misc.Unsafe on JDK >= 24; keep the log clean.
if [[ "$(gkm_jdk_major "$JAVA_HOME")" -ge 24 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

if [[ -z "${JDK17_HOME:-}" && -x /usr/lib/jvm/java-17-openjdk-amd64/bin/javac ]]; then
  JDK17_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
export JDK17_HOME="${JDK17_HOME:-}"

export DEBIAN_FRONTEND=noninteractive
MVN=(mvn -B -ntp -Dstyle.color=never)

# Installs what the build needs when it is missing (root + apt-get), else says what to install.
# --no-bench (first argument): leave out Google Benchmark (libbenchmark-dev), which only the native
# benches use. Further arguments name packages whose command has the package's name (ci/test.sh:
# clang-format); they are required like the base set.
gkm_ensure_packages() {
  local bench=1
  if [[ "${1:-}" == --no-bench ]]; then bench=0; shift; fi
  local -a missing=()
  local extra
  for extra in "$@"; do
    command -v "$extra" >/dev/null 2>&1 || missing+=("$extra")
  done
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  { command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; } || missing+=(build-essential)
  command -v make >/dev/null 2>&1 || missing+=(build-essential)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  [[ -f /usr/include/openssl/evp.h ]] || missing+=(libssl-dev)
  ((bench == 0)) || [[ -f /usr/include/benchmark/benchmark.h ]] || missing+=(libbenchmark-dev)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  ((${#missing[@]} == 0)) && return 0
  # de-duplicate
  local -a pkgs
  mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "gkm: installing ${pkgs[*]}" >&2
    if [[ -z "${GKM_APT_UPDATED:-}" ]]; then
      apt-get update -q </dev/null >&2
      export GKM_APT_UPDATED=1
    fi
    apt-get install -y -q --no-install-recommends "${pkgs[@]}" </dev/null >&2
  else
    echo "gkm: missing build tools; please install: ${pkgs[*]}" >&2
    echo "gkm:   e.g. sudo apt-get install -y --no-install-recommends ${pkgs[*]}" >&2
    # libbenchmark-dev is optional (benches are skipped without it); everything else is required.
    local p
    for p in "${pkgs[@]}"; do
      [[ "$p" == libbenchmark-dev ]] || return 1
    done
  fi
}
