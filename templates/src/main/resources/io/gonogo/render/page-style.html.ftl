<#--
  The stylesheet that the built-in HTML pages include; an override of this file restyles them all.

  The banner's colours carry the decision: green for GO, amber for GO WITH CONDITIONS, red for
  NO-GO, each with text dark or light enough to read on it; the badges of the verdicts use the same
  three. Printed, the banner and the badges keep their colours, the table of contents (links, of
  no use on paper) is left out, and a chart or a table row is not split across pages.
-->
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #1f2328; background: #fff; margin: 0; }
.banner { padding: 1rem 1.5rem; border-bottom: 4px solid rgba(0,0,0,.2); }
.banner p { margin: 0 auto; max-width: 88rem; }
.banner-outcome { font-size: 1.7rem; font-weight: 700; letter-spacing: .02em; }
.banner-reason { font-size: 1.05rem; margin-top: .2rem !important; }
.banner-go { background: #1a7f37; color: #fff; }
.banner-conditions { background: #e3a008; color: #1f2328; }
.banner-no-go { background: #cf222e; color: #fff; }
.page { display: grid; grid-template-columns: 14rem minmax(0, 1fr); gap: 2rem; max-width: 88rem;
  margin: 0 auto; padding: 1.5rem; }
nav.toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto;
  font-size: .9rem; border-left: 3px solid #d0d7de; padding-left: .8rem; }
nav.toc .toc-title { font-weight: 600; margin: 0 0 .3rem; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc a { color: #0969da; text-decoration: none; display: block; padding: .12rem 0; }
nav.toc a:hover { text-decoration: underline; }
main { min-width: 0; }
h1 { font-size: 1.8rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 0; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem;
  scroll-margin-top: 1rem; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; vertical-align: top; }
th { background: #f6f8fa; }
tr:nth-child(even) td { background: #fbfcfd; }
td[align="right"], th[align="right"] { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
  background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; border: 1px solid;
  font-size: .8em; font-weight: 600; white-space: nowrap; }
.badge-good { background: #dafbe1; color: #116329; border-color: #1a7f37; }
.badge-warn { background: #fff8c5; color: #7d4e00; border-color: #bf8700; }
.badge-bad { background: #ffebe9; color: #a40e26; border-color: #cf222e; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.dashboard-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
.dashboard figure.chart { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: .4rem; }
@media (max-width: 64rem) {
  .page { display: block; }
  nav.toc { position: static; max-height: none; border-left: 0; padding-left: 0; margin-bottom: 1rem; }
  nav.toc ol { columns: 2; }
}
@media print {
  .page { display: block; max-width: none; padding: 0; }
  nav.toc { display: none; }
  .banner, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { display: table; }
  figure.chart, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .dashboard-grid { grid-template-columns: 1fr 1fr; }
}
</style>
