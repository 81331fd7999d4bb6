#!/usr/bin/env bash
# Throughput of the load engine against the governance server directly and through a fault-free
# FaultProxy, alternating rounds in one run (issue 9, acceptance 5: proxied >= 0.7 x direct).
# The server runs in its own JVM; the proxy runs in the load generator's JVM (as in a chaos run).
# With nginx installed, nginx in front of the same service is measured too, as a peer relay.
# usage: runners/chaos/bench/proxy-ratio.sh [seconds=5] [connections=50] [rounds=3] [http|tcp] [request=/health]
#        (from the repo root; request as ProxyBench takes it, e.g. 'POST /sessions {"operator":"bench"}')
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -ntp -q -pl runners/chaos -am compile
mvn -B -ntp -q -pl runners/chaos -am test-compile -DskipTests >/dev/null
# (-q still prints colour resets around the path: strip them; the reactor modules come from target/classes,
# never from a possibly stale copy in ~/.m2)
cp=$(mvn -B -ntp -q -pl runners/chaos dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null \
  | sed 's/\x1b\[[0-9;]*m//g' || true)
[ -n "$cp" ] || { echo "cannot build the class path" >&2; exit 1; }
cp="runners/chaos/target/classes:runners/engine/target/classes:governance-server/target/classes:runners/load/target/classes:decision-core/target/classes:$cp"
out=$(mktemp)
java -Xmx512m -cp "$cp" io.gonogo.server.GovernanceServerMain --host 127.0.0.1 --http-port 0 --grpc-port none --token proxy-bench \
  --exit-on-stdin-eof < <(sleep 100000) > "$out" 2>/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 100); do grep -q ready "$out" && break; sleep 0.2; done
addr=$(sed -n 's/.*ready http=\([^ ]*\).*/\1/p' "$out" | head -1)
# nginx, when installed, as a reverse proxy in front of the same service (keep-alive to it, one worker
# like the proxy's one event loop): the peer figure says what a mature proxy keeps on this machine
peer=""
if command -v nginx >/dev/null; then
  ndir=$(mktemp -d); nport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  cat > "$ndir/nginx.conf" <<CONF
worker_processes 1;
pid $ndir/nginx.pid;
error_log $ndir/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000000;
  upstream service { server $addr; keepalive 256; keepalive_requests 100000000; }
  server { listen 127.0.0.1:$nport;
    location / { proxy_pass http://service; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_buffering off; } } }
CONF
  nginx -c "$ndir/nginx.conf" && peer="-Dgonogo.bench.peer=127.0.0.1:$nport"
  trap 'kill $srv 2>/dev/null; kill $(cat "$ndir/nginx.pid" 2>/dev/null) 2>/dev/null; rm -rf "$out" "$ndir"' EXIT
fi
java $peer -Dgonogo.bench.token=proxy-bench -cp "$cp" io.gonogo.runners.chaos.internal.ProxyBench "$addr" "${1:-5}" "${2:-50}" "${3:-3}" "${5:-/health}" "${4:-http}"
