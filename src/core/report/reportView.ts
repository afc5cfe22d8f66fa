/**
 * What both the HTML and the Markdown renderer say, worked out once: verdict words, the overall
 * sentence, the metrics table. Renderers only add markup and escaping.
 */

import { metricValue, type Verdict } from '../lifecycle/kpiEvaluation';
import { metricsForTask } from '../lifecycle/metricCatalog';
import { formatMetricValue } from '../lifecycle/metricFormat';
import type { SplitName } from '../ml/types';
import { SPLIT_ORDER, type ReportDocument } from './reportDocument';

export const SPLIT_LABELS: Record<SplitName, string> = {
  train: 'Training',
  validation: 'Validation',
  test: 'Test',
  outOfTime: 'Out-of-time',
};

/** Words for a verdict, with a symbol so it never relies on colour alone. */
export function verdictText(verdict: Verdict): string {
  if (verdict === 'pass') return '✓ Pass';
  if (verdict === 'fail') return '✗ Fail';
  return '? Not measured';
}

/** The headline: does the model meet the goal? */
export function overallSentence(doc: ReportDocument): string {
  const n = doc.kpis.length;
  const passed = doc.kpis.filter((r) => r.verdict === 'pass').length;
  const failed = doc.kpis.filter((r) => r.verdict === 'fail').length;
  if (n === 0) return 'No KPIs were set, so the model was not judged against a goal.';
  if (doc.overall === 'pass') return n === 1 ? 'The model meets its KPI.' : `The model meets all ${n} KPIs.`;
  if (doc.overall === 'fail') return `The model misses ${failed} of ${n} KPIs.`;
  return `${passed} of ${n} KPIs pass; the others could not be measured, so the goal is not shown to be met.`;
}

/** The splits that have metrics, in reading order. */
export function evaluatedSplits(doc: ReportDocument): SplitName[] {
  return SPLIT_ORDER.filter((s) => doc.metrics[s] !== undefined);
}

export interface MetricRow {
  label: string;
  description: string;
  /** Formatted value per split in `evaluatedSplits` order. */
  values: string[];
}

/** Every metric of the task, one row each, values formatted per split. */
export function metricRows(doc: ReportDocument): MetricRow[] {
  const splits = evaluatedSplits(doc);
  return metricsForTask(doc.framing.task).map((info) => ({
    label: info.label,
    description: info.description,
    values: splits.map((s) => formatMetricValue(info.name, metricValue(doc.metrics[s], info.name))),
  }));
}

/** The splits whose confusion matrix is worth a chart: held-out ones first; training only if alone. */
export function confusionSplits(doc: ReportDocument): SplitName[] {
  const withMatrix = evaluatedSplits(doc).filter((s) => doc.metrics[s]?.task === 'classification');
  const heldOut = withMatrix.filter((s) => s !== 'train');
  return heldOut.length > 0 ? heldOut : withMatrix;
}
