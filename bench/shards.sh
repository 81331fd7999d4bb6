#!/usr/bin/env bash
# One process at the full rate against two local shards at half the rate each: does splitting an
# open-model load across shards change the merged p99? The governance server runs in its own JVM,
# warmed by 10 s of closed-model load first. In alternating rounds of one run, `gonogo run` sends
# GET /health at RATE for SECONDS (after WARMUP warm-up arrivals, one second's by default) from one
# process, then `gonogo run --local-shards 2` sends the same schedule from two shard processes
# started together by a coordinator, each sending every other arrival. Prints each round's p50, p99
# and throughput, read from the decision's targets (over the merged histogram for the shards), the
# medians, the ratio shards/one of the p99 medians, and the spread of each side's p99 over its
# rounds (max/min), which is what the ratio has to be read against.
#
# Each round also runs a pair of unsharded `gonogo load` processes at half the rate at the same
# time, each reporting its own p99: on a machine with few cores two generator JVMs and the service
# contend for them, and the pair shows what that alone does to the tail, with no coordinator and no
# merge involved.
#
# usage: bench/shards.sh [rounds=5] [seconds=10] [rate=2000] [warmup=rate] (from the repository root)
#        warmup is the number of warm-up arrivals of the whole schedule (each shard sends half)
# needs: cli/target/gonogo.jar, python3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
rounds=${1:-5}; secs=${2:-10}; rate=${3:-2000}; warmup=${4:-$rate}
need python3 java; need_jar
start_server
cat > "$work/targets.yaml" <<YAML
release: {name: shards bench, owner: bench}
sut: {url: "http://$server_http"}
suites:
  load:
    scenarios:
      - {id: open, operation: health, rate: $rate/s, duration: ${secs}s, concurrency: 64,
         warmup: $warmup, generator-bounds: {gc-pause-share: 100%, gc-pause: 1h}}
targets:
  - {id: success, metric: success_rate, where: {scenario: open}, pass: ">= 99%"}
  - {id: p50, metric: latency, where: {scenario: open}, aggregate: p50, pass: "< 10s"}
  - {id: p99, metric: latency, where: {scenario: open}, aggregate: p99, pass: "< 10s"}
  - {id: throughput, metric: throughput, where: {scenario: open}, pass: "> 1/s"}
YAML

# p50 p99 (microseconds) and throughput of the open scenario, as the decision's targets state them
figures() {
  python3 - "$1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
got = {v["target"]: v.get("achieved", "") for v in d["verdicts"]}
def micros(text):
    m = re.fullmatch(r"([0-9.,]+)\s*(ns|us|µs|ms|s)", text.strip())
    if not m:
        raise SystemExit("cannot read a latency from %r" % text)
    n = float(m.group(1).replace(",", ""))
    return n * {"ns": 0.001, "us": 1, "µs": 1, "ms": 1000, "s": 1e6}[m.group(2)]
print("%.0f %.0f %s" % (micros(got["p50"]), micros(got["p99"]), re.sub(r"[^0-9.]", "", got["throughput"])))
PY
}

# the server's JVM compiles its request path in the first seconds of load: warm it first, so the
# first round does not measure that
java -jar "$jar" load "http://$server_http/health" -c 16 -d 10s -q > /dev/null

one_p99=(); shard_p99=(); pair_p99=()
half=$(awk -v r="$rate" 'BEGIN {print r / 2}')
printf '%-6s %-8s %10s %10s %12s\n' round kind p50_us p99_us req_per_s
for r in $(seq 1 "$rounds"); do
  # "pair": two unsharded gonogo load processes at half the rate at once, no coordinator and no
  # merge, each printing its own figures: what two generator JVMs on this machine measure anyway
  pair=()
  for i in 1 2; do
    java -jar "$jar" load "http://$server_http/health" -R "$half" -c 32 -d "${secs}s" \
      --warmup $((warmup / 2)) --json "$work/pair-$r-$i.json" -q > /dev/null 2>&1 &
    pair+=($!)
  done
  wait "${pair[@]}"
  for i in 1 2; do
    read -r p50 p99 thr < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); l=d["latencyMicros"]; print(l["p50"], l["p99"], d["throughputPerSecond"])' "$work/pair-$r-$i.json")
    printf '%-6s %-8s %10s %10s %12.0f\n' "$r" "pair-$i" "$p50" "$p99" "$thr"
    pair_p99+=("$p99")
  done
  for kind in one shards; do
    out="$work/$kind-$r"
    if [ "$kind" = one ]; then
      java -jar "$jar" run --targets "$work/targets.yaml" --out "$out" -q > "$work/$kind-$r.log" 2>&1 || true
    else
      java -jar "$jar" run --targets "$work/targets.yaml" --local-shards 2 --out "$out" -q > "$work/$kind-$r.log" 2>&1 || true
    fi
    [ -f "$out/decision.json" ] || { echo "round $r ($kind) wrote no decision:"; tail -20 "$work/$kind-$r.log"; exit 1; }
    read -r p50 p99 thr < <(figures "$out/decision.json")
    printf '%-6s %-8s %10s %10s %12.0f\n' "$r" "$kind" "$p50" "$p99" "$thr"
    if [ "$kind" = one ]; then one_p99+=("$p99"); else shard_p99+=("$p99"); fi
  done
done
m1=$(median "${one_p99[@]}"); m2=$(median "${shard_p99[@]}")
spread() { printf '%s\n' "$@" | sort -g | awk 'NR==1{min=$1} {max=$1} END {printf "%.2f", max/min}'; }
echo "median p99: one process ${m1} us, 2 shards ${m2} us; ratio shards/one $(ratio "$m2" "$m1")"
echo "p99 spread over rounds (max/min): one process $(spread "${one_p99[@]}"), 2 shards $(spread "${shard_p99[@]}")"
echo "median p99 of two unsharded processes at half the rate, each on its own: $(median "${pair_p99[@]}") us"
