#!/usr/bin/env bash
# The load engine over TLS against wrk: `gonogo load https://` and `wrk https://` drive the same
# static nginx answer over TLS (self-signed certificate, one worker, keep-alive), one client
# thread each, same connections and duration, in alternating rounds of one run. Connections are
# opened (and their handshakes done) once per round and kept alive, so this measures the cost of
# TLS records per request, not of handshakes. Prints each round's throughput and p50, their
# medians, and the ratios gonogo/wrk.
#
# usage: bench/tls-load.sh [rounds=5] [seconds=5] [connections=50]   (from the repository root)
# needs: cli/target/gonogo.jar, wrk, nginx, openssl, python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-5}; secs=${2:-5}; conns=${3:-50}
need wrk nginx openssl python3 java; need_jar
start_nginx_tls
url="https://$nginx_addr/health"

for i in $(seq 1 "$rounds"); do
  wrk -t1 -c"$conns" -d"${secs}s" --latency "$url" > "$work/wrk.$i"
  java -jar "$jar" load "$url" -c "$conns" -d "${secs}s" --threads 1 --insecure -q \
    --json "$work/gonogo.$i.json" > /dev/null
done
python3 - "$work" "$rounds" <<'PY'
import json, re, statistics, sys
folder, rounds = sys.argv[1], int(sys.argv[2])
scale = {'us': 1, 'ms': 1e3, 's': 1e6}
def micros(text):
    m = re.fullmatch(r'([\d.]+)(us|ms|s)', text)
    return float(m.group(1)) * scale[m.group(2)]
wrk_rps, wrk_p50, gen_rps, gen_p50 = [], [], [], []
for i in range(1, rounds + 1):
    w = open(f"{folder}/wrk.{i}").read()
    wrk_rps.append(float(re.search(r'^Requests/sec:\s+([\d.]+)', w, re.M).group(1)))
    wrk_p50.append(micros(re.search(r'^\s+50%\s+(\S+)', w, re.M).group(1)))
    g = json.load(open(f"{folder}/gonogo.{i}.json"))
    errors = sum(g['errors'].values())
    gen_rps.append(g['throughputPerSecond']); gen_p50.append(g['latencyMicros']['p50'])
    print(f"round {i}: wrk {wrk_rps[-1]:.0f} req/s p50 {wrk_p50[-1]:.0f} us; gonogo {gen_rps[-1]:.0f} req/s p50 {gen_p50[-1]:.0f} us"
          + (f" ({errors} errors)" if errors else ""))
m = statistics.median
print(f"median throughput: wrk {m(wrk_rps):.0f} req/s, gonogo {m(gen_rps):.0f} req/s,"
      f" ratio gonogo/wrk {m(gen_rps) / m(wrk_rps):.3f}")
print(f"median p50: wrk {m(wrk_p50):.0f} us, gonogo {m(gen_p50):.0f} us,"
      f" ratio gonogo/wrk {m(gen_p50) / m(wrk_p50):.3f}")
PY
