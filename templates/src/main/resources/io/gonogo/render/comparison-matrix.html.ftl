<#--
  comparison-matrix.html: comparison-matrix.md as a web page.

  The model (io.gonogo.render.internal.Templates.Page): title (the release name, escaped for
  HTML); banner (the decision: tone, the class of its colour; outcome; reason, one sentence); toc
  (the sections, each an id and a title); intro (the HTML of the document's heading and the facts
  under it); sections (the HTML of the rest, each section's heading with its id); dashboard (the
  headline charts as SVG, empty on the pages without one); and body (intro and sections together,
  for an override that lays the page out its own way). The HTML comes from commonmark with any
  raw HTML in the document escaped, and every value is printed as it is. Keep the page
  self-contained: no external resources, no scripts.
-->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Comparison matrix: ${title}</title>
<#include "page-style.html.ftl">
</head>
<body>
<header class="banner banner-${banner.tone}">
<p class="banner-outcome">Decision: ${banner.outcome}</p>
<p class="banner-reason">${banner.reason}</p>
</header>
<div class="page">
<nav class="toc" aria-label="Contents">
<p class="toc-title">Contents</p>
<ol>
<#if dashboard?has_content>
<li><a href="#headline-charts">Headline charts</a></li>
</#if>
<#list toc as s>
<li><a href="#${s.id}">${s.title}</a></li>
</#list>
</ol>
</nav>
<main>
${intro}<#if dashboard?has_content><section class="dashboard" id="headline-charts">
<h2>Headline charts</h2>
<div class="dashboard-grid">
<#list dashboard as svg>
<figure class="chart">${svg}</figure>
</#list>
</div>
</section>
</#if>${sections}</main>
</div>
</body>
</html>
