/**
 * The evaluation gate: a model's metrics judged against the project's KPIs.
 */

import type { MetricName, SplitMetrics } from '../ml/types';
import type { Kpi } from './kpi';
import { isClassificationMetric, isRegressionMetric } from './metricCatalog';

export type Verdict = 'pass' | 'fail' | 'missing';

export interface KpiResult {
  kpi: Kpi;
  /** The metric on the KPI's split; null when that split was not evaluated or the metric is undefined there. */
  value: number | null;
  verdict: Verdict;
  /**
   * How far the value is on the good side of the threshold, in the metric's units: positive
   * passes with room to spare, negative fails by that much. Null when the value is missing.
   */
  margin: number | null;
}

import type { MetricsBySplit } from '../ml/types';

export type { MetricsBySplit };

/**
 * Metrics are computed in floating point (0.1 + 0.2 ≠ 0.3), so a value that prints as exactly
 * the threshold must not fail by 1e-17. The tolerance is far below any displayed digit.
 */
const TOLERANCE = 1e-9;

/**
 * The value of `metric` in one split's metrics, or null when the split is absent, belongs to
 * the other task, or the metric is NaN there (e.g. average precision on three classes).
 */
export function metricValue(metrics: SplitMetrics | undefined, metric: MetricName): number | null {
  if (!metrics) return null;
  let value: number | undefined;
  if (metrics.task === 'classification') {
    if (isClassificationMetric(metric)) value = metrics[metric];
  } else if (isRegressionMetric(metric)) {
    value = metrics[metric];
  }
  // Stored records are plain JSON: guard against a field that is absent or not a number.
  if (typeof value !== 'number' || Number.isNaN(value)) return null;
  return value;
}

/** Judges one KPI. */
export function evaluateKpi(kpi: Kpi, metrics: MetricsBySplit): KpiResult {
  const value = metricValue(metrics[kpi.split], kpi.metric);
  if (value === null) return { kpi, value: null, verdict: 'missing', margin: null };
  const margin = kpi.op === '>=' ? value - kpi.threshold : kpi.threshold - value;
  const slack = TOLERANCE * Math.max(1, Math.abs(kpi.threshold));
  return { kpi, value, verdict: margin >= -slack ? 'pass' : 'fail', margin };
}

/**
 * Judges every KPI against a model's metrics per split, in the order given. A KPI whose split
 * was not evaluated (say, no out-of-time set) is 'missing', never a silent pass.
 */
export function evaluateKpis(kpis: readonly Kpi[], metrics: MetricsBySplit): KpiResult[] {
  return kpis.map((kpi) => evaluateKpi(kpi, metrics));
}

/**
 * 'pass' only when there is at least one KPI and every KPI passes; 'fail' when any fails;
 * otherwise 'missing' (some KPI could not be judged, or there are no KPIs to judge).
 */
export function overallVerdict(results: readonly KpiResult[]): Verdict {
  if (results.some((r) => r.verdict === 'fail')) return 'fail';
  if (results.length === 0 || results.some((r) => r.verdict === 'missing')) return 'missing';
  return 'pass';
}
