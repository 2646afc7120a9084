#!/usr/bin/env bash
# Sutra's data plane against HAProxy and nginx on loopback: a direct origin, proxy pairs with an mTLS
# link (the sidecar shape), the same loads, CPU and memory per process, medians and ratios.
# Debian 12+, root (installs what is missing with apt-get).
#
#   bench/bench.sh                        # full run: REPS=3, about 20 min on 2 cores
#   REPS=1 DUR=3 bench/bench.sh           # smoke run, about 3 min
#   SCENARIOS="direct sutra2mtls" H2_SCENARIOS="sutra2mtls" REPS=1 bench/bench.sh
#   SUTRA_PROXY_JVM="-XX:+UseSerialGC -Xmx48m" bench/bench.sh   # other sidecar JVM settings
#
# Scenarios (every process on 127.0.0.1; load generator pinned to LG_CPU, every server, proxy and
# the idle control plane to SRV_CPU):
#   direct       client -> nginx origin (fixed BODY_BYTES body)
#   hap1         client -> haproxy -> origin                                  (optional)
#   hap2plain    client -> haproxy A -> haproxy B -> origin, plaintext        (optional)
#   hap2mtls     client -> haproxy A -> mTLS, HTTP/1.1 -> haproxy B -> origin
#   hap2mtlsh2   client -> haproxy A -> mTLS, HTTP/2 (ALPN h2) -> haproxy B -> origin
#   ngx2mtls     client -> nginx A -> mTLS, HTTP/1.1 -> nginx B -> origin
#   sutra2mtls   client -> Sutra A -> mTLS, HTTP/2 -> Sutra B -> origin; certificates from Sutra's
#                CA, config from a running Sutra control plane (STRICT PeerAuthentication)
#   netty        client -> minimal Netty origin (JVM calibration point, NETTY=1)   (optional)
#   ext2mtls     your own pair through EXT_A_CMD / EXT_B_CMD (see below)           (optional)
# Loads per scenario: max throughput (wrk, CONC connections, DUR s, after a warm-up), one
# connection closed loop (wrk -c1), fixed RATE req/s on 1 and on RATE_CONNS connections
# (h2load --rps, percentiles from its per-request log), and HTTP/2 from the client (h2load -m).
#
# Sutra's sidecars: the client calls A's outbound port (SUTRA_ENTRY=outbound, the HTTP_PROXY-style
# port that routes by Host, so the loads send Host: origin.default.svc.cluster.local:8080) or a local
# bind of the service (SUTRA_ENTRY=bind: --upstream, an HTTP listener that routes any Host to it).
#
# EXT_A_CMD / EXT_B_CMD plug in another sidecar pair; A gets plaintext on $A_PORT and must forward
# over mTLS to B on $B_PORT, B to the origin on $ORIGIN_PORT, with the PKI in $PKI (a.crt/a.key,
# b.crt/b.key, ca.crt; a.pem and b.pem hold certificate and key). examples: /bench/ext-*.cfg.
#
# Everything listens on 127.0.0.1:$PORT_BASE..+33 only (default 28100). Every process started here
# is recorded by PID and stopped by PID on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUTRA_ROOT=$(cd "$HERE/.." && pwd)

REPS=${REPS:-3}                 # repetitions per scenario (median is reported)
DUR=${DUR:-10}                  # seconds per measured load
CONC=${CONC:-50}                # wrk connections for max-throughput
RATE=${RATE:-1000}              # fixed request rate (req/s) for latency test
RATE_CONNS=${RATE_CONNS:-10}    # connections used to generate $RATE
BODY_BYTES=${BODY_BYTES:-1024}  # response body size (Istio's benchmarks use 1 KB)
H2_CLIENTS=${H2_CLIENTS:-10}; H2_STREAMS=${H2_STREAMS:-10}
LG_CPU=${LG_CPU:-0}; SRV_CPU=${SRV_CPU:-1}
W=${WORKDIR:-${TMPDIR:-/tmp}/sutra-bench}
SCENARIOS=${SCENARIOS:-"direct hap2mtls hap2mtlsh2 ngx2mtls sutra2mtls"}
H2_SCENARIOS=${H2_SCENARIOS:-"direct hap2mtls sutra2mtls"}
PB=${PORT_BASE:-28100}          # ports PB..PB+33 on 127.0.0.1 must be free
NETTY=${NETTY:-0}               # 1 = also measure a minimal Netty HTTP origin (JVM calibration point)
SUTRA_ENTRY=${SUTRA_ENTRY:-outbound}
QUIET_PCT=${QUIET_PCT:-15}      # before each load: wait until both cores are < this % busy (others' load)
QUIET_MAX=${QUIET_MAX:-30}      # ... but never wait longer than this many seconds
WARM=${WARM:-2}; WARM_JVM=${WARM_JVM:-45}   # the JIT of a JVM pinned to one core needs ~40 s
EXT_A_CMD=${EXT_A_CMD:-}; EXT_B_CMD=${EXT_B_CMD:-}; EXT_WARM=${EXT_WARM:-$WARM_JVM}
NETTY_JVM=${NETTY_JVM:-"-XX:+UseSerialGC -Xms16m -Xmx64m -Dio.netty.leakDetection.level=disabled"}

