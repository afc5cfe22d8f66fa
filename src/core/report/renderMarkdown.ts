/**
 * The evaluation report as Markdown, for pasting into a wiki, an issue or a notebook. Same
 * content as the HTML report minus the charts (their numbers are given as tables). User text
 * is escaped so it can neither format the page nor smuggle HTML into a renderer that allows it.
 */

import { describeKpi } from '../lifecycle/kpi';
import { metricInfo } from '../lifecycle/metricCatalog';
import { formatMargin, formatMetricValue, formatNumber } from '../lifecycle/metricFormat';
import type { ReportDocument } from './reportDocument';
import { evaluationMarkdown } from './evaluationReport';
import {
  SPLIT_LABELS,
  confusionSplits,
  evaluatedSplits,
  metricRows,
  overallSentence,
  verdictText,
} from './reportView';
import {
  escapeMarkdown as md,
  escapeMarkdownInline as mdi,
  formatCount,
  formatDuration,
  formatTime,
  markdownCode,
  markdownCodeBlock,
} from './text';

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[] = [],
): string {
  const align = head.map((_, i) => (numeric[i] ? '---:' : '---'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function goal(doc: ReportDocument): string[] {
  const out = ['## Business goal', '', md(doc.project.goal)];
  if (doc.project.compliance.trim() !== '') out.push('', '### Compliance', '', md(doc.project.compliance));
  return out;
}

function kpis(doc: ReportDocument): string[] {
  if (doc.kpis.length === 0) return ['## KPIs', '', 'No KPIs were set for this project.'];
  const rows = doc.kpis.map((r) => [
    mdi(describeKpi(r.kpi)),
    formatMetricValue(r.kpi.metric, r.value),
    formatMargin(r.kpi.metric, r.margin),
    verdictText(r.verdict),
  ]);
  return ['## KPIs', '', table(['KPI', 'Value', 'Margin', 'Verdict'], rows, [false, true, true, false])];
}

function data(doc: ReportDocument): string[] {
  const d = doc.dataset;
  const out = [
    '## Data',
    '',
    `- **Dataset:** ${mdi(d.name)} (version ${d.version})`,
    ...(d.fileName !== undefined ? [`- **File:** ${mdi(d.fileName)}`] : []),
    `- **Rows:** ${formatCount(d.rows)}`,
    `- **Columns:** ${formatCount(d.columns)}`,
    `- **Content hash (SHA-256):** ${markdownCode(d.hash)}`,
  ];
  if (doc.splits.length > 0) {
    const rows = doc.splits.map((s) => [SPLIT_LABELS[s.name], formatCount(s.rows), mdi(s.note ?? '')]);
    out.push('', '### Splits', '', table(['Split', 'Rows', 'How it was made'], rows, [false, true, false]));
  }
  return out;
}

function framing(doc: ReportDocument): string[] {
  const primary = metricInfo(doc.framing.primaryMetric);
  const out = [
    '## Problem framing and features',
    '',
    `- **Target column:** ${markdownCode(doc.framing.target)}`,
    `- **Task:** ${doc.framing.task}`,
    `- **Primary metric:** ${primary.label} (${primary.description})`,
  ];
  if (doc.classes && doc.classes.length > 0)
    out.push(`- **Classes:** ${doc.classes.map(markdownCode).join(', ')}`);
  out.push('', '### Feature recipe', '');
  if (doc.recipe.steps.length === 0)
    out.push('No preparation steps: the columns go to the model as they are.');
  doc.recipe.steps.forEach((s, i) => out.push(`${i + 1}. ${mdi(s)}`));
  out.push('', `The model sees ${formatCount(doc.recipe.features)} input features.`);
  return out;
}

function model(doc: ReportDocument): string[] {
  const m = doc.model;
  const out = [
    '## Model',
    '',
    `- **Model:** ${mdi(m.name)} (version ${m.version})`,
    `- **Family:** ${mdi(m.family)}`,
    `- **Backend:** ${markdownCode(m.backend)}: ${mdi(m.backendReason)}`,
    `- **Training time:** ${formatDuration(m.durationMs)}`,
    `- **Trained at:** ${mdi(formatTime(m.trainedAt))}`,
  ];
  if (m.seed !== undefined) out.push(`- **Random seed:** ${m.seed}`);
  out.push('', '### Model specification', '', markdownCodeBlock(JSON.stringify(m.spec, null, 2), 'json'));
  if (doc.history.length > 0) {
    const last = doc.history.at(-1)!;
    const val = last.valLoss !== undefined ? `, validation loss ${formatNumber(last.valLoss)}` : '';
    out.push(
      '',
      `Trained for ${doc.history.length} epochs; final training loss ${formatNumber(last.loss)}${val}.`,
    );
  }
  return out;
}

function metrics(doc: ReportDocument): string[] {
  const splits = evaluatedSplits(doc);
  if (splits.length === 0) return ['## Metrics', '', 'The model was not evaluated on any split.'];
  const head = ['Metric', ...splits.map((s) => SPLIT_LABELS[s])];
  const rows = metricRows(doc).map((r) => [r.label, ...r.values]);
  const out = ['## Metrics', '', table(head, rows, [false, ...splits.map(() => true)])];
  for (const split of confusionSplits(doc)) {
    const m = doc.metrics[split];
    if (m?.task !== 'classification' || m.confusion.length === 0) continue;
    const labels =
      doc.classes?.length === m.confusion.length ? doc.classes : m.confusion.map((_, i) => `Class ${i + 1}`);
    const cm = m.confusion.map((row, i) => [`**${mdi(labels[i]!)}**`, ...row.map(String)]);
    out.push(
      '',
      `### Confusion matrix: ${SPLIT_LABELS[split].toLowerCase()} set`,
      '',
      'Rows are true classes, columns predicted classes.',
      '',
      table(['True \\\\ predicted', ...labels.map(mdi)], cm, [false, ...labels.map(() => true)]),
    );
  }
  const importance = (doc.importance ?? []).filter((r) => Number.isFinite(r.importance));
  if (importance.length > 0) {
    const top = [...importance].sort((a, b) => b.importance - a.importance).slice(0, 25);
    const rows = top.map((r) => [mdi(r.feature), formatNumber(r.importance)]);
    out.push('', '### Feature importance', '', table(['Feature', 'Importance'], rows, [false, true]));
  }
  return out;
}

/** Renders the report as Markdown (CommonMark with GitHub tables). */
export function renderReportMarkdown(doc: ReportDocument): string {
  const lines = [
    `# ${mdi(doc.project.name)}`,
    '',
    `Evaluation report · ${formatTime(doc.generatedAt)} · ${mdi(doc.app.name)} ${mdi(doc.app.version)}`,
    '',
    `**Overall: ${verdictText(doc.overall)}.** ${overallSentence(doc)}`,
    '',
    ...goal(doc),
    '',
    ...kpis(doc),
    '',
    ...data(doc),
    '',
    ...framing(doc),
    '',
    ...model(doc),
    '',
    ...metrics(doc),
    '',
    ...(doc.evaluation ? evaluationMarkdown(doc.evaluation) : []),
  ];
  return lines.join('\n');
}
