<#--
  The "Waivers" section of go-no-go.md, included from it; prints nothing when the targets file
  declares no waiver. Model: waivers (io.gonogo.render.internal.RulesView).
-->
<#if waivers.any>
## Waivers

<#list waivers.inForce>
Waivers in force:

| Id | Waives | Justification | Approver | Expires | Effect |
|---|---|---|---|---|---|
<#items as w>
| ${w.id} | ${w.subject} | ${w.justification} | ${w.approver} | ${w.expires} | ${w.effect} |
</#items>

A waiver never turns a target into a pass: it turns what would block the release into a
written condition, due on the waiver's expiry date.
<#else>
No waiver is in force.
</#list>
<#list waivers.expired>

Expired waivers:

<#items as w>
- ${w}
</#items>
</#list>

</#if>
