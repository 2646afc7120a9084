# Starting Sutra for the benchmarks: a control plane with its CA, join tokens, sidecars. Source it.
#
# Needs: SUTRA_ROOT (the checkout), a work directory passed to each function, and PIDS (an array
# the caller stops by PID on exit). Reads SUTRA_JAR (a jar to use as it is; default: the launcher
# builds sutra-cli/target/sutra.jar when sources changed and a private copy is taken, so others
# rebuilding the jar during a run change nothing), SUTRA_PROXY_JVM (the sidecars' JVM flags;
# default: the launcher's, bin/jdk.sh sutra_proxy_jvm_flags) and SUTRA_CP_JVM.

# shellcheck source=../bin/jdk.sh
. "$SUTRA_ROOT/bin/jdk.sh"

# Sets SUTRA_JAVA, SUTRA_JAR, SUTRA_PROXY_JVM, SUTRA_CP_JVM. $1: where the private jar copy goes.
sutra_setup() {
  local dir=$1 home
  home=$(sutra_java_home) || { echo "bench: Sutra needs a JDK 21+ (see above)" >&2; return 1; }
  SUTRA_JAVA="$home/bin/java"
  SUTRA_JDK_FLAGS=$(sutra_java_flags "$home")
  if [ -z "${SUTRA_JAR:-}" ]; then
    # The launcher rebuilds the jar when sources changed; --version runs nothing else.
    "$SUTRA_ROOT/sutra" --version >/dev/null || { echo "bench: building sutra.jar failed" >&2; return 1; }
    mkdir -p "$dir"
    cp "$SUTRA_ROOT/sutra-cli/target/sutra.jar" "$dir/sutra.jar"
    SUTRA_JAR="$dir/sutra.jar"
  fi
  [ -r "$SUTRA_JAR" ] || { echo "bench: SUTRA_JAR=$SUTRA_JAR is not readable" >&2; return 1; }
  SUTRA_PROXY_JVM=${SUTRA_PROXY_JVM-$(sutra_proxy_jvm_flags "$home")}
  # The control plane idles during the loads; a small serial heap keeps it off the measured core.
  SUTRA_CP_JVM=${SUTRA_CP_JVM:-"-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1"}
}

# Starts a control plane with a CA. $1 dir, $2 plaintext xDS port, $3 TLS port, $4 API port, $5 cpu
# list for taskset. Mesh-wide STRICT mTLS: the sidecars' link must be mutual TLS, as haproxy's is.
# Sets SUTRA_CP_PID.
sutra_start_controlplane() {
  local dir=$1 xds=$2 tls=$3 api=$4 cpus=$5
  mkdir -p "$dir/config"
  cat >"$dir/config/mtls.yaml" <<'EOF'
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
EOF
  # shellcheck disable=SC2086
  taskset -c "$cpus" "$SUTRA_JAVA" $SUTRA_JDK_FLAGS $SUTRA_CP_JVM -jar "$SUTRA_JAR" controlplane \
    --config-dir "$dir/config" --state-dir "$dir/state" --xds-address "127.0.0.1:$xds" \
    --xds-tls-address "127.0.0.1:$tls" --api-address "127.0.0.1:$api" >>"$dir/controlplane.log" 2>&1 &
  SUTRA_CP_PID=$!
  PIDS+=("$SUTRA_CP_PID")
  sutra_wait_http "http://127.0.0.1:$api/ready" 200 60 "$SUTRA_CP_PID" "$dir/controlplane.log"
}

# Prints a fresh join token for namespace $2, service account $3 from the control plane API on port $1.
sutra_token() {
  local reply
  reply=$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    -d "{\"namespace\":\"$2\",\"serviceAccount\":\"$3\",\"ttl\":\"PT24H\"}" "http://127.0.0.1:$1/api/v1/tokens") || {
    echo "bench: no join token from the control plane API on port $1" >&2; return 1; }
  sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' <<<"$reply"
}

# Starts a sidecar: $1 log file, $2 cpu list, the rest are 'sutra proxy' arguments. Sets SUTRA_PROXY_PID.
sutra_start_proxy() {
  local log=$1 cpus=$2
  shift 2
  # As the launcher does for "sutra proxy": two malloc arenas (docs/perf.md).
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} taskset -c "$cpus" "$SUTRA_JAVA" $SUTRA_JDK_FLAGS $SUTRA_PROXY_JVM -jar "$SUTRA_JAR" proxy "$@" \
    >>"$log" 2>&1 &
  SUTRA_PROXY_PID=$!
  PIDS+=("$SUTRA_PROXY_PID")
}

# Waits until $1 answers with status $2, at most $3 seconds, while process $4 lives (else prints log $5).
sutra_wait_http() {
  local url=$1 want=$2 secs=$3 pid=$4 log=$5 code i
  for ((i = 0; i < secs * 20; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: process $pid exited before $url answered; the end of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "${@:6}" "$url" 2>/dev/null || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.05
  done
  echo "bench: $url did not answer $want within ${secs}s (last: ${code:-none}); the end of $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}
