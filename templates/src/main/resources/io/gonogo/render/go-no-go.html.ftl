<#--
  go-no-go.html: go-no-go.md as a web page.

  The model: title (the release name, escaped for HTML) and body (the HTML that commonmark renders
  from go-no-go.md, with any raw HTML in it escaped). Both are printed as they are; an override of
  this file receives the same model. Keep the page self-contained: no external resources, no
  scripts.
-->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Go/No-Go: ${title}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #1f2328; background: #fff; max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; vertical-align: top; }
th { background: #f6f8fa; }
tr:nth-child(even) td { background: #fbfcfd; }
td[align="right"], th[align="right"] { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
  background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
@media print { body { max-width: none; padding: 0; } table { display: table; } }
</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
