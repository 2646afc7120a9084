#!/usr/bin/env bash
# The control plane at scale: a real control plane in its own JVM, a fleet of simulated sidecars
# (one ADS stream and node each, ACKing every response) in this one; prints the initial push,
# apply -> all proxies ACKed, and the control plane's heap, as Markdown tables.
#
#   bench/controlplane-scale.sh                                   # 1,000 services, 2,000 proxies
#   bench/controlplane-scale.sh --points 100x200,500x1000,1000x2000
#   bench/controlplane-scale.sh --points 1000x100 --changes 50    # apply -> 100 proxies, p99
#   bench/controlplane-scale.sh --cp-jvm "-Xmx1g" --cp-jvm "-XX:StartFlightRecording=filename=cp.jfr"
#   bench/controlplane-scale.sh --help
#
# Each point's config, state and control-plane log go under --work-dir (default target/scale,
# relative to where it runs). The simulator's JVM options: SCALE_JVM (default -Xmx3g and 8 GiB of
# direct memory: at 1,000 services x 2,000 proxies the initial push puts about 6 GiB on the wire,
# and gRPC buffers each response whole before the simulator sees it).
set -euo pipefail
SUTRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/jdk.sh
. "$SUTRA_ROOT/bin/jdk.sh"
# shellcheck source=benchmarks-jar.sh
. "$SUTRA_ROOT/bench/benchmarks-jar.sh"
bench_jar_setup

# shellcheck disable=SC2086
exec "$BENCH_JAVA" $BENCH_JDK_FLAGS ${SCALE_JVM:--Xmx3g -XX:MaxDirectMemorySize=8g} -cp "$BENCH_JAR" \
  dev.sutra.bench.scale.ControlPlaneScale --cp-jvm "$BENCH_JDK_FLAGS" "$@"
