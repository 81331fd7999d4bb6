<#--
  The executive summary that gonogo appends to a GitHub Actions step summary (the file that the
  environment variable GITHUB_STEP_SUMMARY names).

  The model is the one of go-no-go.md.ftl (io.gonogo.render.internal.GoNoGoView): every value is
  already formatted and escaped for Markdown. An override of this file receives the same model.
-->
## Go/No-Go: ${title}

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

Run ${runId}, profile ${profile}. The full report is go-no-go.md (and go-no-go.html) in the reports folder.
