/**
 * The report of the model Evaluate looks at, with what Evaluate has computed for it (views of
 * the chosen rows, threshold, segments, explanations, KPI matrix): HTML, JSON and the Markdown
 * model card. Never the dataset: only summaries, curves of at most a few hundred points and a
 * sample of at most 1,500 points for the regression plots.
 */
import type { ReportEvaluation } from '../core/report/evaluationReport';
import {
  classificationFigures,
  dependenceFigure,
  importanceFigure,
  reasonsFigure,
  regressionFigures,
  segmentsFigure,
  thresholdFigures,
} from '../core/report/evaluationFigures';
import { describeKpi } from '../core/lifecycle/kpi';
import type { KpiCell } from '../core/lifecycle/kpiMatrix';
import { metricInfo } from '../core/lifecycle/metricCatalog';
import { formatMetricValue } from '../core/lifecycle/metricFormat';
import type { MetricName } from '../core/ml/types';
import { precisionOf, recallOf, valuePerRow } from '../core/ml/evaluation/threshold';
import { renderReportHtml } from '../core/report/renderHtml';
import { renderReportMarkdown } from '../core/report/renderMarkdown';
import { renderReportJson } from '../core/report/reportJson';
import { reportFileName } from '../core/report/reportDocument';
import { getVersion } from '../store';
import { downloadBlob } from './download';
import type { OpenProject } from './openProject.svelte';
import { buildReport } from './report';

const SPLIT_WORDS = {
  validation: 'validation rows',
  test: 'test rows',
  outOfTime: 'out-of-time rows',
} as const;
const METHODS = {
  treeShap: 'exact TreeSHAP',
  linear: 'exact linear SHAP',
  sampling: 'sampling estimate',
  baseline: 'baseline',
} as const;

function cellText(metric: MetricName, c: KpiCell | undefined): string {
  if (!c || c.value === null) return '—';
  let s = formatMetricValue(metric, c.value);
  if (c.std !== undefined) s += ` ± ${formatMetricValue(metric, c.std)}`;
  if (c.low !== undefined && c.high !== undefined)
    s += ` [${formatMetricValue(metric, c.low)}, ${formatMetricValue(metric, c.high)}]`;
  return s;
}

