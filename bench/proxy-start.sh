#!/usr/bin/env bash
# How long a Sutra sidecar takes from exec to ready: to /ready (first config applied, certificate
# held), and to its first request answered through the mesh (client -> A -> mTLS -> B -> origin).
# A control plane with its CA, proxy B and an nginx origin start once; proxy A starts RUNS times
# per JVM setting, each time with a fresh join token and an empty state directory (a new workload:
# key, CSR, certificate and the whole xDS exchange), on one pinned core as in bench.sh.
#
#   bench/proxy-start.sh                               # the launcher's JVM settings
#   bench/proxy-start.sh "" "-XX:TieredStopAtLevel=1"  # each argument: flags added to SUTRA_PROXY_JVM
#   bench/proxy-start.sh "" aot                        # aot: a training run writes a JDK 25 AOT
#                                                      # cache (-XX:AOTCacheOutput), then -XX:AOTCache
# Prints one line per setting: medians (and min-max) of both times, RSS at ready. Also reads
# SUTRA_JAR, SUTRA_PROXY_JVM (see sutra-lib.sh), RUNS (default 5), SRV_CPU (1), PORT_BASE (28300).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUTRA_ROOT=$(cd "$HERE/.." && pwd)
RUNS=${RUNS:-5}
SRV_CPU=${SRV_CPU:-1}
PB=${PORT_BASE:-28300}
W=${WORKDIR:-${TMPDIR:-/tmp}/sutra-start}
PIDS=()

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "error: $*"; exit 1; }
for c in nginx curl taskset; do
  command -v $c >/dev/null || die "needs $c (apt-get install ${c/nginx/nginx-light})"
done

stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

rm -rf "$W"; mkdir -p "$W/ngx/tmp"
# shellcheck source=sutra-lib.sh
. "$HERE/sutra-lib.sh"
sutra_setup "$W/jar"
for port in $(seq $PB $((PB+9))); do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then die "port $port busy: set PORT_BASE"; fi
done
ORIGIN=$PB; CP_XDS=$((PB+1)); CP_TLS=$((PB+2)); CP_API=$((PB+3)); B_IN=$((PB+4)); B_ADMIN=$((PB+5))
A_OUT=$((PB+6)); A_IN=$((PB+7)); A_ADMIN=$((PB+8))
HOST=origin.default.svc.cluster.local:8080

cat >"$W/ngx/nginx.conf" <<EOF
worker_processes 1; pid $W/ngx/nginx.pid; error_log $W/ngx/error.log warn;
events { worker_connections 256; }
http {
  access_log off; client_body_temp_path $W/ngx/tmp; proxy_temp_path $W/ngx/tmp; fastcgi_temp_path $W/ngx/tmp;
  uwsgi_temp_path $W/ngx/tmp; scgi_temp_path $W/ngx/tmp;
  server { listen 127.0.0.1:$ORIGIN; location / { default_type text/plain; return 200 "ok"; } }
}
EOF
taskset -c $SRV_CPU nginx -p "$W/ngx" -c "$W/ngx/nginx.conf" -g 'daemon off;' >"$W/ngx/out.log" 2>&1 &
PIDS+=($!)
sutra_start_controlplane "$W/cp" $CP_XDS $CP_TLS $CP_API $SRV_CPU
sutra_start_proxy "$W/b.log" $SRV_CPU --service origin --app-port http:8080=$ORIGIN --inbound-port $B_IN \
  --outbound-port 0 --admin-port $B_ADMIN --control-plane 127.0.0.1:$CP_TLS \
  --join-token "$(sutra_token $CP_API default origin)" --state-dir "$W/state-b"
sutra_wait_http http://127.0.0.1:$B_ADMIN/ready 200 60 $SUTRA_PROXY_PID "$W/b.log"
BASE_JVM=$SUTRA_PROXY_JVM

