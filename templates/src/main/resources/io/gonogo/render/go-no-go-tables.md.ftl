<#--
  The sections of go-no-go.md of the suite kinds shown as a table of their metrics, included from
  it: one per kind, titled as the kind declares; prints nothing when there is none. Model: tables
  (io.gonogo.render.internal.MetricsTables).
-->
<#list tables as t>
## ${t.title}

<#list t.rows>
| Scenario | Status |<#list t.columns as c> ${c} |</#list>
|---|---|<#list t.columns as c>---:|</#list>
<#items as r>
| ${r.scenario} | ${r.status} |<#list r.figures as f> ${f} |</#list>
</#items>

A distribution shows its p50 and p99, a series its last sample; — marks a metric the scenario did
not publish.

<#else>
${t.none}

</#list>
<#list t.verdicts>
Verdicts:

<#items as v>
- ${v}
</#items>

<#else>
No target judges a scenario of this kind.

</#list>
</#list>
