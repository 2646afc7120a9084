#!/usr/bin/env bash
# Sutra's JMH micro-benchmarks (sutra-bench): route matching, load-balancer picks, header handling,
# config snapshot lookups in the proxy, and the control plane's xDS cache.
#
#   bench/jmh.sh                          # everything, 1 fork, 3 warm-up and 5 measured 1 s iterations
#   bench/jmh.sh RouteMatch               # benchmarks whose name matches a regex
#   bench/jmh.sh LoadBalancer -p endpoints=100 -prof gc
#   bench/jmh.sh -l                       # list them; -h for JMH's own options
#
# Finds a JDK 21+ as ./sutra does and builds sutra-bench/target/benchmarks.jar when sources changed.
# Defaults (-f 1 -wi 3 -i 5 -w 1s -r 1s) apply only where the arguments do not set the option.
set -euo pipefail
SUTRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/jdk.sh
. "$SUTRA_ROOT/bin/jdk.sh"
# shellcheck source=benchmarks-jar.sh
. "$SUTRA_ROOT/bench/benchmarks-jar.sh"
bench_jar_setup

given() {
  local option=$1 arg
  shift
  for arg in "$@"; do
    [ "$arg" = "$option" ] && return 0
  done
  return 1
}

defaults=()
for pair in "-f 1" "-wi 3" "-i 5" "-w 1s" "-r 1s"; do
  read -r option value <<<"$pair"
  given "$option" "$@" || defaults+=("$option" "$value")
done

# The forks inherit this JVM's flags (JMH's default), so the JDK 24+ flags reach them too.
# shellcheck disable=SC2086
exec "$BENCH_JAVA" $BENCH_JDK_FLAGS -jar "$BENCH_JAR" "${defaults[@]}" "$@"
