<#--
  comparison-matrix.md: for each operation, the values of one label side by side (transport by
  default: http vs grpc), and a load testing summary per value.

  The model is built by io.gonogo.render.internal.ComparisonView: every value is already
  formatted (Locale.ROOT) and escaped for Markdown, so this template only lays values out. Keep
  deciding, counting and formatting out of it. An override of this file in a templates folder
  receives the same model.
-->
<#macro benchmarkSection>
## Benchmarks

<#list benchmark.rows>
| Operation | ${label} | Score | Interval | Allocation | Score vs baseline | Significance |
|---|---|---:|---|---:|---:|---|
<#items as b>
| ${b.operation} | ${b.value} | ${b.score} | ${b.interval} | ${b.alloc} | ${b.ratio} | ${b.significance} |
</#items>

Scores and their intervals are as JMH measured them (the benchmark suite, or an imported JMH
result); the operation names its benchmark mode: `thrpt` scores are operations per second (higher
is better), `sample` and `avgt` scores are times per operation (lower is better), so a ratio above
1x means more throughput in the first and a slower call in the others. A difference is significant
when the two intervals do not overlap; where they overlap, neither side is ranked. Allocation is
the memory allocated per operation (JMH's GC profiler).
<#else>
<#if !benchmark.standalone?has_content>
No benchmark results are in this run (no benchmark score, such as JMH's `throughput` or sample
`latency`, names an operation and a ${labelCode}), so the matrix compares load runs only.
</#if>
</#list>
<#list benchmark.standalone>

### Benchmarks without a ${label}

| Benchmark | Mode | Parameters | Score | Interval | Allocation | p50 | p99 |
|---|---|---|---:|---|---:|---:|---:|
<#items as b>
| ${b.benchmark} | ${b.mode} | ${b.params} | ${b.score} | ${b.interval} | ${b.alloc} | ${b.p50} | ${b.p99} |
</#items>

These benchmarks (a team's own, or imported JMH results) name no ${labelCode}, so there is nothing to
compare them with: each score stands alone, with JMH's interval. p50 and p99 are JMH's percentiles
of the sampled times (`sample` mode).
</#list>

</#macro>
# Comparison matrix: ${title}

- Run id: ${runId}
- Compared by: ${comparedBy}

<#if !hasLatency>
This run's evidence holds no latency measurement, so there is nothing to compare.
<#if benchmark.rows?has_content || benchmark.standalone?has_content>

<@benchmarkSection/>
</#if>
<#else>
## Comparison by operation

<#list rows>
| Operation | ${label} | Client, CPU per call | Requests | Throughput (/s) | Mean (ms) | p50 (ms) | p99 (ms) | Errors | Throughput vs ${baseline} | p99 vs ${baseline} | Significance |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
<#items as r>
| ${r.operation} | ${r.value} | ${r.client} | ${r.requests} | ${r.throughput} | ${r.mean} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.throughputRatio} | ${r.p99Ratio} | ${r.significance} |
</#items>

Requests counts the answered requests in the latency histograms; latencies are read from those
histograms, added together where several scenarios measured the same operation under the same
workload model over the same ${label}, never averaged. Closed-model and open-model runs of one
operation are separate rows (the model is named after the operation): their latencies mean
different things (from the actual send, or from the intended send) and are not merged. Chaos
runs (measurements with a phase) are left out. Throughput is the rate a scenario reported (the highest, where several
did); Errors adds up the errors the scenarios reported. A ratio is this row's figure divided by
the ${baseline} figure of the same operation: above 1x means more throughput, or a slower p99.
Load results carry no interval, so a ratio says how far apart two single runs were, not which side
is faster; telling a real difference from run-to-run noise needs repeated runs or benchmark
results.

Client is what the load generator sent the calls through, `gonogo` (the load engine's own
HTTP/1.1 or HTTP/2 client) or `grpc-java` (grpc-java's client), with the generator's CPU time per
call, averaged over the row's runs weighted by their requests; not reported where a run did not
measure it. A client that costs more CPU per call reaches the generator's limit sooner, and where
the sides went through different clients a ratio measures the clients as well as the service.
<#if generatorBound>

A side is generator-bound when its figures carry the quality `GENERATOR_BOUND`: the load generator,
not the service, was the bottleneck, so its throughput and latencies may describe gonogo rather
than the service. A row compared with such a side gives no ratio and ranks nothing (not ranked),
and its significance names the bound side.
</#if>
<#if lowSample>

† Low sample: fewer than 1,000 samples, which a p99 needs to be trusted.
</#if>
<#list charts>

<#items as c>
${c}

</#items>
</#list>
<#else>
No latency distribution names an operation and a ${labelCode}, so there is nothing to compare
per operation.
</#list>

<@benchmarkSection/>
## Load testing summary per ${label}

<#list summary>
| ${label} | Scenarios | Total requests | Success rate | Peak throughput (/s) | Worst p99 (ms) |
|---|---:|---:|---:|---:|---:|
<#items as s>
| ${s.value} | ${s.scenarios} | ${s.requests} | ${s.successRate} | ${s.peakThroughput} | ${s.worstP99} |
</#items>

Total requests counts answered requests. Success rate is successes over attempts across the
scenarios, from their reported success rate or, failing that, from their requests and errors.
Peak throughput and worst p99 name the scenario they come from, and say when its generator was
the bottleneck (generator-bound).
<#else>
No latency distribution carries a ${labelCode} label.
</#list>
<#list notes>

Notes:

<#items as n>
- ${n}
</#items>
</#list>
</#if>

This document was generated by gonogo from evidence.json, which sits beside it; every figure
above is read from it.
