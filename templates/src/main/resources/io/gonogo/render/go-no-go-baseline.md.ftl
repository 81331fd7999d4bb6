<#--
  The "Since the last decision" and "Regressions" sections of go-no-go.md, included from it;
  prints nothing when the decision had no baseline. Model: baseline
  (io.gonogo.render.internal.RulesView).
-->
<#if baseline.given>
## Since the baseline

Baseline: ${baseline.text}

<#if baseline.hasDecision>
What changed since the last decision:

<#list baseline.changes>
| Change | Subject | Before | Now | What |
|---|---|---|---|---|
<#items as c>
| ${c.kind} | ${c.subject} | ${c.before} | ${c.after} | ${c.text} |
</#items>
<#else>
Nothing changed: the outcome, every verdict and every counting risk are as they were.
</#list>

</#if>
<#if baseline.hasEvidence>
Regressions and improvements (every figure of every metric and label set that moved beyond its
noise: its interval when it has one, else a band of ±${baseline.band}% of the baseline):

<#list baseline.regressions>
| Metric | Labels | Figure | Baseline | Now | Change | Direction | Noise |
|---|---|---|---:|---:|---:|---|---|
<#items as r>
| ${r.metric} | ${r.labels} | ${r.figure} | ${r.baseline} | ${r.current} | ${r.change} | ${r.direction} | ${r.noise} |
</#items>
<#else>
No figure moved beyond its noise.
</#list>
<#else>
No regression section: the baseline's evidence.json is not available, so its metrics cannot be compared.
</#if>

</#if>
