/**
 * Comparing runs: their settings as label → text (so only the ones that differ can be shown),
 * sorting a leaderboard by any metric with unmeasured runs last, and a model's margin over the
 * baseline trained beside it.
 */
import { isBetter } from '../lifecycle/metricCatalog';
import { formatMargin } from '../lifecycle/metricFormat';
import type { MetricName } from '../ml/types';
import type { SplitConfig } from '../pipeline/split';
import { formatParam } from './space';

/** What a run record carries that makes it what it is (a structural subset of the stored Run). */
export interface ComparableRun {
  id: string;
  /** The model spec, as stored (plain data). */
  spec: unknown;
  seed: number;
  datasetHash: string;
  recipeVersionId?: string;
  backend: string;
  split?: SplitConfig;
}

const SPEC_LABELS: Record<string, string> = {
  family: 'Model family',
  epochs: 'Epochs',
  maxIterations: 'Iterations',
  learningRate: 'Learning rate',
  l2: 'L2',
  C: 'C',
  alpha: 'Alpha',
  solver: 'Solver',
  optimizer: 'Optimizer',
  batchSize: 'Batch size',
  classWeights: 'Class weights',
  earlyStopping: 'Early stopping',
  hiddenLayers: 'Hidden layers',
  activation: 'Activation',
  dropout: 'Dropout',
  growth: 'Tree growth',
  maxLeaves: 'Max leaves',
  maxDepth: 'Max depth',
  minSamplesLeaf: 'Min samples per leaf',
  maxBins: 'Bins',
};

function specText(key: string, value: unknown): string {
  if (value === null || value === undefined) return key === 'earlyStopping' ? 'off' : 'none';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number' || typeof value === 'string') return formatParam(value);
  if (key === 'earlyStopping' && typeof value === 'object') {
    const es = value as { patience?: number; validationFraction?: number };
    return `patience ${es.patience ?? '?'}`;
  }
  return JSON.stringify(value);
}

/** A split config in a few words: "holdout, 20% test, 10% validation, stratified". */
export function splitLabel(split: SplitConfig | undefined): string {
  if (!split) return 'not recorded';
  const pct = (f: number) => `${Math.round(f * 100)}%`;
  const strat = split.stratify ? ', stratified' : '';
  switch (split.kind) {
    case 'holdout':
      return `holdout, ${pct(split.testFraction)} test, ${pct(split.validationFraction)} validation${strat}`;
    case 'outOfTime':
      return (
        `out of time on "${split.timeColumn}", ${pct(split.outOfTimeFraction)} out-of-time, ` +
        `${pct(split.validationFraction)} validation, ${pct(split.testFraction)} test${strat}`
      );
    case 'kFold':
      return `${split.folds}-fold cross-validation, ${pct(split.testFraction)} test${strat}`;
  }
}

/** Every setting of a run as label → text, model settings first. */
export function runSettings(run: ComparableRun): Map<string, string> {
  const out = new Map<string, string>();
  if (run.spec && typeof run.spec === 'object') {
    for (const [key, value] of Object.entries(run.spec))
      out.set(SPEC_LABELS[key] ?? key, specText(key, value));
  }
  out.set('Seed', String(run.seed));
  out.set('Data version (hash)', run.datasetHash.slice(0, 12));
  out.set('Recipe version', run.recipeVersionId ? run.recipeVersionId.slice(0, 8) : 'not recorded');
  out.set('Split', splitLabel(run.split));
  out.set('Backend', run.backend);
  return out;
}

export interface SettingDifference {
  label: string;
  /** One text per run, in the runs' order ("—" where a run lacks the setting). */
  values: string[];
}

/** The settings whose text is not the same for every run, in a stable order. */
export function differingSettings(runs: readonly ComparableRun[]): SettingDifference[] {
  const settings = runs.map(runSettings);
  const labels: string[] = [];
  for (const s of settings) for (const label of s.keys()) if (!labels.includes(label)) labels.push(label);
  return labels
    .map((label) => ({ label, values: settings.map((s) => s.get(label) ?? '—') }))
    .filter((d) => new Set(d.values).size > 1);
}

/**
 * `items` sorted by `value`: better first for `metric` (or by plain value when `direction` is
 * given), runs without a value last whatever the direction. Stable.
 */
export function sortByMetric<T>(
  items: readonly T[],
  value: (item: T) => number | null | undefined,
  metric: MetricName,
  direction: 'best' | 'worst' = 'best',
): T[] {
  const keyed = items.map((item, index) => ({ item, index, v: value(item) }));
  const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  keyed.sort((a, b) => {
    if (!known(a.v) || !known(b.v))
      return known(a.v) === known(b.v) ? a.index - b.index : known(a.v) ? -1 : 1;
    const order = isBetter(metric, a.v, b.v) ? -1 : isBetter(metric, b.v, a.v) ? 1 : 0;
    return (direction === 'best' ? order : -order) || a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

/**
 * The model against the baseline trained beside it, in the metric's better direction:
 * "12.30 pp better than the baseline", "0.4100 worse than the baseline".
 */
export function vsBaseline(metric: MetricName, model: number | null, baseline: number | null): string {
  if (model === null || baseline === null || !Number.isFinite(model) || !Number.isFinite(baseline))
    return '—';
  if (model === baseline) return 'same as the baseline';
  const size = formatMargin(metric, Math.abs(model - baseline)).replace(/^\+/, '');
  return `${size} ${isBetter(metric, model, baseline) ? 'better' : 'worse'} than the baseline`;
}