HZ=$(getconf CLK_TCK)
PIDS=()

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "error: $*"; exit 1; }
has() { [[ " $SCENARIOS $H2_SCENARIOS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- install ----
need=()
command -v wrk     >/dev/null || need+=(wrk)
command -v h2load  >/dev/null || need+=(nghttp2-client)
command -v haproxy >/dev/null || need+=(haproxy)
command -v nginx   >/dev/null || need+=(nginx-light)
command -v openssl >/dev/null || need+=(openssl)
command -v taskset >/dev/null || need+=(util-linux)
command -v curl    >/dev/null || need+=(curl)
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
# (Debian may start its own nginx/haproxy services on install; this script neither uses nor touches them.)
[ "$(nproc --all)" -ge 2 ] || die "needs 2 cores: one for the load generator, one for the servers"

rm -rf "$W"; mkdir -p "$W"/{pki,logs,res}

if has sutra2mtls || [ "$NETTY" = 1 ]; then
  # shellcheck source=sutra-lib.sh
  . "$HERE/sutra-lib.sh"
  sutra_setup "$W/jar"
  log "sutra: $SUTRA_JAR; sidecar JVM: $SUTRA_PROXY_JVM"
fi

# ------------------------------------------------------------------- PKI -----
# For haproxy and nginx: one CA, a server cert for sidecar B, a client cert (SPIFFE URI SAN) for
# sidecar A, ECDSA P-256 as Istio, Linkerd and Sutra use. Sutra's sidecars get theirs from its CA.
(
  cd "$W/pki"
  openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=perf-mesh-ca" -out ca.crt 2>/dev/null
  for n in b a; do
    openssl ecparam -name prime256v1 -genkey -noout -out $n.key 2>/dev/null
    openssl req -new -key $n.key -subj "/CN=$n.mesh.local" -out $n.csr 2>/dev/null
    if [ $n = b ]; then eku=serverAuth; else eku=clientAuth; fi
    printf 'subjectAltName=DNS:%s.mesh.local,URI:spiffe://mesh.local/ns/default/sa/%s\nextendedKeyUsage=%s\n' $n $n $eku > $n.ext
    openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -sha256 -extfile $n.ext -out $n.crt 2>/dev/null
    cat $n.crt $n.key > $n.pem
  done
)
P=$W/pki

# ---------------------------------------------------------------- configs ----
BODY=$(head -c "$BODY_BYTES" /dev/zero | tr '\0' 'x')

ngx_common() { # $1 = instance dir
  cat <<EOF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $1/tmp; proxy_temp_path $1/tmp; fastcgi_temp_path $1/tmp;
  uwsgi_temp_path $1/tmp; scgi_temp_path $1/tmp;
  keepalive_requests 10000000; keepalive_timeout 60s;
  tcp_nodelay on;
EOF
}

mk_backend() {
  local d=$W/ngx-backend; mkdir -p $d/tmp
  { ngx_common $d; cat <<EOF
  server {
    listen 127.0.0.1:$((PB+0));
    listen 127.0.0.1:$((PB+10)) http2;   # h2c (prior knowledge) for h2load
    location / { default_type text/plain; return 200 "$BODY"; }
  }
}
EOF
  } > $d/nginx.conf
}

mk_ngx_a() { # nginx sidecar A: plaintext in, mTLS out to B
  local d=$W/ngx-a; mkdir -p $d/tmp
  { ngx_common $d; cat <<EOF
  upstream b { server 127.0.0.1:$((PB+24)); keepalive 128; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$((PB+4));
    location / {
      proxy_pass https://b;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_ssl_certificate $P/a.crt; proxy_ssl_certificate_key $P/a.key;
      proxy_ssl_trusted_certificate $P/ca.crt; proxy_ssl_verify on;
      proxy_ssl_name b.mesh.local; proxy_ssl_server_name on; proxy_ssl_session_reuse on;
      proxy_ssl_protocols TLSv1.3;
    }
  }
}
EOF
  } > $d/nginx.conf
}

mk_ngx_b() { # nginx sidecar B: mTLS in (client cert required), plaintext to app
  local d=$W/ngx-b; mkdir -p $d/tmp
  { ngx_common $d; cat <<EOF
  upstream app { server 127.0.0.1:$((PB+0)); keepalive 128; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$((PB+24)) ssl;
    ssl_certificate $P/b.crt; ssl_certificate_key $P/b.key;
    ssl_client_certificate $P/ca.crt; ssl_verify_client on; ssl_protocols TLSv1.3;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
  } > $d/nginx.conf
}

hap_global() {
  cat <<EOF
global
  nbthread 1
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
  http-reuse always
EOF
}

mk_hap() {
  mkdir -p $W/hap
  # 1 hop: client -> haproxy -> backend (h2c accepted too: preface auto-detected)
  { hap_global; cat <<EOF
frontend f
  bind 127.0.0.1:$((PB+1))
  default_backend app
backend app
  server app 127.0.0.1:$((PB+0))
EOF
  } > $W/hap/hap1.cfg
  # 2 hops plaintext: A($((PB+2))) -> B($((PB+22))) -> backend
  { hap_global; cat <<EOF
frontend f
  bind 127.0.0.1:$((PB+2))
  default_backend b
backend b
  server b 127.0.0.1:$((PB+22))
EOF
  } > $W/hap/a-plain.cfg
  { hap_global; cat <<EOF
frontend f
  bind 127.0.0.1:$((PB+22))
  default_backend app
backend app
  server app 127.0.0.1:$((PB+0))
EOF
  } > $W/hap/b-plain.cfg
  # 2 hops mTLS: A($((PB+3))) --TLS, client cert--> B($((PB+23)), verify required) -> backend
  # Second listener A($((PB+13))) uses ALPN h2 on the A->B link, so every client request (HTTP/1.1
  # or h2c) is multiplexed over a few h2-over-mTLS connections (as Sutra and Linkerd do between
  # sidecars): scenario hap2mtlsh2 for HTTP/1.1 clients, and the HTTP/2 test of hap2mtls.
  { hap_global; cat <<EOF
frontend f
  bind 127.0.0.1:$((PB+3))
  default_backend b
backend b
  server b 127.0.0.1:$((PB+23)) ssl crt $P/a.pem ca-file $P/ca.crt verify required verifyhost b.mesh.local sni str(b.mesh.local) ssl-min-ver TLSv1.3
backend b_h2
  server b 127.0.0.1:$((PB+23)) ssl crt $P/a.pem ca-file $P/ca.crt verify required verifyhost b.mesh.local sni str(b.mesh.local) ssl-min-ver TLSv1.3 alpn h2
frontend f_h2
  bind 127.0.0.1:$((PB+13))
  # h2 -> h1 conversion leaves an empty reason phrase, which h2load's HTTP/1 parser rejects
  http-response set-status 200 reason OK if { status 200 }
  default_backend b_h2
EOF
  } > $W/hap/a-mtls.cfg
  { hap_global; cat <<EOF
frontend f
  bind 127.0.0.1:$((PB+23)) ssl crt $P/b.pem ca-file $P/ca.crt verify required alpn h2,http/1.1 ssl-min-ver TLSv1.3
  default_backend app
backend app
  server app 127.0.0.1:$((PB+0))
EOF
  } > $W/hap/b-mtls.cfg
}

# ------------------------------------------------------- process control -----
start_ngx() { # $1 name -> sets LASTPID (nginx master)
  local d=$W/$1
  taskset -c $SRV_CPU nginx -p $d -c $d/nginx.conf -e $d/error.log -g 'daemon off;' >>$d/stdout.log 2>&1 &
  LASTPID=$!; PIDS+=($LASTPID)
}
start_hap() { # $1 cfg name -> sets LASTPID
  taskset -c $SRV_CPU haproxy -db -f $W/hap/$1.cfg >>$W/logs/$1.log 2>&1 &
  LASTPID=$!; PIDS+=($LASTPID)
}
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# all PIDs belonging to one server instance (nginx: master + its children)
inst_pids() { local m=$1; echo $m; cat /proc/$m/task/$m/children 2>/dev/null || true; }
cpu_ticks() { # sum utime+stime over instance (all threads of a JVM are in /proc/PID/stat)
  local s=0 p
  for p in $(inst_pids $1); do
    [ -r /proc/$p/stat ] && s=$((s + $(awk '{print $14+$15}' /proc/$p/stat)))
  done; echo $s
}
mem_kb() { # $1 pid, $2 field (VmRSS|VmHWM) summed over instance
  local s=0 p v
  for p in $(inst_pids $1); do
    v=$(awk -v f="$2:" '$1==f{print $2}' /proc/$p/status 2>/dev/null || true); s=$((s + ${v:-0}))
  done; echo $s
}
pss_kb() { local s=0 p v
  for p in $(inst_pids $1); do
    v=$(awk '$1=="Pss:"{print $2}' /proc/$p/smaps_rollup 2>/dev/null || true); s=$((s + ${v:-0}))
  done; echo $s
}
wait_port() { # $1 url
  local i; for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/${1##*:}) 2>/dev/null && return 0
    sleep 0.1; done; log "port not ready: $1"; return 1
}

# ------------------------------------------------------------- scenarios -----
# Each scenario: URL for client, optional Host (authority) the client sends, and "name:pid" proxies.
declare -A URL=( [ext2mtls]=http://127.0.0.1:$((PB+6))/ [netty]=http://127.0.0.1:$((PB+5))/ [direct]=http://127.0.0.1:$((PB+0))/ [hap1]=http://127.0.0.1:$((PB+1))/
  [hap2plain]=http://127.0.0.1:$((PB+2))/ [hap2mtls]=http://127.0.0.1:$((PB+3))/ [hap2mtlsh2]=http://127.0.0.1:$((PB+13))/ [ngx2mtls]=http://127.0.0.1:$((PB+4))/ )
declare -A H2URL=( [ext2mtls]=http://127.0.0.1:$((PB+6))/ [direct]=http://127.0.0.1:$((PB+10))/ [hap1]=http://127.0.0.1:$((PB+1))/ [hap2mtls]=http://127.0.0.1:$((PB+13))/ )
declare -A AUTH=()
declare -A PROX=( [direct]="" )

# Sutra's ports: A = client side, B = origin side, CP = control plane.
S_A_ENTRY=$((PB+7)); S_B_IN=$((PB+17)); S_A_ADMIN=$((PB+27)); S_B_ADMIN=$((PB+28))
S_CP_XDS=$((PB+29)); S_CP_TLS=$((PB+30)); S_CP_API=$((PB+31)); S_A_IN=$((PB+32)); S_A_BIND=$((PB+33))
S_HOST=origin.default.svc.cluster.local:8080

start_sutra() {
  local d=$W/sutra tb ta entry
  mkdir -p $d
  sutra_start_controlplane $d/cp $S_CP_XDS $S_CP_TLS $S_CP_API $SRV_CPU
  tb=$(sutra_token $S_CP_API default origin); ta=$(sutra_token $S_CP_API default client)
  [ -n "$tb" ] && [ -n "$ta" ] || die "no join tokens from Sutra's control plane (see $d/cp/controlplane.log)"
  # B fronts the origin as service "origin", port 8080; its inbound port is what A dials (mTLS, h2).
  sutra_start_proxy $d/b.log $SRV_CPU --service origin --app-port http:8080=$((PB+0)) --inbound-port $S_B_IN \
    --outbound-port 0 --admin-port $S_B_ADMIN --control-plane 127.0.0.1:$S_CP_TLS --join-token "$tb" \
    --state-dir $d/state-b
  local b=$SUTRA_PROXY_PID
  sutra_wait_http http://127.0.0.1:$S_B_ADMIN/ready 200 60 $b $d/b.log
  sutra_start_proxy $d/a.log $SRV_CPU --service client --outbound-port $S_A_ENTRY --inbound-port $S_A_IN \
    --upstream $S_HOST=$S_A_BIND --admin-port $S_A_ADMIN --control-plane 127.0.0.1:$S_CP_TLS --join-token "$ta" \
    --state-dir $d/state-a
  PROX[sutra2mtls]="sutraA:$SUTRA_PROXY_PID sutraB:$b"
  if [ "$SUTRA_ENTRY" = bind ]; then
    entry=$S_A_BIND
  else
    entry=$S_A_ENTRY; AUTH[sutra2mtls]=$S_HOST
  fi
  URL[sutra2mtls]=http://127.0.0.1:$entry/; H2URL[sutra2mtls]=${URL[sutra2mtls]}
  # Ready once a request goes all the way through A, B and the origin.
  sutra_wait_http http://127.0.0.1:$entry/ 200 60 $SUTRA_PROXY_PID $d/a.log -H "Host: $S_HOST"
}

# wrk / h2load arguments that set the scenario's Host (h2load: :authority, for HTTP/1.1 too)
wrk_host() { WH=(); [ -n "${AUTH[$1]:-}" ] && WH=(-H "Host: ${AUTH[$1]}"); return 0; }
h2_host() { HH=(); [ -n "${AUTH[$1]:-}" ] && HH=(-H ":authority: ${AUTH[$1]}"); return 0; }

mk_backend; mk_ngx_a; mk_ngx_b; mk_hap
for port in $(seq $PB $((PB+33))); do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then die "port $port busy: set PORT_BASE"; fi
done
start_ngx ngx-backend; BACK=$LASTPID
has hap1 && { start_hap hap1; PROX[hap1]="hapX:$LASTPID"; }
has hap2plain && { start_hap a-plain; a=$LASTPID; start_hap b-plain; PROX[hap2plain]="hapA:$a hapB:$LASTPID"; }
if has hap2mtls || has hap2mtlsh2; then
  start_hap a-mtls;  a=$LASTPID; start_hap b-mtls;  PROX[hap2mtls]="hapA:$a hapB:$LASTPID"; PROX[hap2mtlsh2]=${PROX[hap2mtls]}
fi
has ngx2mtls && { start_ngx ngx-a; a=$LASTPID; start_ngx ngx-b; PROX[ngx2mtls]="ngxA:$a ngxB:$LASTPID"; }
if [ "$NETTY" = 1 ]; then
  # The calibration origin runs on the Netty inside sutra.jar (JDK source launcher, no build step).
  # shellcheck disable=SC2086
  taskset -c $SRV_CPU "$SUTRA_JAVA" $SUTRA_JDK_FLAGS $NETTY_JVM -cp "$SUTRA_JAR" "$HERE/NettyOrigin.java" \
    $((PB+5)) $BODY_BYTES 1 >>$W/logs/netty.log 2>&1 &
  LASTPID=$!; PIDS+=($LASTPID); PROX[netty]="jvm:$LASTPID"
  SCENARIOS="netty $SCENARIOS"
fi
if [ -n "$EXT_A_CMD" ] && [ -n "$EXT_B_CMD" ]; then
  export A_PORT=$((PB+6)) B_PORT=$((PB+16)) ORIGIN_PORT=$((PB+0)) PKI=$P
  taskset -c $SRV_CPU bash -c "exec $EXT_B_CMD" >>$W/logs/ext-b.log 2>&1 &
  b=$!; PIDS+=($b)
  taskset -c $SRV_CPU bash -c "exec $EXT_A_CMD" >>$W/logs/ext-a.log 2>&1 &
  PIDS+=($!); PROX[ext2mtls]="extA:$! extB:$b"
  SCENARIOS="$SCENARIOS ext2mtls"; H2_SCENARIOS="$H2_SCENARIOS ext2mtls"
  sleep 2
fi
has sutra2mtls && start_sutra
sleep 1
for s in $SCENARIOS; do wait_port ${URL[$s]%/}; done

# ------------------------------------------------------------------ checks -----
# functional check: every path answers 200 with the full body
for s in $SCENARIOS; do
  wrk_host $s
  n=$(wrk -t1 -c1 -d1s "${WH[@]}" ${URL[$s]} 2>&1 | awk '/requests in/{print $1}')
  r=$(curl -s -o $W/logs/check-$s.body -w '%{http_code} %{size_download}' --max-time 3 "${WH[@]}" ${URL[$s]} || true)
  log "check $s: HTTP ${r% *}, ${r#* } body bytes ($n req in 1s)"
  [ "$r" = "200 $BODY_BYTES" ] || die "scenario $s does not answer 200 with $BODY_BYTES bytes"
done
# negative check: B must refuse a TLS client without a certificate
mtls_ports=""
has ngx2mtls && mtls_ports+=" $((PB+24))"
{ has hap2mtls || has hap2mtlsh2; } && mtls_ports+=" $((PB+23))"
has sutra2mtls && mtls_ports+=" $S_B_IN"
for port in $mtls_ports; do
  r=$(printf 'GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n' | timeout 3 openssl s_client -quiet \
    -connect 127.0.0.1:$port -servername b.mesh.local 2>&1 | grep -m1 -E 'HTTP/1.1|alert' || true)
  log "mTLS negative check :$port without client cert -> ${r:-no response}"
  [[ "$r" == HTTP/1.1\ 200* ]] && die "port $port served a client without a certificate"
done
if has sutra2mtls; then
  log "sutra A's upstream peer: $(curl -s http://127.0.0.1:$S_A_ADMIN/peers)"
fi

LG="taskset -c $LG_CPU"

snap_cpu() { local out="" np n p; for np in $1; do n=${np%%:*}; p=${np##*:}; out+="$n:$(cpu_ticks $p) "; done; echo "$out"; }
diff_cpu() { # $1 before, $2 after -> "n:seconds ..."
  local out="" b a n; for b in $1; do n=${b%%:*}; a=$(echo "$2" | tr ' ' '\n' | awk -F: -v n=$n '$1==n{print $2}')
    out+="$n:$(awk -v x=${b##*:} -v y=$a -v hz=$HZ 'BEGIN{printf "%.2f",(y-x)/hz}') "; done; echo "$out"; }

pct() { # stdin: numbers (us); args: percentiles -> ms values
  sort -n | awk -v ps="$*" 'BEGIN{n=split(ps,P," ")} {v[NR]=$1} END{
    for(i=1;i<=n;i++){k=int(P[i]/100*NR+0.999999); if(k<1)k=1; if(k>NR)k=NR; printf "%.3f ", v[k]/1000}}'
}
wrk_ms() { # wrk's latency column ("1.23ms", "456.00us", "1.01s") -> ms
  sed 's/us$/e-3/;s/ms$//;s/s$/e3/' | awk '{printf "%.3f",$1+0}'
}

core_busy() { # $1 cpu index -> "busy_ticks steal_ticks"
  awk -v c="cpu$1" '$1==c{print $2+$3+$4+$7+$8, $9}' /proc/stat; }
wait_quiet() { # wait until other processes leave both cores mostly idle (our servers are idle now)
  local t=0 a0 a1 b0 b1 p0 p1
  while :; do
    a0=$(core_busy 0 | cut -d' ' -f1); a1=$(core_busy 1 | cut -d' ' -f1); sleep 1
    b0=$(core_busy 0 | cut -d' ' -f1); b1=$(core_busy 1 | cut -d' ' -f1)
    p0=$(( (b0-a0)*100/HZ )); p1=$(( (b1-a1)*100/HZ ))
    [ $p0 -lt $QUIET_PCT ] && [ $p1 -lt $QUIET_PCT ] && break
    t=$((t+1)); if [ $t -ge $QUIET_MAX ]; then log "still busy (cpu0 ${p0}% cpu1 ${p1}%), measuring anyway"; break; fi
  done; QUIET_WAITED=$t
}
# foreign CPU on the server core during a run = core busy - our processes' CPU
SNAP_CORE=""; snap_core() { SNAP_CORE="$(core_busy $SRV_CPU) $(core_busy $LG_CPU)"; }
rec_noise() { # $1 rep $2 scen $3 test $4 our-cpu-seconds-on-server-core (string n:s ...)
  local now ours; now="$(core_busy $SRV_CPU) $(core_busy $LG_CPU)"
  ours=$(echo "$4" | tr ' ' '\n' | awk -F: '{s+=$2} END{print s+0}')
  # shellcheck disable=SC2086
  set -- $1 $2 $3 $SNAP_CORE $now $ours
  # fields: rep scen test b_busy b_steal lg_busy lg_steal a_busy a_steal alg_busy alg_steal ours
  rec $1 $2 $3 foreign_srv_s "$(awk -v b=$4 -v a=${8} -v o=${12} -v hz=$HZ 'BEGIN{printf "%.2f",(a-b)/hz-o}')"
  rec $1 $2 $3 steal_srv_s "$(awk -v b=$5 -v a=${9} -v hz=$HZ 'BEGIN{printf "%.2f",(a-b)/hz}')"
  rec $1 $2 $3 quiet_wait_s $QUIET_WAITED
}

R=$W/res/results.tsv
echo -e "rep\tscenario\ttest\tmetric\tvalue" > $R
rec() { echo -e "$1\t$2\t$3\t$4\t$5" >> $R; }
rec 0 meta cfg dur $DUR; rec 0 meta cfg rate $RATE; rec 0 meta cfg conc $CONC; rec 0 meta cfg body $BODY_BYTES

run_rep() {
  local rep=$1 s u b a o lat np
  for s in $SCENARIOS; do
    u=${URL[$s]}; wrk_host $s; h2_host $s
    # 1) max throughput, keep-alive, fixed concurrency
    wait_quiet
    b=$(snap_cpu "${PROX[$s]} back:$BACK"); snap_core
    o=$($LG wrk -t1 -c$CONC -d${DUR}s --latency "${WH[@]}" $u 2>&1)
    a=$(snap_cpu "${PROX[$s]} back:$BACK")
    rec_noise $rep $s tput "$(diff_cpu "$b" "$a")"
    rec $rep $s tput rps "$(echo "$o" | awk '/Requests\/sec/{print $2}')"
    rec $rep $s tput p50_ms "$(echo "$o" | awk '$1=="50%"{print $2}' | wrk_ms)"
    rec $rep $s tput p99_ms "$(echo "$o" | awk '$1=="99%"{print $2}' | wrk_ms)"
    rec $rep $s tput errors "$(echo "$o" | awk '/Non-2xx|Socket errors/{e=e $0} END{print (e==""?0:e)}')"
    for np in $(diff_cpu "$b" "$a"); do rec $rep $s tput cpu_s_${np%%:*} ${np##*:}; done
    for np in ${PROX[$s]}; do
      rec $rep $s mem rss_kb_${np%%:*} $(mem_kb ${np##*:} VmRSS)
      rec $rep $s mem hwm_kb_${np%%:*} $(mem_kb ${np##*:} VmHWM)
      rec $rep $s mem pss_kb_${np%%:*} $(pss_kb ${np##*:})
    done
    # 2) closed-loop, single connection (pure per-request round trip)
    wait_quiet; snap_core; b=$(snap_cpu "${PROX[$s]} back:$BACK")
    o=$($LG wrk -t1 -c1 -d${DUR}s --latency "${WH[@]}" $u 2>&1)
    rec_noise $rep $s c1 "$(diff_cpu "$b" "$(snap_cpu "${PROX[$s]} back:$BACK")")"
    rec $rep $s c1 rps "$(echo "$o" | awk '/Requests\/sec/{print $2}')"
    rec $rep $s c1 p50_ms "$(echo "$o" | awk '$1=="50%"{print $2}' | wrk_ms)"
    rec $rep $s c1 p99_ms "$(echo "$o" | awk '$1=="99%"{print $2}' | wrk_ms)"
    # 3) fixed rate (h2load --rps is per client, HTTP/1.1), per-request log -> percentiles.
    #    rate1:  1 connection at $RATE req/s  (evenly spaced arrivals: pure per-hop cost)
    #    rateN:  $RATE_CONNS connections at $RATE/$RATE_CONNS each (h2load fires the
    #            clients' timers together, so arrivals come in bursts of $RATE_CONNS)
    local t c lf t0 t1 wall
    for t in rate1 rateN; do
      c=1; [ $t = rateN ] && c=$RATE_CONNS
      lf=$W/res/$t-$s-$rep.log
      wait_quiet
      b=$(snap_cpu "${PROX[$s]} back:$BACK"); snap_core; t0=$(date +%s.%N)
      o=$($LG h2load --h1 -c $c --rps $((RATE / c)) -D $DUR "${HH[@]}" --log-file=$lf $u 2>&1 || true)
      t1=$(date +%s.%N); a=$(snap_cpu "${PROX[$s]} back:$BACK")
      rec_noise $rep $s $t "$(diff_cpu "$b" "$a")"
      lat=$(awk -F'\t' '$2==200{print $3}' $lf | pct 50 90 99 99.9)
      # shellcheck disable=SC2086
      set -- $lat
      rec $rep $s $t p50_ms $1; rec $rep $s $t p90_ms $2; rec $rep $s $t p99_ms $3; rec $rep $s $t p999_ms $4
      rec $rep $s $t done_rps "$(awk -v n=$(awk -F'\t' '$2==200' $lf | wc -l) -v d=$DUR 'BEGIN{printf "%.0f", n/d}')"
      rec $rep $s $t failed "$(echo "$o" | awk '/^requests:/{print $10}')"
      wall=$(awk -v a=$t0 -v b=$t1 'BEGIN{print b-a}')
      for np in $(diff_cpu "$b" "$a"); do
        rec $rep $s $t cpu_per_krps_${np%%:*} "$(awk -v c=${np##*:} -v w=$wall -v r=$RATE 'BEGIN{printf "%.3f", c/w/(r/1000)}')"
      done
    done
  done
  # 4) HTTP/2 (h2c from client; hap2mtls multiplexes over an h2 mTLS link, as Sutra's pair does)
  for s in $H2_SCENARIOS; do
    [ -n "${H2URL[$s]:-}" ] || continue
    h2_host $s
    wait_quiet
    b=$(snap_cpu "${PROX[$s]} back:$BACK"); snap_core
    o=$($LG h2load -c $H2_CLIENTS -m $H2_STREAMS -D $DUR "${HH[@]}" ${H2URL[$s]} 2>&1 || true)
    a=$(snap_cpu "${PROX[$s]} back:$BACK")
    rec_noise $rep $s h2 "$(diff_cpu "$b" "$a")"
    rec $rep $s h2 rps "$(echo "$o" | awk '/^finished in/{print $4}')"
    rec $rep $s h2 proto "$(echo "$o" | awk '/Application protocol/{print $3}')"
    rec $rep $s h2 failed "$(echo "$o" | awk '/^requests:/{print $10}')"
    for np in $(diff_cpu "$b" "$a"); do rec $rep $s h2 cpu_s_${np%%:*} ${np##*:}; done
  done
}

log "versions: $(haproxy -v | head -1 | cut -d' ' -f1-3); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(h2load --version | head -1)"
log "settings: REPS=$REPS DUR=${DUR}s CONC=$CONC RATE=$RATE/s over $RATE_CONNS conns BODY=${BODY_BYTES}B LG_CPU=$LG_CPU SRV_CPU=$SRV_CPU"
# warm-up: fills TLS session caches and connection pools; JVMs (netty, sutra, ext) get longer for the JIT
for s in $SCENARIOS; do
  w=$WARM; case $s in netty|sutra2mtls) w=$WARM_JVM ;; ext2mtls) w=$EXT_WARM ;; esac
  wrk_host $s; h2_host $s
  $LG wrk -t1 -c$CONC -d${w}s "${WH[@]}" ${URL[$s]} >/dev/null 2>&1
  if [ $w -gt $WARM ] && [ -n "${H2URL[$s]:-}" ]; then
    $LG h2load -c $H2_CLIENTS -m $H2_STREAMS -D $((w / 2)) "${HH[@]}" ${H2URL[$s]} >/dev/null 2>&1 || true
  fi
done
for rep in $(seq 1 $REPS); do log "rep $rep/$REPS"; run_rep $rep; done
log "raw results: $R"
stop_all; trap - EXIT

# ---------------------------------------------------------------- report -----
bash "$HERE/report.sh" "$R" | tee $W/res/report.txt
