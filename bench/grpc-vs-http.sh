#!/usr/bin/env bash
# The governance server's health check over gRPC against the same check over HTTP/1.1, both driven
# by `gonogo load` (the gRPC and the HTTP load engine) against one server in its own JVM, same
# connections and duration, in alternating rounds after a warm-up of each. Prints each round, the
# medians and the ratio http/grpc.
#
# usage: bench/grpc-vs-http.sh [rounds=3] [seconds=5] [connections=50] [warmup=20000]
#        (from the repository root)
# needs: cli/target/gonogo.jar, python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-3}; secs=${2:-5}; conns=${3:-50}; warmup=${4:-20000}
need python3 java; need_jar
start_server 0
rps() { java -jar "$jar" load "$@" -c "$conns" -d "${secs}s" --warmup "$warmup" -q | awk '/^Requests\/sec:/ {print $2}'; }
h=(); g=()
for i in $(seq 1 "$rounds"); do
  h+=("$(rps "http://$server_http/health")")
  g+=("$(rps "grpc://$server_grpc" -m gonogo.governance.v1.Governance/Health)")
  echo "round $i: http ${h[-1]} req/s, grpc ${g[-1]} calls/s"
done
mh=$(median "${h[@]}"); mg=$(median "${g[@]}")
echo "median http $mh req/s, grpc $mg calls/s, ratio http/grpc $(ratio "$mh" "$mg")"
