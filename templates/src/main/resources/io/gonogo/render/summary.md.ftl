<#--
  summary.md: the decision in a pull-request-sized document, also appended to a GitHub Actions
  step summary (the file that the environment variable GITHUB_STEP_SUMMARY names).

  The model is io.gonogo.render.internal.SummaryView.Summary: every value is already formatted and
  escaped for Markdown, and every list already bounded (the rest counted), so this document stays
  under 60,000 characters whatever the plan's size. An override of this file receives the same
  model; keeping it short is then the override's business.
-->
## Go/No-Go: ${title}

**Decision: ${decision}**

${why}

<#list blockers>
Blockers:

<#items as b>
- ${b}
</#items>

</#list>
<#list conditions>
Conditions:

<#items as c>
- ${c}
</#items>

</#list>
${tally}

<#list notMet>
Targets not met:

<#items as t>
- ${t}
</#items>

</#list>
<#list suites>
Suites:

<#items as s>
- ${s}
</#items>

</#list>
<#if baseline>
**Since the baseline** (${baselineText}):

<#list changes>
<#items as c>
- ${c}
</#items>
<#else>
- Nothing changed: the outcome, every verdict and every counting risk are as they were.
</#list>
<#list regressions>

Figures that moved beyond their noise:

<#items as r>
- ${r}
</#items>
</#list>
<#else>
${baselineText}
</#if>

Run ${runId}, profile ${profile}. Full documents in the reports folder: [go-no-go.md](go-no-go.md) ([HTML](go-no-go.html)), [comparison-matrix.md](comparison-matrix.md), [progress-report.md](progress-report.md), [decision.json](decision.json), [junit.xml](junit.xml).
