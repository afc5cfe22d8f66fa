/**
 * The evaluation report as ONE self-contained HTML file: inline CSS, inline SVG charts, no
 * script to run and no URL to fetch, so it opens offline on any machine and prints cleanly.
 * The document itself rides along as JSON so the workbench can read the report back.
 *
 * Danger: every user-supplied string must pass through escapeHtml (directly or via svgText /
 * svgFrame). A report is a file people e-mail around; unescaped text in it is script injection.
 */

import { describeKpi } from '../lifecycle/kpi';
import { metricInfo } from '../lifecycle/metricCatalog';
import { formatMargin, formatMetricValue } from '../lifecycle/metricFormat';
import { confusionMatrixSvg, kpiBarsSvg } from './evaluationCharts';
import type { ReportDocument } from './reportDocument';
import { evaluationHtml } from './evaluationReport';
import { EMBEDDED_REPORT_ID, jsonForScript } from './reportJson';
import { REPORT_CSS } from './reportStyles';
import {
  SPLIT_LABELS,
  confusionSplits,
  evaluatedSplits,
  metricRows,
  overallSentence,
  verdictText,
} from './reportView';
import { escapeHtml as e, formatCount, formatDuration, formatTime } from './text';
import { importanceBarsSvg, lossCurveSvg } from './trainingCharts';

function badge(verdict: ReportDocument['overall']): string {
  return `<span class="badge ${verdict}">${e(verdictText(verdict))}</span>`;
}

function facts(rows: readonly [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}">\n<h2 id="${id}">${e(title)}</h2>\n${body}\n</section>`;
}

function goalSection(doc: ReportDocument): string {
  const parts = [`<p class="prose">${e(doc.project.goal)}</p>`];
  if (doc.project.compliance.trim() !== '') {
    parts.push('<h3>Compliance</h3>', `<p class="prose">${e(doc.project.compliance)}</p>`);
  }
  return section('goal', 'Business goal', parts.join('\n'));
}

