# Shared by the bench scripts: free ports, a static nginx, the governance server, medians.
# Sourced, not run. Everything started here is stopped by the EXIT trap of the calling script.

jar=${GONOGO_JAR:-cli/target/gonogo.jar}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

need() {
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "missing $t (Debian: apt-get install -y wrk nginx-light python3)" >&2; exit 2; }
  done
}

need_jar() {
  [ -f "$jar" ] || { echo "missing $jar: build it with 'mvn -B -ntp -q package -DskipTests'" >&2; exit 2; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# nginx with one worker and unlimited keep-alive, its address in $nginx_addr. With an argument
# (host:port) it relays to that upstream over kept-alive connections; without, it answers every
# request with a static JSON body.
start_nginx() {
  local port; port=$(free_port)
  local where="default_type application/json; return 200 '{\"status\":\"ok\"}';"
  local upstream=""
  if [ $# -gt 0 ]; then
    upstream="upstream service { server $1; keepalive 256; keepalive_requests 100000000; }"
    where="proxy_pass http://service; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering off;"
  fi
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  $upstream
  server { listen 127.0.0.1:$port; location / { $where } }
}
CONF
  nginx -c "$work/nginx.conf"
  for _ in $(seq 1 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
  nginx_addr="127.0.0.1:$port"
}

# The bundled governance server in its own JVM (token "bench"), on ports the system picks; its
# addresses in $server_http and $server_grpc. It reads its standard input from a pipe this shell
# holds open, so it stops with the script however the script ends. Argument: "none" (default)
# for no gRPC, "0" for a gRPC port too.
start_server() {
  local out="$work/server.out"
  mkfifo "$work/server.in"
  GONOGO_GOVERNANCE_TOKEN=bench java -Xmx512m -cp "$jar" io.gonogo.server.GovernanceServerMain \
    --host 127.0.0.1 --http-port 0 --grpc-port "${1:-none}" --exit-on-stdin-eof \
    < "$work/server.in" > "$out" 2>"$work/server.err" &
  pids+=($!)
  exec 9>"$work/server.in"
  for _ in $(seq 1 300); do grep -q ready "$out" 2>/dev/null && break; sleep 0.2; done
  grep -q ready "$out" || { echo "the governance server did not start: $(cat "$work/server.err")" >&2; exit 1; }
  server_http=$(sed -n 's/.*ready http=\([^ ]*\).*/\1/p' "$out" | head -1)
  server_grpc=$(sed -n 's/.*grpc=\([^ ]*\).*/\1/p' "$out" | head -1)
}

# wrk's throughput (req/s) for one run: wrk_rps URL SECONDS CONNECTIONS
wrk_rps() {
  wrk -t1 -c"$3" -d"$2s" "$1" | awk '/^Requests\/sec:/ {print $2}'
}

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}

# ratio A/B with three decimals
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f\n", a/b}'
}

# nginx as start_nginx's static answer, but over TLS with a self-signed certificate for
# 127.0.0.1 made by openssl; its address in $nginx_addr, the certificate in $work/tls-cert.pem.
start_nginx_tls() {
  need openssl
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=localhost -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
    -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" 2>/dev/null
  local port; port=$(free_port)
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  ssl_session_cache shared:SSL:1m;
  server { listen 127.0.0.1:$port ssl;
    ssl_certificate $work/tls-cert.pem; ssl_certificate_key $work/tls-key.pem;
    location / { default_type application/json; return 200 '{"status":"ok"}'; } }
}
CONF
  nginx -c "$work/nginx.conf"
  for _ in $(seq 1 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
  nginx_addr="127.0.0.1:$port"
}
