/**
 * The business evaluation across models: every candidate (and the baseline) × every KPI, on
 * validation (the fold mean ± std in cross-validation), test and out-of-time, each value with a
 * 95% bootstrap interval, and warnings where a verdict rests on too little evidence.
 */
import { metricInterval } from '../ml/evaluation/views';
import type { ScoredRows } from '../ml/evaluation/rowMetric';
import type { MetricName } from '../ml/types';
import { describeKpi, describeSplit, KPI_SPLITS, type Kpi, type KpiSplit } from './kpi';
import { evaluateKpi, metricValue, overallVerdict, type MetricsBySplit, type Verdict } from './kpiEvaluation';
import { formatMetricValue } from './metricFormat';
import { rankModels, type RankedModel } from './ranking';

export interface MatrixCandidate {
  id: string;
  label: string;
  metrics: MetricsBySplit;
  /** Cross-validation: the std across folds of each metric (the validation value is the mean). */
  foldStd?: Partial<Record<MetricName, number>>;
  /** Held-out predictions per split, for intervals. */
  scored?: Partial<Record<KpiSplit, ScoredRows>>;
}

export interface KpiCell {
  value: number | null;
  /** Across folds (validation in cross-validation). */
  std?: number;
  /** 95% bootstrap interval. */
  low?: number;
  high?: number;
  /** Whether this split's value meets the KPI's threshold. */
  passes: boolean | null;
}

export interface KpiMatrixEntry {
  kpi: Kpi;
  bySplit: Partial<Record<KpiSplit, KpiCell>>;
  /** The KPI's verdict on its own split. */
  verdict: Verdict;
  /** Why this verdict may not hold, in words (empty when the evidence is clear). */
  warnings: string[];
}

export interface KpiMatrixRow {
  id: string;
  label: string;
  baseline: boolean;
  entries: KpiMatrixEntry[];
  verdict: Verdict;
}

/** Whether `value` meets the KPI's threshold (the same tolerance as evaluateKpi). */
function passes(kpi: Kpi, value: number | null): boolean | null {
  if (value === null) return null;
  const margin = kpi.op === '>=' ? value - kpi.threshold : kpi.threshold - value;
  return margin >= -1e-9 * Math.max(1, Math.abs(kpi.threshold));
}

function entry(c: MatrixCandidate, kpi: Kpi, options: { repeats: number; seed: number }): KpiMatrixEntry {
  const bySplit: Partial<Record<KpiSplit, KpiCell>> = {};
  for (const split of KPI_SPLITS) {
    const value = metricValue(c.metrics[split], kpi.metric);
    if (value === null && !c.metrics[split]) continue;
    const cell: KpiCell = { value, passes: passes(kpi, value) };
    const std = split === 'validation' ? c.foldStd?.[kpi.metric] : undefined;
    if (std !== undefined) cell.std = std;
    const scored = c.scored?.[split];
    if (scored && value !== null) {
      const ci = metricInterval(scored, kpi.metric, options);
      if (Number.isFinite(ci.low) && Number.isFinite(ci.high)) {
        cell.low = ci.low;
        cell.high = ci.high;
      }
    }
    bySplit[split] = cell;
  }
  const verdict = evaluateKpi(kpi, c.metrics).verdict;
  const warnings: string[] = [];
  const what = describeKpi(kpi);
  const v = bySplit.validation;
  const t = bySplit.test;
  if (v?.passes != null && t?.passes != null && v.passes !== t.passes) {
    warnings.push(
      `Validation and test disagree on ${what}: ${v.passes ? 'passes' : 'fails'} on validation (${formatMetricValue(kpi.metric, v.value)}), ${t.passes ? 'passes' : 'fails'} on test (${formatMetricValue(kpi.metric, t.value)}). The verdict rests on a small split.`,
    );
  }
  const own = bySplit[kpi.split];
  if (
    own?.low !== undefined &&
    own.high !== undefined &&
    own.low < kpi.threshold &&
    own.high > kpi.threshold
  ) {
    warnings.push(
      `The 95% interval on ${describeSplit(kpi.split)} (${formatMetricValue(kpi.metric, own.low)} to ${formatMetricValue(kpi.metric, own.high)}) straddles the threshold: more rows are needed to be sure of this verdict.`,
    );
  }
  const oot = bySplit.outOfTime;
  if (v?.passes && oot?.passes === false && kpi.split !== 'outOfTime') {
    warnings.push(
      `Passes on validation but fails on the later period (out of time): the model may not hold up over time.`,
    );
  }
  return { kpi, bySplit, verdict, warnings };
}

/**
 * The matrix: one row per candidate, then the baseline's row (when given). Intervals are seeded
 * (`seed`), so the same predictions give the same matrix.
 */
export function kpiMatrix(
  candidates: readonly MatrixCandidate[],
  kpis: readonly Kpi[],
  baseline?: MatrixCandidate,
  options: { repeats?: number; seed?: number } = {},
): KpiMatrixRow[] {
  const o = { repeats: options.repeats ?? 200, seed: options.seed ?? 0 };
  const row = (c: MatrixCandidate, isBaseline: boolean): KpiMatrixRow => {
    const entries = kpis.map((k) => entry(c, k, o));
    return {
      id: c.id,
      label: c.label,
      baseline: isBaseline,
      entries,
      verdict: overallVerdict(
        entries.map((e) => ({ kpi: e.kpi, value: null, verdict: e.verdict, margin: null })),
      ),
    };
  };
  return [...candidates.map((c) => row(c, false)), ...(baseline ? [row(baseline, true)] : [])];
}

/**
 * "Pick best": ranks by the KPIs judged on validation (whatever split each KPI names), then by
 * the primary metric on validation — never on test, so the test rows stay an honest check of
 * the model chosen.
 */
export function rankOnValidation<T extends { id: string; metrics: MetricsBySplit }>(
  candidates: readonly T[],
  kpis: readonly Kpi[],
  primary: MetricName,
): RankedModel<T>[] {
  const onValidation = kpis.map((k) => ({ ...k, split: 'validation' as const }));
  return rankModels(candidates, onValidation, primary, 'validation');
}

/** The primary metric a project ranks by: the first KPI's metric, else the task's default. */
export function primaryFromKpis(kpis: readonly Kpi[], fallback: MetricName): MetricName {
  return kpis[0]?.metric ?? fallback;
}