function kpiSection(doc: ReportDocument): string {
  if (doc.kpis.length === 0) {
    return section('kpis', 'KPIs', '<p>No KPIs were set for this project.</p>');
  }
  const rows = doc.kpis.map(
    (r) =>
      `<tr><th scope="row">${e(describeKpi(r.kpi))}</th><td class="num">${e(formatMetricValue(r.kpi.metric, r.value))}</td><td class="num">${e(formatMargin(r.kpi.metric, r.margin))}</td><td>${badge(r.verdict)}</td></tr>`,
  );
  const table = [
    '<table>',
    '<caption class="desc">Margin: how far the value is on the good side of the threshold (negative: short by that much).</caption>',
    '<thead><tr><th scope="col">KPI</th><th scope="col" class="num">Value</th><th scope="col" class="num">Margin</th><th scope="col">Verdict</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ];
  return section('kpis', 'KPIs', [...table, kpiBarsSvg(doc.kpis) ?? ''].join('\n'));
}

function dataSection(doc: ReportDocument): string {
  const d = doc.dataset;
  const rows: [string, string][] = [
    ['Dataset', `${e(d.name)} (version ${e(String(d.version))})`],
    ...(d.fileName !== undefined ? [['File', e(d.fileName)] satisfies [string, string]] : []),
    ['Rows', e(formatCount(d.rows))],
    ['Columns', e(formatCount(d.columns))],
    ['Content hash (SHA-256)', `<code class="hash">${e(d.hash)}</code>`],
  ];
  const parts = [facts(rows)];
  if (doc.splits.length > 0) {
    parts.push(
      '<h3>Splits</h3>',
      '<table><thead><tr><th scope="col">Split</th><th scope="col" class="num">Rows</th><th scope="col">How it was made</th></tr></thead><tbody>',
      ...doc.splits.map(
        (s) =>
          `<tr><th scope="row">${e(SPLIT_LABELS[s.name])}</th><td class="num">${e(formatCount(s.rows))}</td><td>${e(s.note ?? '')}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  return section('data', 'Data', parts.join('\n'));
}

function framingSection(doc: ReportDocument): string {
  const primary = metricInfo(doc.framing.primaryMetric);
  const rows: [string, string][] = [
    ['Target column', `<code>${e(doc.framing.target)}</code>`],
    ['Task', e(doc.framing.task)],
    ['Primary metric', `${e(primary.label)} <span class="desc">(${e(primary.description)})</span>`],
  ];
  if (doc.classes && doc.classes.length > 0) {
    rows.push(['Classes', doc.classes.map((c) => `<code>${e(c)}</code>`).join(', ')]);
  }
  const steps =
    doc.recipe.steps.length > 0
      ? `<ol>${doc.recipe.steps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>`
      : '<p>No preparation steps: the columns go to the model as they are.</p>';
  return section(
    'framing',
    'Problem framing and features',
    [
      facts(rows),
      '<h3>Feature recipe</h3>',
      '<p class="desc">Fitted on the training split only, then applied unchanged to every other split.</p>',
      steps,
      `<p>The model sees ${e(formatCount(doc.recipe.features))} input features.</p>`,
    ].join('\n'),
  );
}

function modelSection(doc: ReportDocument): string {
  const m = doc.model;
  const rows: [string, string][] = [
    ['Model', `${e(m.name)} (version ${e(String(m.version))})`],
    ['Family', e(m.family)],
    ['Backend', `<code>${e(m.backend)}</code>`],
    ['Why this backend', e(m.backendReason)],
    ['Training time', e(formatDuration(m.durationMs))],
    ['Trained at', e(formatTime(m.trainedAt))],
  ];
  if (m.seed !== undefined) rows.push(['Random seed', e(String(m.seed))]);
  const parts = [
    facts(rows),
    '<h3>Model specification</h3>',
    `<pre><code>${e(JSON.stringify(m.spec, null, 2))}</code></pre>`,
  ];
  const loss = lossCurveSvg(doc.history);
  if (loss) parts.push('<h3>Training history</h3>', loss);
  return section('model', 'Model', parts.join('\n'));
}

function metricsSection(doc: ReportDocument): string {
  const splits = evaluatedSplits(doc);
  if (splits.length === 0)
    return section('metrics', 'Metrics', '<p>The model was not evaluated on any split.</p>');
  const head = splits.map((s) => `<th scope="col" class="num">${e(SPLIT_LABELS[s])}</th>`).join('');
  const body = metricRows(doc).map(
    (r) =>
      `<tr><th scope="row">${e(r.label)}</th>${r.values.map((v) => `<td class="num">${e(v)}</td>`).join('')}<td class="desc">${e(r.description)}</td></tr>`,
  );
  const parts = [
    `<table><thead><tr><th scope="col">Metric</th>${head}<th scope="col">What it means</th></tr></thead><tbody>`,
    ...body,
    '</tbody></table>',
    '<p class="desc">— marks a metric that is not defined for this data (for example a two-class metric on three classes).</p>',
  ];
  for (const split of confusionSplits(doc)) {
    const m = doc.metrics[split];
    const chart = m?.task === 'classification' ? confusionMatrixSvg(m.confusion, doc.classes, split) : null;
    if (chart) parts.push(`<h3>Confusion matrix: ${e(SPLIT_LABELS[split].toLowerCase())} set</h3>`, chart);
  }
  const importance = doc.importance ? importanceBarsSvg(doc.importance) : null;
  if (importance) parts.push('<h3>Feature importance</h3>', importance);
  return section('metrics', 'Metrics', parts.join('\n'));
}

/**
 * The report's Content-Security-Policy: nothing may load or run — no script (the embedded JSON
 * block is data, never executed), no image, font, frame or connection — only the inline styles.
 * First in <head>, so it holds before anything else is read.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * Renders the report as a complete HTML document (a string to save as a .html file). All user
 * text is escaped; nothing in the output refers to anything outside the file, and its CSP
 * (REPORT_CSP) would stop anything that did.
 */
export function renderReportHtml(doc: ReportDocument, options: { embedData?: boolean } = {}): string {
  const title = `${doc.project.name} — evaluation report`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${e(`${doc.app.name} ${doc.app.version}`)}">`,
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${e(doc.project.name)}</h1>`,
    `<p class="meta">Evaluation report · ${e(formatTime(doc.generatedAt))} · ${e(doc.app.name)} ${e(doc.app.version)}</p>`,
    `<p class="overall">Overall: ${badge(doc.overall)} ${e(overallSentence(doc))}</p>`,
    '</header>',
    '<main>',
    goalSection(doc),
    kpiSection(doc),
    dataSection(doc),
    framingSection(doc),
    modelSection(doc),
    metricsSection(doc),
    doc.evaluation ? evaluationHtml(doc.evaluation, section) : '',
    '</main>',
    '<footer>',
    `<p>Made in the browser with ${e(doc.app.name)}: the data and the model never left the device. This file carries the report data, so the workbench can open it again.</p>`,
    '</footer>',
    // The data rides along so the workbench can open the file again; a view inside the app (a
    // sandboxed frame, where even a data block counts as blocked script) leaves it out.
    options.embedData === false
      ? ''
      : `<script type="application/json" id="${EMBEDDED_REPORT_ID}">${jsonForScript(doc)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
