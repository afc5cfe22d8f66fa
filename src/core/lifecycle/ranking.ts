/**
 * Business evaluation: which candidate model best serves the goal. A model that meets every KPI
 * beats one that does not, however good its primary metric; within each group the primary
 * metric decides.
 */

import type { MetricName, SplitName } from '../ml/types';
import { describeKpi, describeSplit, type Kpi } from './kpi';
import { evaluateKpis, metricValue, overallVerdict } from './kpiEvaluation';
import type { KpiResult, MetricsBySplit, Verdict } from './kpiEvaluation';
import { isBetter, metricInfo } from './metricCatalog';
import { formatMargin, formatMetricValue } from './metricFormat';

export interface RankCandidate {
  id: string;
  metrics: MetricsBySplit;
}

export interface RankedModel<T extends RankCandidate = RankCandidate> {
  /** The candidate as passed in, so callers get their own record back. */
  model: T;
  /** 1 for the best. */
  rank: number;
  results: KpiResult[];
  verdict: Verdict;
  /** How many KPIs pass. */
  passed: number;
  /** The primary metric on the ranking split; null when it was not measured. */
  primaryValue: number | null;
  /** Why the model sits where it does, one sentence each, for the UI and the report. */
  reasons: string[];
}

function splitPhrase(split: SplitName): string {
  return split === 'train' ? 'the training set' : describeSplit(split);
}

function kpiReasons(results: readonly KpiResult[]): string[] {
  if (results.length === 0) return ['No KPIs are set, so only the primary metric counts.'];
  const passed = results.filter((r) => r.verdict === 'pass').length;
  const n = results.length;
  const all = n === 1 ? 'Meets its KPI.' : `Meets all ${n} KPIs.`;
  const reasons = [passed === n ? all : `KPIs met: ${passed} of ${n}.`];
  for (const r of results) {
    const what = describeKpi(r.kpi);
    if (r.verdict === 'fail') {
      const value = formatMetricValue(r.kpi.metric, r.value);
      reasons.push(`Misses ${what}: ${value} (${formatMargin(r.kpi.metric, r.margin)}).`);
    } else if (r.verdict === 'missing') {
      reasons.push(`Cannot judge ${what}: that metric was not measured on that split.`);
    }
  }
  return reasons;
}

function primaryReason(primary: MetricName, split: SplitName, value: number | null): string {
  const info = metricInfo(primary);
  const where = `${info.label} on ${splitPhrase(split)}`;
  if (value === null) return `${where} was not measured, so it ranks after models where it was.`;
  return `${where}: ${formatMetricValue(primary, value)} (${info.direction} is better).`;
}

/**
 * Orders candidate models for the business decision: models meeting every KPI first, then by
 * the primary metric on `split` in its better direction (unmeasured last), then by how many
 * KPIs pass; remaining ties keep the input order. Every entry says why it ranks where it does.
 */
export function rankModels<T extends RankCandidate>(
  models: readonly T[],
  kpis: readonly Kpi[],
  primary: MetricName,
  split: SplitName,
): RankedModel<T>[] {
  const scored = models.map((model, index) => {
    const results = evaluateKpis(kpis, model.metrics);
    const primaryValue = metricValue(model.metrics[split], primary);
    return {
      index,
      model,
      results,
      verdict: overallVerdict(results),
      passed: results.filter((r) => r.verdict === 'pass').length,
      primaryValue,
      reasons: [...kpiReasons(results), primaryReason(primary, split, primaryValue)],
    };
  });
  scored.sort((a, b) => {
    const gate = Number(b.verdict === 'pass') - Number(a.verdict === 'pass');
    if (gate !== 0) return gate;
    const av = a.primaryValue ?? NaN;
    const bv = b.primaryValue ?? NaN;
    if (isBetter(primary, av, bv)) return -1;
    if (isBetter(primary, bv, av)) return 1;
    if (a.passed !== b.passed) return b.passed - a.passed;
    return a.index - b.index;
  });
  return scored.map(({ index: _index, ...rest }, i) => ({ ...rest, rank: i + 1 }));
}

/**
 * The top-ranked model (see rankModels), or null when there are no candidates — or, with
 * `requireAllPass`, when even the best one misses a KPI, so nothing may go to production.
 */
export function pickBest<T extends RankCandidate>(
  models: readonly T[],
  kpis: readonly Kpi[],
  primary: MetricName,
  split: SplitName,
  options: { requireAllPass?: boolean } = {},
): RankedModel<T> | null {
  const best = rankModels(models, kpis, primary, split)[0];
  if (!best) return null;
  if (options.requireAllPass && best.verdict !== 'pass') return null;
  return best;
}
