#!/usr/bin/env bash
# Acceptance 4 of issue 4: gonogo's p50 against wrk's on the same nginx, in one run.
# Starts a single-worker nginx on a free loopback port (as ../shared/bench/loadgen.sh does), then
# alternates rounds of `wrk -t1 --latency` and `gonogo load --threads 1` with the same connections
# and duration, and prints each round's p50 and throughput, the medians and the ratio gonogo/wrk.
#
# usage: runners/load/bench/p50.sh [rounds=3] [seconds=5] [connections=50] [jar=cli/target/gonogo.jar]
# needs: wrk, nginx, python3, java 17
set -euo pipefail
rounds=${1:-3}; secs=${2:-5}; conns=${3:-50}; jar=${4:-cli/target/gonogo.jar}
for t in wrk nginx python3 java; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 2; }; done
[ -f "$jar" ] || { echo "missing $jar: mvn -B -ntp -q -pl cli -am package -DskipTests" >&2; exit 2; }

dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000000;
  server { listen 127.0.0.1:$port;
    location / { default_type application/json; return 200 '{"status":"ok"}'; } } }
CONF
nginx -c "$dir/nginx.conf"
trap 'kill $(cat "$dir/nginx.pid") 2>/dev/null; rm -rf "$dir"' EXIT
sleep 0.5
url="http://127.0.0.1:$port/health"

for i in $(seq 1 "$rounds"); do
  wrk -t1 -c"$conns" -d"${secs}s" --latency "$url" > "$dir/wrk.$i"
  java -jar "$jar" load "$url" -c "$conns" -d "${secs}s" --threads 1 -q --json "$dir/gonogo.$i.json" > "$dir/gonogo.$i"
done
python3 - "$dir" "$rounds" <<'PY'
import json, re, sys, statistics as st
d, rounds = sys.argv[1], int(sys.argv[2])
def us(text):
    m = re.match(r'([\d.]+)(us|ms|s)$', text)
    v = float(m.group(1)); return v * {'us': 1, 'ms': 1e3, 's': 1e6}[m.group(2)]
wp, wr, gp, gr = [], [], [], []
for i in range(1, rounds + 1):
    w = open(f"{d}/wrk.{i}").read()
    wp.append(us(re.search(r'^\s+50%\s+(\S+)', w, re.M).group(1)))
    wr.append(float(re.search(r'^Requests/sec:\s+([\d.]+)', w, re.M).group(1)))
    g = json.load(open(f"{d}/gonogo.{i}.json"))
    gp.append(g['latencyMicros']['p50']); gr.append(g['throughputPerSecond'])
    print(f"round {i}: wrk p50 {wp[-1]:.0f}us {wr[-1]:.0f} req/s, gonogo p50 {gp[-1]:.0f}us {gr[-1]:.0f} req/s")
mw, mg = st.median(wp), st.median(gp)
print(f"median p50 wrk {mw:.0f}us, gonogo {mg:.0f}us; throughput wrk {st.median(wr):.0f}, gonogo {st.median(gr):.0f} req/s")
print(f"ratio p50 gonogo/wrk {mg/mw:.3f} (acceptance: within 0.75..1.25)")
PY
