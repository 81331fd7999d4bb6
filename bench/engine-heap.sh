#!/usr/bin/env bash
# The load engine's heap does not grow with the request count: `gonogo load` runs a closed-model
# load against a static nginx in a 32 MiB heap with GC logging; a full GC is forced (jcmd GC.run)
# at a tenth and at eight tenths of the run. Prints the run's summary line and every GC pause: the
# two forced ones ("Diagnostic Command") show the heap left early and late in the run.
#
# With "https" as third argument the run goes over TLS to nginx with a self-signed certificate.
#
# usage: bench/engine-heap.sh [seconds=30] [connections=50] [http|https]   (from the repository root)
# needs: cli/target/gonogo.jar, nginx, python3, jcmd (the JDK's); openssl for https
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-30}; conns=${2:-50}; scheme=${3:-http}
need nginx python3 java jcmd; need_jar
tls=()
if [ "$scheme" = https ]; then start_nginx_tls; tls=(--insecure); else start_nginx; fi
java -Xmx32m -Xlog:gc:file="$work/gc.log" -jar "$jar" load "$scheme://$nginx_addr/health" \
  -d "${secs}s" -c "$conns" --threads 1 -q "${tls[@]}" > "$work/summary" &
gen=$!; pids+=("$gen")
early=$(( secs / 10 + 1 )); late=$(( secs * 8 / 10 - early + 1 ))
sleep "$early"; jcmd "$gen" GC.run > /dev/null
sleep "$late"; jcmd "$gen" GC.run > /dev/null
wait "$gen"
grep -E '^ *[0-9]+ requests in|^Requests/sec' "$work/summary" || cat "$work/summary"
grep -E 'Pause' "$work/gc.log"
