/**
 * Permutation importance: how much a score drops when one feature's values are shuffled, breaking
 * its link with the target. Model-agnostic: it only calls `predictFn`. With `groups`, the
 * features of one input column (its one-hot indicators, derived features) are shuffled together
 * with one row order, which is shuffling the input column itself.
 */
import { abortError, yieldToEventLoop } from '../models/abort';
import { classificationMetrics, regressionMetrics } from '../metrics';
import { createRng, shuffleInPlace } from '../rng';
import type { ClassificationMetricName, MetricName, RegressionMetricName } from '../types';

/** Work between two turns of the event loop, so a Cancel is heard while importance runs. */
const YIELD_EVERY_MS = 30;

export interface FeatureImportance {
  feature: string;
  /** Mean drop of the score over the repeats (positive: the model relies on the feature). */
  importance: number;
  /** Standard deviation of the drop over the repeats. */
  std: number;
}

export interface PermutationOptions {
  metric: MetricName;
  repeats: number;
  seed: number;
  /** Score on a seeded sample of at most this many rows (all rows when absent). */
  maxRows?: number;
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /** Features shuffled together, reported under the group's name (default: each feature alone). */
  groups?: readonly FeatureGroup[];
}

/** Features that come from one input column (see explain/lineage.ts). */
export interface FeatureGroup {
  name: string;
  features: readonly number[];
}

/** Predictions in the shape `predict` returns: n × k probabilities or n values. */
export type PredictFn = (x: Float32Array, rows: number) => Promise<Float32Array>;

const REGRESSION: readonly RegressionMetricName[] = [
  'rmse',
  'mae',
  'r2',
  'mape',
  'medianAe',
  'explainedVariance',
];
/** Errors and losses: smaller is better, so their drop is measured the other way round. */
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>([
  'rmse',
  'mae',
  'mape',
  'medianAe',
  'logLoss',
  'brier',
]);

function isRegressionMetric(m: MetricName): m is RegressionMetricName {
  return (REGRESSION as readonly string[]).includes(m);
}

function scorer(metric: MetricName, y: Float32Array, rows: number): (p: Float32Array) => number {
  if (isRegressionMetric(metric)) return (p) => regressionMetrics(y, p)[metric];
  const labels = Int32Array.from(y);
  return (p) => {
    const value = classificationMetrics(labels, p, p.length / rows)[metric as ClassificationMetricName];
    if (Number.isNaN(value)) {
      throw new Error(
        `The metric "${metric}" is undefined for these rows (binary-only, or one class present): choose another metric.`,
      );
    }
    return value;
  };
}

/**
 * Permutation importance of each of `cols` features of row-major `x` (`rows` × `cols`) for the
 * chosen metric, `repeats` shuffles per feature, sorted from most to least important. Seeded: the
 * same inputs give the same numbers.
 */
export async function permutationImportance(
  predictFn: PredictFn,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  cols: number,
  names: readonly string[],
  options: PermutationOptions,
): Promise<FeatureImportance[]> {
  if (x.length !== rows * cols || y.length !== rows) {
    throw new Error(
      `Expected ${rows} rows × ${cols} features and ${rows} targets; got ${x.length} values and ${y.length} targets.`,
    );
  }
  if (names.length !== cols) throw new Error(`There are ${names.length} feature names for ${cols} features.`);
  if (!(Number.isInteger(options.repeats) && options.repeats >= 1)) {
    throw new Error(`Repeats must be a whole number of at least 1; got ${options.repeats}.`);
  }
  const rng = createRng(options.seed);
  let n = rows;
  let data = x.slice();
  let target = y;
  if (options.maxRows !== undefined && rows > options.maxRows) {
    const pick = Int32Array.from({ length: rows }, (_, i) => i);
    shuffleInPlace(pick, rng);
    n = options.maxRows;
    const keep = pick.subarray(0, n).sort();
    data = new Float32Array(n * cols);
    target = new Float32Array(n);
    keep.forEach((r, i) => {
      data.set(x.subarray(r * cols, (r + 1) * cols), i * cols);
      target[i] = y[r]!;
    });
  }
  const score = scorer(options.metric, target, n);
  const sign = LOWER_IS_BETTER.has(options.metric) ? -1 : 1;
  const reference = score(await predictFn(data, n));
  const groups = options.groups ?? names.map((name, f) => ({ name, features: [f] }));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const total = groups.length * options.repeats;
  const result: FeatureImportance[] = [];
  let lastYield = performance.now();
  for (const [g, group] of groups.entries()) {
    const saved = group.features.map((f) => Float32Array.from({ length: n }, (_, i) => data[i * cols + f]!));
    const drops: number[] = [];
    for (let rep = 0; rep < options.repeats; rep++) {
      // A Cancel reaches a worker only between tasks: let it in every ~30 ms of work.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (options.shouldStop?.()) throw abortError();
      shuffleInPlace(order, rng);
      group.features.forEach((f, j) => {
        const column = saved[j]!;
        for (let i = 0; i < n; i++) data[i * cols + f] = column[order[i]!]!;
      });
      drops.push(sign * (reference - score(await predictFn(data, n))));
      options.onProgress?.(g * options.repeats + rep + 1, total);
    }
    group.features.forEach((f, j) => {
      const column = saved[j]!;
      for (let i = 0; i < n; i++) data[i * cols + f] = column[i]!;
    });
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, d) => a + (d - mean) ** 2, 0) / drops.length);
    result.push({ feature: group.name, importance: mean, std });
  }
  return result.sort((a, b) => b.importance - a.importance);
}
