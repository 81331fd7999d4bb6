#!/usr/bin/env bash
# What the memory suite's sampling costs the service: the governance server's throughput on one
# workload with and without JMX sampling (a forced full GC before each sample, by default), in
# alternating rounds of one run against one server (started as `sut: embedded` starts it).
# Prints each round, the medians and the means.
#
# usage: bench/memory-sampling.sh [seconds=10] [rounds=3] [interval-ms=500] [force-gc=true] [rate=0]
#        rate 0 is the closed model at saturation; 100 is the governance example's rate
#        (from the repository root; needs cli/target/gonogo.jar, the JDK and Maven)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
need java mvn; need_jar
mvn -B -ntp -q -pl runners/memory -am test-compile
java -cp "runners/memory/target/test-classes:$jar" io.gonogo.runners.memory.SamplingOverheadBench \
  "${1:-10}" "${2:-3}" "${3:-500}" "${4:-true}" "${5:-0}"
