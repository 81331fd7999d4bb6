<#--
  progress-report.html: progress-report.md as a web page.

  The model: title (the release name, escaped for HTML) and body (the HTML that commonmark renders
  from progress-report.md, with any raw HTML in it escaped). Both are printed as they are; an override of
  this file receives the same model. Keep the page self-contained: no external resources, no
  scripts.
-->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Progress report: ${title}</title>
<#include "page-style.html.ftl">
</head>
<body>
<main>
${body}</main>
</body>
</html>
