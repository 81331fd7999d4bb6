<#--
  go-no-go.md: the release decision document.

  The model is built by io.gonogo.render.internal.GoNoGoView: every value is already formatted
  (Locale.ROOT) and escaped for Markdown, so this template only lays values out. Keep deciding,
  counting and formatting out of it. An override of this file in a templates folder receives the
  same model.
-->
# Go/No-Go: ${title}

<#list facts as f>
- ${f.label}: ${f.value}
</#list>

## Executive summary

**Decision: ${summary.decision}**

${summary.why}

<#list summary.blockers>
Blockers:

<#items as b>
- ${b}
</#items>

</#list>
<#list summary.conditions>
Conditions:

<#items as c>
- ${c}
</#items>

</#list>
Key figures:

<#list summary.figures as f>
- ${f}
</#list>

## Dashboard

| Measure | Value |
|---|---|
<#list dashboard as d>
| ${d.label} | ${d.value} |
</#list>

## Test execution summary

<#list tests.rows>
| Category | Planned | Executed | Passed | Failed | Not executed |<#if tests.partial> Not selected |</#if>
|---|---:|---:|---:|---:|---:|<#if tests.partial>---:|</#if>
<#items as r>
| ${r.category} | ${r.planned} | ${r.executed} | ${r.passed} | ${r.failed} | ${r.notExecuted} |<#if tests.partial> ${r.notSelected} |</#if>
</#items>

Only tests count, not the suites that contain them. Passed counts tests that ran to a successful
end; Failed includes aborted tests; Not executed includes skipped tests and tests that never ran.
<#if tests.partial>
Not selected counts the scenarios this partial run (--select) left out: planned, never run, never
passed, and their targets NOT MEASURED.
</#if>
${tests.plannedFrom}
<#if tests.absent?has_content>
${tests.absent}
</#if>

| Suite | Scenario | Status | Wall time | Message |
|---|---|---|---:|---|
<#list tests.scenarios as s>
| ${s.suite} | ${s.name} | ${s.status} | ${s.duration} | ${s.message} |
</#list>

Wall time is the test's whole run: it includes warm-up, setup and teardown. The measured window of
each load scenario, over which its figures are computed, is in the load scenarios table.
<#else>
No tests are recorded in this run's evidence.
</#list>

## Performance vs targets

<#list targets.rows>
| Target | Metric | Criterion | Achieved | Delta | Verdict | Critical |
|---|---|---|---:|---:|---|---|
<#items as t>
| ${t.target} | ${t.metric} | ${t.criterion} | ${t.achieved} | ${t.delta} | ${t.verdict} | ${t.critical} |
</#items>

Delta is the distance of the achieved value from the pass threshold, in percent of the threshold.
— marks a target that was not measured; its reason below says why.

Verdict reasons:

<#list targets.reasons as r>
- ${r}
</#list>
<#else>
No targets are declared.
</#list>

<#include "go-no-go-baseline.md.ftl">
## Risk analysis

<#list risks.levels>
<#items as l>
### ${l.label}

<#list l.rows>
| Id | Risk | Probability | Impact | Mitigation | Owner | Status |
|---|---|---|---|---|---|---|
<#items as r>
| ${r.id} | ${r.risk} | ${r.probability} | ${r.impact} | ${r.mitigation} | ${r.owner} | ${r.status} |
</#items>
<#else>
${l.none}
</#list>

</#items>
A risk's level comes from its probability and impact through the policy's risk matrix. A HIGH risk
that counts blocks the release; a MEDIUM one is a written condition; a LOW one is watched. A risk
counts unless it is closed or the condition that activates it does not hold. Each ACCEPTABLE or
INCONCLUSIVE target is also a derived MEDIUM risk, whose condition is its target's.

Why each risk counts or not:

<#list risks.why as w>
- ${w}
</#list>
<#else>
No risks are declared or derived.
</#list>

## Readiness checklist

<#list checklist.rows>
Score: ${checklist.score} items done; ${checklist.open} open. Only items whose evidence holds count;
an item whose evidence is missing is open.

| Item | Status | Evidence | Found |
|---|---|---|---|
<#items as i>
| ${i.item} | ${i.done} | ${i.evidence} | ${i.found} |
</#items>
<#else>
No checklist items are declared.
</#list>

## Load scenarios

<#list load.rows>
| Scenario | Requests | Throughput | Success rate | Min (ms) | Mean (ms) | p50 (ms) | p95 (ms) | p99 (ms) | p99.9 (ms) | Max (ms) | Measured window |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
<#items as r>
| ${r.scenario} | ${r.requests} | ${r.throughput} | ${r.successRate} | ${r.min} | ${r.mean} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.p999} | ${r.max} | ${r.window} |
</#items>

Latencies are read from each scenario's recorded HdrHistogram, so they are the figures its
attached histogram log gives; Requests counts the answered requests the histogram holds.
Throughput and success rate are as the scenario reported them. The measured window is the time
over which the answered requests were counted (requests / throughput), without the warm-up.
<#if load.merged>

Repeated runs of a scenario (measurements that differ only by their `trial` or `shard` label)
are one row: their histograms are merged, so Requests and the latencies cover every run.
Throughput is summed over a trial's shards, then the mean across trials when the row names a
trial count; the measured window is then one trial's. Success rate is the mean of the runs'
reported rates.
</#if>
<#if load.lowSample>

