#!/usr/bin/env bash
# gonogo's own hot paths with JMH: deciding (DecisionEngineBench.decide, decision-core) and deciding
# then writing every document (RenderBench.decideAndRenderAll, templates) over 100,000 and 10,000
# measurements against 1,000 targets. The Maven profile 'bench' compiles the benchmarks and runs
# org.openjdk.jmh.Main on each module's test class path; results in <module>/target/jmh-result.json.
# The filter 'decide' matches a benchmark in both modules the build runs.
#
# usage: bench/hot-paths.sh [warm-up iterations=6] [iteration time=4s] [JMH options...]
#        e.g. bench/hot-paths.sh 1 1s -p trials=5   (a quick look at the 10,000 case only)
#        (from the repository root; needs the JDK and Maven, nothing else)
set -euo pipefail
cd "$(dirname "$0")/.."
wi=${1:-6}; t=${2:-4s}; shift $(( $# < 2 ? $# : 2 ))
mvn -B -ntp -q -Pbench -pl templates -am process-test-classes \
  -Dgonogo.bench.args="decide -f 1 -wi $wi -w $t -i $wi -r $t $* -rf json -rff target/jmh-result.json"
