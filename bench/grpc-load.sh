#!/usr/bin/env bash
# The gRPC load engine against h2load: `gonogo load grpc://` and h2load (nghttp2) call the
# governance server's unary gonogo.governance.v1.Governance/Health in its own JVM, one client
# thread each, the same connections with one call in flight per connection, the same duration, in
# alternating rounds of one run. h2load sends the same 5-byte gRPC frame (an empty HealthRequest)
# with content-type application/grpc over cleartext HTTP/2; it does not read grpc-status, so the
# script checks the server answered every call with HTTP 200. Prints each round's throughput and
# the CPU per call of both clients (user + system time of the process over the calls it made;
# gonogo's is counted from the start of its measured window, so the JVM's start is not in it), their
# medians and the ratio gonogo/h2load.
#
# usage: bench/grpc-load.sh [rounds=5] [seconds=5] [connections=50]   (from the repository root)
# needs: cli/target/gonogo.jar, h2load (Debian: nghttp2-client), python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-5}; secs=${2:-5}; conns=${3:-50}
need h2load python3 java; need_jar
start_server 0
method=gonogo.governance.v1.Governance/Health
printf '\0\0\0\0\0' > "$work/health.frame"
tick=$(getconf CLK_TCK)

# CPU seconds (user + system) of process $1 so far
cpu() { awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$1/stat"; }

for i in $(seq 1 "$rounds"); do
  /usr/bin/time -f '%U %S' -o "$work/h2load.$i.cpu" \
    h2load -c "$conns" -m 1 -t 1 -D "$secs" -d "$work/health.frame" \
      -H 'content-type: application/grpc' -H 'te: trailers' \
      "http://$server_grpc/$method" > "$work/h2load.$i" 2>&1
  java -jar "$jar" load "grpc://$server_grpc" -m "$method" -c "$conns" -d "${secs}s" \
    --threads 1 --json "$work/gonogo.$i.json" > "$work/gonogo.$i.out" 2> /dev/null &
  pid=$!
  # the measured window starts when the engine prints its header
  until grep -q '^Running' "$work/gonogo.$i.out" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do
    sleep 0.05
  done
  start_cpu=$(cpu "$pid" 2>/dev/null || echo 0)
  last_cpu=$start_cpu
  while kill -0 "$pid" 2>/dev/null; do
    last_cpu=$(cpu "$pid" 2>/dev/null || echo "$last_cpu")
    sleep 0.1
  done
  wait "$pid"
  echo "$start_cpu $last_cpu" > "$work/gonogo.$i.cpu"
done
python3 - "$work" "$rounds" <<'PY'
import json, re, statistics, sys
folder, rounds = sys.argv[1], int(sys.argv[2])
h_rps, h_cpu, g_rps, g_cpu = [], [], [], []
for i in range(1, rounds + 1):
    h = open(f"{folder}/h2load.{i}").read()
    done = re.search(r'requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded', h)
    status = re.search(r'status codes: (\d+) 2xx', h)
    if not done or not status or int(status.group(1)) != int(done.group(3)):
        sys.exit(f"h2load round {i}: not every call answered 200:\n{h}")
    calls = int(done.group(3))
    rps = float(re.search(r'finished in [\d.]+m?s, ([\d.]+) req/s', h).group(1))
    user, system = map(float, open(f"{folder}/h2load.{i}.cpu").read().split())
    h_rps.append(rps); h_cpu.append((user + system) / calls * 1e6)
    g = json.load(open(f"{folder}/gonogo.{i}.json"))
    start, end = map(float, open(f"{folder}/gonogo.{i}.cpu").read().split())
    errors = sum(g['errors'].values())
    g_rps.append(g['throughputPerSecond']); g_cpu.append((end - start) / max(1, g['attempted']) * 1e6)
    print(f"round {i}: h2load {h_rps[-1]:,.0f} calls/s {h_cpu[-1]:.1f} us CPU/call;"
          f" gonogo {g_rps[-1]:,.0f} calls/s {g_cpu[-1]:.1f} us CPU/call"
          + (f" ({errors} errors)" if errors else ""))
m = statistics.median
print(f"median throughput: h2load {m(h_rps):,.0f} calls/s, gonogo {m(g_rps):,.0f} calls/s,"
      f" ratio gonogo/h2load {m(g_rps) / m(h_rps):.3f}")
print(f"median CPU per call: h2load {m(h_cpu):.1f} us, gonogo {m(g_cpu):.1f} us,"
      f" ratio gonogo/h2load {m(g_cpu) / m(h_cpu):.2f}")
PY