# Drops an exited process from PIDS, so stop_all never signals a reused PID.
forget() { local p keep=(); for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One start of proxy A with JVM flags $1; prints "ready_ms first_request_ms rss_kb".
start_once() {
  local flags=$1 n=$2 t0 ready="" served="" pid code i
  local log="$W/a-$n.log" state="$W/state-a-$n"
  local token
  token=$(sutra_token $CP_API default client)
  SUTRA_PROXY_JVM="$BASE_JVM $flags"
  t0=$(now_ms)
  sutra_start_proxy "$log" $SRV_CPU --service client --outbound-port $A_OUT --inbound-port $A_IN \
    --admin-port $A_ADMIN --control-plane 127.0.0.1:$CP_TLS --join-token "$token" --state-dir "$state"
  pid=$SUTRA_PROXY_PID
  for ((i = 0; i < 6000; i++)); do
    kill -0 $pid 2>/dev/null || { tail -n 20 "$log" >&2; die "proxy A exited during start"; }
    if [ -z "$ready" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:$A_ADMIN/ready || true)
      [ "$code" = 200 ] && ready=$(( $(now_ms) - t0 ))
    fi
    if [ -n "$ready" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H "Host: $HOST" http://127.0.0.1:$A_OUT/ || true)
      [ "$code" = 200 ] && { served=$(( $(now_ms) - t0 )); break; }
    fi
    sleep 0.01
  done
  [ -n "$served" ] || die "proxy A did not serve within 60 s; see $log"
  echo "$ready $served $(awk '$1=="VmRSS:"{print $2}' /proc/$pid/status)"
  kill -TERM $pid
  for ((i = 0; i < 200; i++)); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  kill -0 $pid 2>/dev/null && kill -KILL $pid
  forget $pid
}

# A training run for the JDK's AOT cache: start, serve some requests, exit (the JVM writes the cache).
train_aot() {
  local cache=$1 pid i
  SUTRA_PROXY_JVM="$BASE_JVM -XX:AOTCacheOutput=$cache"
  sutra_start_proxy "$W/a-train.log" $SRV_CPU --service client --outbound-port $A_OUT --inbound-port $A_IN \
    --admin-port $A_ADMIN --control-plane 127.0.0.1:$CP_TLS --join-token "$(sutra_token $CP_API default client)" \
    --state-dir "$W/state-a-train"
  pid=$SUTRA_PROXY_PID
  sutra_wait_http http://127.0.0.1:$A_OUT/ 200 120 $pid "$W/a-train.log" -H "Host: $HOST"
  for ((i = 0; i < 200; i++)); do curl -s -o /dev/null -H "Host: $HOST" http://127.0.0.1:$A_OUT/; done
  kill -TERM $pid
  for ((i = 0; i < 1200; i++)); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  forget $pid
  [ -s "$cache" ] || die "the training run wrote no AOT cache; see $W/a-train.log"
}

median() { sort -n | awk '{v[NR]=$1} END{printf "%d", (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'; }
range() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END{printf "%d-%d", lo, hi}'; }

log "sidecar JVM: $BASE_JVM; $RUNS starts per setting"
[ $# -gt 0 ] || set -- ""
printf "%-60s %14s %14s %14s %9s\n" "added flags" "ready ms" "[min-max]" "served ms" "RSS MiB"
for variant in "$@"; do
  flags=$variant
  if [ "$variant" = aot ]; then
    train_aot "$W/proxy.aot"
    flags="-XX:AOTCache=$W/proxy.aot"
  fi
  : >"$W/times"
  for n in $(seq 1 $RUNS); do start_once "$flags" "$n" >>"$W/times"; done
  printf "%-60s %14s %14s %14s %9s\n" "${variant:-(none)}" "$(cut -d' ' -f1 "$W/times" | median)" \
    "[$(cut -d' ' -f1 "$W/times" | range)]" "$(cut -d' ' -f2 "$W/times" | median)" \
    "$(cut -d' ' -f3 "$W/times" | median | awk '{printf "%.1f", $1/1024}')"
done
