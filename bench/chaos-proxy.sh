#!/usr/bin/env bash
# The chaos suite's fault proxy without faults: the load engine drives the governance server
# directly, through gonogo's FaultProxy (in the generator's JVM, as in a chaos run) and, when nginx
# is installed, through nginx as a reverse proxy (one worker, kept-alive upstream connections), in
# alternating rounds of one run after a warm-up of each path as long as a round. Prints each round,
# the medians, each relay's share of direct throughput and the CPU per request of generator and proxy.
#
# usage: bench/chaos-proxy.sh [rounds=3] [seconds=5] [connections=50] [http|tcp] [request=/health]
#        request: a path, or e.g. 'POST /sessions {"operator":"bench"}' (the token is passed along)
#        (from the repository root)
# needs: cli/target/gonogo.jar, python3; nginx optional
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-3}; secs=${2:-5}; conns=${3:-50}; mode=${4:-http}; request=${5:-/health}
need python3 java; need_jar
start_server
peer=()
if command -v nginx > /dev/null; then
  start_nginx "$server_http"
  peer=(-Dgonogo.bench.peer="$nginx_addr")
else
  echo "nginx not installed: measuring without the peer relay" >&2
fi
java "${peer[@]}" -Dgonogo.bench.token=bench -cp "$jar" io.gonogo.runners.chaos.internal.ProxyBench \
  "$server_http" "$secs" "$conns" "$rounds" "$request" "$mode"