/** Everything Evaluate shows for its model, as the report's evaluation part. */
export async function collectEvaluation(open: OpenProject): Promise<ReportEvaluation | undefined> {
  const ev = open.evaluation;
  const ex = open.explanations;
  const model = ev.model;
  if (!model) return undefined;
  const cv = model.crossValidation;
  const out: ReportEvaluation = {
    split: [
      model.splitSummary?.description ?? 'The split is not recorded for this model.',
      cv
        ? `Cross-validation: ${cv.folds} folds; the recipe and the model were fit again inside every fold, and the validation scores are the fold mean ± std.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    charts: [],
    limits: [],
    intendedUse: open.project?.goal.statement ?? '',
  };
  if (cv) {
    out.crossValidation = {
      folds: cv.folds,
      metrics: Object.entries(cv.mean).map(([m, mean]) => ({
        metric: metricInfo(m as MetricName).label,
        mean: mean ?? NaN,
        std: cv.std[m as MetricName] ?? NaN,
      })),
    };
  }
  const db = await open.services.db();
  const lineage: string[] = [];
  let version = await getVersion(db, model.datasetVersionId);
  for (let depth = 0; version && depth < 6; depth++) {
    lineage.push(
      `Dataset version ${version.version} (${version.rowCount} rows), SHA-256 ${version.hash}${version.parents.length ? `, made from ${version.parents.length} parent version(s)` : ', as ingested'}`,
    );
    const parent = version.parents[0];
    version = parent ? await getVersion(db, parent) : undefined;
  }
  lineage.push(
    `Recipe: ${model.fittedRecipe.spec.steps.length} steps, ${model.fittedRecipe.features.length} features${model.recipeVersionId ? ` (recipe version ${model.recipeVersionId})` : ''}.`,
  );
  out.lineage = lineage;

  const views = ev.current;
  const classes = ev.views?.classes ?? model.classes;
  if (views) {
    out.viewsOn = SPLIT_WORDS[ev.split];
    if (views.task === 'classification') {
      const f = classificationFigures(views, classes);
      out.charts.push(
        ...[f.roc, f.pr, f.calibration, f.gain].map((chart) => ({ section: 'curves' as const, chart })),
      );
      const p = ev.point;
      if (ev.sweep && p) {
        const best = ev.best;
        const t = thresholdFigures(ev.sweep, ev.valueMatrix, ev.threshold, best?.threshold ?? null);
        out.charts.push({ section: 'threshold', chart: t.rates });
        if (t.value) out.charts.push({ section: 'threshold', chart: t.value });
        out.threshold = {
          value: model.threshold ?? ev.threshold,
          precision: precisionOf(p),
          recall: recallOf(p),
          valuePerRow: valuePerRow(p, ev.valueMatrix),
          valueMatrix: { ...ev.valueMatrix },
          confusion: [
            [p.tn, p.fp],
            [p.fn, p.tp],
          ],
          ...(best ? { best: best.threshold } : {}),
        };
      }
    } else {
      const f = regressionFigures(views.diagnostics, model.target);
      out.charts.push(
        ...[f.fit, f.residuals, f.histogram].map((chart) => ({ section: 'regression' as const, chart })),
      );
    }
    if (views.rows < 100)
      out.limits.push(
        `The ${SPLIT_WORDS[ev.split]} hold only ${views.rows} rows: every number above is uncertain (see the intervals).`,
      );
  }
  const seg = ev.segments;
  if (seg) {
    const label = metricInfo(seg.metric).label;
    out.segments = { column: seg.column, metric: label, rows: seg.segments.map((s) => ({ ...s })) };
    out.charts.push({ section: 'segments', chart: segmentsFigure(seg.segments, seg.column, label) });
    const below = seg.segments.filter((s) => s.below).map((s) => s.label);
    if (below.length) out.limits.push(`Weaker on ${seg.column} = ${below.join(', ')}.`);
  }
  if (ex.importance)
    out.charts.push({
      section: 'explanations',
      chart: importanceFigure(ex.importance.items, metricInfo(ex.importance.metric).label),
    });
  if (ex.dependence) {
    const name =
      model.task === 'regression' ? model.target : `P(${model.classes[ex.dependence.output] ?? ''})`;
    out.charts.push({ section: 'explanations', chart: dependenceFigure(ex.dependence, name) });
  }
  const r = ex.reasons;
  if (r && r.outputs.length) {
    const k = 0;
    if (r.columns.length) out.charts.push({ section: 'explanations', chart: reasonsFigure(r, k) });
    out.reasons = {
      row: r.rowId + 1,
      method: METHODS[r.method],
      space: r.space,
      output: r.outputs[k]!,
      expected: r.expected[k]!,
      value: r.output[k]!,
      columns: r.columns.map((c) => ({
        column: c.column,
        value: r.values[c.column] ?? '',
        contribution: c.contributions[k]!,
        ...(c.stdErr ? { stdErr: c.stdErr[k]! } : {}),
      })),
    };
  }
  if (ev.matrix) {
    const kpis = ev.matrix[0]?.entries.map((e) => e.kpi) ?? [];
    out.matrix = {
      kpis: kpis.map(describeKpi),
      rows: ev.matrix.map((row) => ({
        label: row.label,
        baseline: row.baseline,
        cells: row.entries.map((e) => ({
          validation: cellText(e.kpi.metric, e.bySplit.validation),
          test: cellText(e.kpi.metric, e.bySplit.test),
          outOfTime: cellText(e.kpi.metric, e.bySplit.outOfTime),
          verdict: e.verdict,
        })),
      })),
      warnings: ev.matrix.flatMap((row) =>
        row.entries.flatMap((e) => e.warnings.map((w) => `${row.label}: ${w}`)),
      ),
    };
  }
  out.limits.push(
    'Measured on rows of the same source as the training data; new data that drifts away from it can score worse (watch it in monitoring).',
    'Explanations describe the model, not causes in the world: a column can matter to the model because it stands in for another.',
  );
  return out;
}

/** Downloads the report of Evaluate's model as HTML, JSON or the Markdown model card. */
export async function downloadEvaluationReport(
  open: OpenProject,
  kind: 'html' | 'json' | 'md',
): Promise<void> {
  const project = open.project;
  const model = open.evaluation.model;
  if (!project || !model) return;
  const evaluation = await collectEvaluation(open);
  const doc = await buildReport(project, model, evaluation);
  const [text, type] =
    kind === 'html'
      ? [renderReportHtml(doc), 'text/html;charset=utf-8']
      : kind === 'json'
        ? [renderReportJson(doc), 'application/json']
        : [renderReportMarkdown(doc), 'text/markdown;charset=utf-8'];
  const name =
    kind === 'md'
      ? reportFileName(doc, 'md').replace(/-report\.md$/, '-model-card.md')
      : reportFileName(doc, kind);
  downloadBlob(new Blob([text], { type }), name);
}