† Low sample: fewer samples than this percentile needs to be trusted, which is 10 / (1 - p):
p50 needs 20, p95 200, p99 1,000 and p99.9 10,000.
</#if>
<#list load.flags>

Quality flags:

<#items as f>
- ${f}
</#items>
</#list>
<#list load.charts>

<#items as c>
${c}
<#sep>

</#sep>
</#items>
</#list>
<#if load.notCharted?has_content>

Not charted (latency charts are drawn for the ${load.chartLimit} scenarios with most requests;
their figures are in the table above): ${load.notCharted}.
</#if>
<#else>
No load scenario recorded a latency distribution.
</#list>

## Memory and resource findings

<#list memory.scenarios as m>
### Memory scenario ${m.id}

- Status: ${m.status}
- Sampled from: ${m.sources}

<#if m.empty?has_content>
${m.empty}

</#if>
<#list m.rows>
| Figure | Meaning | Value | Interval | Flags |
|---|---|---:|---|---|
<#items as r>
| ${r.metric} | ${r.meaning} | ${r.value} | ${r.interval} | ${r.flags} |
</#items>

</#list>
<#list m.series>
| Series | Samples | Span | First | Last | Min | Max |
|---|---:|---:|---:|---:|---:|---:|
<#items as r>
| ${r.metric} | ${r.samples} | ${r.span} | ${r.first} | ${r.last} | ${r.min} | ${r.max} |
</#items>

</#list>
<#if m.chart?has_content>
${m.chart}

</#if>
<#list m.jfr>
JFR profile (top entries):

| Kind | Rank | Where | Value |
|---|---:|---|---:|
<#items as j>
| ${j.kind} | ${j.rank} | ${j.name} | ${j.value} |
</#items>

<#else>
${m.jfrNote}

</#list>
<#list m.links>
Profiles: <#items as l>${l}<#sep>, </#sep></#items>

</#list>
<#list m.verdicts>
Verdicts:

<#items as v>
- ${v}
</#items>

<#else>
No target judges this scenario.

</#list>
<#else>
${memory.none}

</#list>
## Chaos findings

<#list chaos.scenarios as c>
### Chaos scenario ${c.id}

- Status: ${c.status}
- Fault: ${c.fault}

<#if c.empty?has_content>
${c.empty}

</#if>
| Phase | Requests | Throughput | Success rate | p99 | Errors |
|---|---:|---:|---:|---:|---:|
<#list c.phases as p>
| ${p.phase} | ${p.requests} | ${p.throughput} | ${p.successRate} | ${p.p99} | ${p.errors} |
</#list>

| Figure | Value |
|---|---:|
<#list c.facts as f>
| ${f.label} | ${f.value} |
</#list>

<#list c.charts as ch>
${ch}

</#list>
<#list c.verdicts>
Verdicts:

<#items as v>
- ${v}
</#items>

<#else>
No target judges this scenario.

</#list>
<#else>
${chaos.none}

</#list>
<#list benchmarks>
## Benchmarks

| Benchmark | Mode | Parameters | Score | Interval | Allocation | p50 | p99 |
|---|---|---|---:|---|---:|---:|---:|
<#items as b>
| ${b.benchmark} | ${b.mode} | ${b.params} | ${b.score} | ${b.interval} | ${b.alloc} | ${b.p50} | ${b.p99} |
</#items>

Scores are JMH's, with its interval (99.9%); `thrpt` is operations per second, `sample` the mean
sampled time per operation, with the percentiles p50 and p99 of the samples. Allocation is per
operation, in the benchmark's JVM (JMH's GC profiler).

</#list>
<#include "go-no-go-tables.md.ftl">
## Recommendations

<#list recommendations as r>
- ${r}
</#list>

<#include "go-no-go-waivers.md.ftl">
## Formal decision

**${formal.statement}**

Decided as of ${formal.asOf} from run ${formal.runId}, profile ${formal.profile}, by the policy of the
targets file applied to the evidence beside this document.

### Conditions for proceeding

<#list conditions>
| Id | Condition | Owner | Due |
|---|---|---|---|
<#items as c>
| ${c.id} | ${c.text} | ${c.owner} | ${c.due} |
</#items>
<#else>
No conditions apply to this decision.
</#list>

### Rationale

<#list reasons as g>
${g.label}:

<#list g.items as r>
- ${r}
</#list>

<#else>
The decision records no reasons.

</#list>
### Approval

Each signer confirms having read this document and accepts the decision above, with its conditions.
The signature and date cells are left blank to be signed.

| Role | Name | Signature | Date |
|---|---|---|---|
<#list approval as a>
| ${a.role} | ${a.name} | (to be signed) | (date of signing) |
</#list>

## Appendix: evidence files

Evidence: ${appendix.measurements} measurements and ${appendix.outcomes} test outcomes in evidence.json.

<#list appendix.files>
<#items as f>
- ${f}
</#items>
<#else>
No attached evidence file is referenced by this run's measurements.
</#list>

<#list appendix.charts>
Charts:

<#items as f>
- ${f}
</#items>

</#list>
<#include "go-no-go-shards.md.ftl">
## Environment

| Item | Value |
|---|---|
<#list environment as e>
| ${e.label} | ${e.value} |
</#list>

This document was generated by gonogo from decision.json and evidence.json, which sit beside it;
every figure above is read from them.
