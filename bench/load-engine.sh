#!/usr/bin/env bash
# The load engine against wrk: `gonogo load` and `wrk` drive the same static nginx response, one
# client thread each, same connections and duration, in alternating rounds of one run. Prints each
# round's throughput and p50, their medians, and the ratios gonogo/wrk. With 'loadmain' as the
# fourth argument the engine runs through its own entry point (io.gonogo.runners.load.LoadMain)
# instead of `gonogo load`; it prints no p50, so only throughput is compared.
#
# usage: bench/load-engine.sh [rounds=3] [seconds=5] [connections=50] [gonogo|loadmain]
#        (from the repository root)
# needs: cli/target/gonogo.jar, wrk, nginx, python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-3}; secs=${2:-5}; conns=${3:-50}; entry=${4:-gonogo}
need wrk nginx python3 java; need_jar
start_nginx
url="http://$nginx_addr/health"

for i in $(seq 1 "$rounds"); do
  wrk -t1 -c"$conns" -d"${secs}s" --latency "$url" > "$work/wrk.$i"
  if [ "$entry" = loadmain ]; then
    java -cp "$jar" io.gonogo.runners.load.LoadMain "$url" -c "$conns" -d "${secs}s" > "$work/gonogo.$i.txt"
  else
    java -jar "$jar" load "$url" -c "$conns" -d "${secs}s" --threads 1 -q --json "$work/gonogo.$i.json" > /dev/null
  fi
done
python3 - "$work" "$rounds" <<'PY'
import json, os, re, statistics, sys
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
    if os.path.exists(f"{folder}/gonogo.{i}.json"):
        g = json.load(open(f"{folder}/gonogo.{i}.json"))
        gen_rps.append(g['throughputPerSecond']); gen_p50.append(g['latencyMicros']['p50'])
    else:
        t = open(f"{folder}/gonogo.{i}.txt").read()
        gen_rps.append(float(re.search(r'^Requests/sec:\s+([\d.]+)', t, re.M).group(1)))
    p50 = f" p50 {gen_p50[-1]:.0f} us" if len(gen_p50) == i else ""
    print(f"round {i}: wrk {wrk_rps[-1]:.0f} req/s p50 {wrk_p50[-1]:.0f} us; gonogo {gen_rps[-1]:.0f} req/s{p50}")
m = statistics.median
print(f"median throughput: wrk {m(wrk_rps):.0f} req/s, gonogo {m(gen_rps):.0f} req/s,"
      f" ratio gonogo/wrk {m(gen_rps) / m(wrk_rps):.3f}")
if gen_p50:
  print(f"median p50: wrk {m(wrk_p50):.0f} us, gonogo {m(gen_p50):.0f} us,"
        f" ratio gonogo/wrk {m(gen_p50) / m(wrk_p50):.3f}")
PY
