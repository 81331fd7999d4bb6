#!/usr/bin/env bash
# Throughput of the load engine against the governance server directly and through a fault-free
# FaultProxy, alternating rounds in one run (issue 9, acceptance 5: proxied >= 0.7 x direct).
# The server runs in its own JVM; the proxy runs in the load generator's JVM (as in a chaos run).
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
java -Dgonogo.bench.token=proxy-bench -cp "$cp" io.gonogo.runners.chaos.internal.ProxyBench "$addr" "${1:-5}" "${2:-50}" "${3:-3}" "${5:-/health}" "${4:-http}"
