/**
 * The report's stylesheet, inlined into the HTML so the file needs nothing else to look right.
 * System fonts only: a web font would be an external resource.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --pass: #15803d; --fail: #b91c1c; --missing: #4b5563; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #f9fafb; }
header, main, footer { max-width: 960px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 32px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 0 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; margin: 20px 0; }
.meta { color: #4b5563; margin: 0 0 12px; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f3f4f6; }
td.num, th.num { text-align: right; white-space: nowrap; }
.desc { color: #4b5563; font-size: 0.9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code.hash { word-break: break-all; }
pre { background: #f3f4f6; padding: 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 700; font-size: 0.85em; color: #fff; border: 2px solid transparent; }
.badge.pass { background: var(--pass); }
.badge.fail { background: var(--fail); }
.badge.missing { background: var(--missing); }
.overall { font-size: 1.1rem; margin: 12px 0 0; }
.overall .badge { font-size: 1rem; padding: 4px 14px; }
.chart { display: block; max-width: 100%; height: auto; margin: 12px 0; font-family: system-ui, sans-serif; }
footer { color: #4b5563; font-size: 0.85rem; padding-bottom: 32px; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header, main, footer { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin: 0 0 16pt; break-inside: avoid-page; }
  h2 { break-after: avoid-page; }
  .chart, table, pre { break-inside: avoid; }
  /* Printers may drop backgrounds: keep the verdict readable from the border and the text. */
  .badge { color: #000; background: none !important; }
  .badge.pass { border-color: var(--pass); }
  .badge.fail { border-color: var(--fail); }
  .badge.missing { border-color: var(--missing); }
  pre { white-space: pre-wrap; }
}
`;
