#!/usr/bin/env bash
# The gRPC load engine against h2load: `gonogo load grpc://` and h2load (nghttp2) call the
# governance server's unary gonogo.governance.v1.Governance/Health in its own JVM, one client
# thread each, the same connections with one call in flight per connection, the same duration, in
# alternating rounds of one run. h2load sends the same 5-byte gRPC frame (an empty HealthRequest)
# with content-type application/grpc over cleartext HTTP/2; it does not read grpc-status, so the
# script checks the server answered every call with HTTP 200. Prints each round's throughput and
# the CPU per call of both clients (user + system time of the process over the calls it made;
# gonogo's is counted from the start of its measured window, so the JVM's start is not in it, but
# its JIT and GC threads are, and over TLS the warm-up of the JDK's TLS code), their medians and the
# ratio gonogo/h2load; and the CPU time of gonogo's engine thread per call, which is what a call
# costs it once the JVM is warm (the figure a scenario publishes as generator_cpu_per_request).
#
# With a fourth argument "tls" both call grpc-java's interop server (TestServiceServer, as
# examples/grpc-interop lays it out) over TLS instead: grpc.testing.TestService/EmptyCall, an empty
# message too; gonogo trusts the server's test CA and checks its name, h2load checks nothing.
#
# usage: bench/grpc-load.sh [rounds=5] [seconds=5] [connections=50] [plain|tls]
#        (from the repository root)
# needs: cli/target/gonogo.jar, h2load (Debian: nghttp2-client), python3; for tls also
#        mvn -B -ntp -q -f examples/grpc-interop/pom.xml package
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-5}; secs=${2:-5}; conns=${3:-50}; mode=${4:-plain}
need h2load python3 java; need_jar
if [ "$mode" = tls ]; then
  interop=examples/grpc-interop/target
  [ -d "$interop/server/lib" ] || { echo "missing $interop/server: build it with 'mvn -B -ntp -q -f examples/grpc-interop/pom.xml package'" >&2; exit 2; }
  port=$(free_port)
  java -Xmx512m -cp "$interop/server/lib/*" io.grpc.testing.integration.TestServiceServer \
    --port="$port" --use_tls=true > "$work/interop.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do grep -q "Server started" "$work/interop.out" 2>/dev/null && break; sleep 0.2; done
  grep -q "Server started" "$work/interop.out" || { echo "the interop server did not start: $(cat "$work/interop.out")" >&2; exit 1; }
  method=grpc.testing.TestService/EmptyCall
  h2url="https://127.0.0.1:$port/$method"
  target="grpcs://127.0.0.1:$port"
  gonogo_opts=(--proto-set "$interop/protoset/interop.protoset" --cacert "$interop/server/certs/ca.pem"
               --server-name foo.test.google.fr)
else
  start_server 0
  method=gonogo.governance.v1.Governance/Health
  h2url="http://$server_grpc/$method"
  target="grpc://$server_grpc"
  gonogo_opts=()
fi
printf '\0\0\0\0\0' > "$work/health.frame"
tick=$(getconf CLK_TCK)
# one unmeasured h2load run first, so that no round meets a server whose JIT is still cold; the
# interop server's TLS path takes longer to compile than the governance server's plain one
warm=3; [ "$mode" = tls ] && warm=10
h2load -c "$conns" -m 1 -t 1 -D "$warm" -d "$work/health.frame" -H 'content-type: application/grpc' \
  -H 'te: trailers' "$h2url" > /dev/null 2>&1 || true

# CPU seconds (user + system) of process $1 so far
cpu() { awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$1/stat"; }

for i in $(seq 1 "$rounds"); do
  /usr/bin/time -f '%U %S' -o "$work/h2load.$i.cpu" \
    h2load -c "$conns" -m 1 -t 1 -D "$secs" -d "$work/health.frame" \
      -H 'content-type: application/grpc' -H 'te: trailers' \
      "$h2url" > "$work/h2load.$i" 2>&1
  java -jar "$jar" load "$target" -m "$method" -c "$conns" -d "${secs}s" \
    --threads 1 "${gonogo_opts[@]}" --json "$work/gonogo.$i.json" > "$work/gonogo.$i.out" 2> /dev/null &
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
h_rps, h_cpu, g_rps, g_cpu, g_eng = [], [], [], [], []
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
    g_eng.append(g['generator']['cpuMicrosPerRequest'])
    print(f"round {i}: h2load {h_rps[-1]:,.0f} calls/s {h_cpu[-1]:.1f} us CPU/call;"
          f" gonogo {g_rps[-1]:,.0f} calls/s {g_cpu[-1]:.1f} us CPU/call"
          f" ({g_eng[-1]:.1f} us on its engine thread)"
          + (f" ({errors} errors)" if errors else ""))
m = statistics.median
print(f"median throughput: h2load {m(h_rps):,.0f} calls/s, gonogo {m(g_rps):,.0f} calls/s,"
      f" ratio gonogo/h2load {m(g_rps) / m(h_rps):.3f}")
print(f"median CPU per call: h2load {m(h_cpu):.1f} us, gonogo {m(g_cpu):.1f} us,"
      f" ratio gonogo/h2load {m(g_cpu) / m(h_cpu):.2f}; gonogo's engine thread alone"
      f" {m(g_eng):.1f} us")
PY
