#!/usr/bin/env bash
# The governance server against the practical ceiling of this machine: wrk drives the server's
# GET /health and a static nginx answer in alternating rounds of one run (one wrk thread, same
# connections and duration). The server runs in its own JVM and is warmed up first for one round,
# so the first measured round does not run on a cold JIT. Prints each round, the medians and the
# ratio server/nginx.
#
# usage: bench/server-ceiling.sh [rounds=3] [seconds=5] [connections=50]   (from the repository root)
# needs: cli/target/gonogo.jar, wrk, nginx, python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-3}; secs=${2:-5}; conns=${3:-50}
need wrk nginx python3 java; need_jar
start_nginx
start_server
static="http://$nginx_addr/health"; server="http://$server_http/health"
wrk_rps "$server" "$secs" "$conns" > /dev/null   # warm-up
a=(); b=()
for i in $(seq 1 "$rounds"); do
  a+=("$(wrk_rps "$static" "$secs" "$conns")"); b+=("$(wrk_rps "$server" "$secs" "$conns")")
  echo "round $i: nginx ${a[-1]} req/s, governance server ${b[-1]} req/s"
done
ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
echo "median nginx $ma req/s, governance server $mb req/s, ratio server/nginx $(ratio "$mb" "$ma")"
