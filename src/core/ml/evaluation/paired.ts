/**
 * Paired comparison of two models scored on the same rows: McNemar's test on who got which
 * rows right (classification) and a paired bootstrap of any metric's difference. Both answer
 * "is this win more than noise?". Shadow validation imports these too: keep the signatures.
 */
import { createRng } from '../rng';
import { allRows, resampleInto, sortedQuantile, type RowMetric } from './bootstrap';
import { chiSquareSurvival, lnGamma } from './special';

export interface McNemarResult {
  /** Rows only model A classified right. */
  onlyARight: number;
  /** Rows only model B classified right. */
  onlyBRight: number;
  /** Two-sided exact binomial p-value (scipy `binomtest(b, b + c, 0.5)`). */
  exactP: number;
  /** Chi-square statistic with continuity correction, (|b − c| − 1)² / (b + c). */
  chiSquare: number;
  /** Its p-value (1 degree of freedom). */
  chiSquareP: number;
}

function binomialLogPmfHalf(n: number, k: number): number {
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) - n * Math.LN2;
}

/**
 * McNemar's test from the two discordant counts. With no discordant rows the models never
 * disagree: both p-values are 1 and the statistic 0.
 */
export function mcNemar(onlyARight: number, onlyBRight: number): McNemarResult {
  const b = onlyARight;
  const c = onlyBRight;
  const n = b + c;
  if (n === 0) return { onlyARight: b, onlyBRight: c, exactP: 1, chiSquare: 0, chiSquareP: 1 };
  const k = Math.min(b, c);
  let cdf = 0;
  for (let i = 0; i <= k; i++) cdf += Math.exp(binomialLogPmfHalf(n, i));
  const exactP = Math.min(1, 2 * cdf);
  // (|b − c| − 1)² is scipy's/statsmodels' correction; when |b − c| < 1 it stays 0, not negative.
  const diff = Math.max(0, Math.abs(b - c) - 1);
  const chiSquare = (diff * diff) / n;
  return { onlyARight: b, onlyBRight: c, exactP, chiSquare, chiSquareP: chiSquareSurvival(chiSquare, 1) };
}

/** McNemar's test of two models' predicted classes against the same true classes. */
export function mcNemarFromPredictions(
  yTrue: ArrayLike<number>,
  predA: ArrayLike<number>,
  predB: ArrayLike<number>,
): McNemarResult {
  const n = yTrue.length;
  if (predA.length !== n || predB.length !== n) {
    throw new Error('McNemar needs both models’ predictions for the same rows.');
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const aRight = predA[i] === yTrue[i];
    const bRight = predB[i] === yTrue[i];
    if (aRight && !bRight) b++;
    else if (bRight && !aRight) c++;
  }
  return mcNemar(b, c);
}

export interface PairedBootstrapOptions {
  repeats?: number;
  seed?: number;
  level?: number;
}

export interface PairedBootstrapResult {
  /** metric(A) − metric(B) on all rows. */
  difference: number;
  /** Percentile interval of the difference over paired resamples. */
  low: number;
  high: number;
  /**
   * Two-sided bootstrap p-value: twice the share of resamples whose difference lies on the other
   * side of 0 from the observed one (capped at 1). Small means the sign is not noise.
   */
  pValue: number;
  repeats: number;
}

/**
 * Paired bootstrap of the difference of a metric between two models: each resample draws the
 * same rows for both (seeded), so row difficulty cancels and only the models' difference varies.
 * `metricA(rows)` and `metricB(rows)` compute each model's metric on the given row indices.
 */
export function pairedBootstrap(
  n: number,
  metricA: RowMetric,
  metricB: RowMetric,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const repeats = options.repeats ?? 1000;
  const level = options.level ?? 0.95;
  const all = allRows(n);
  const difference = metricA(all) - metricB(all);
  if (n < 2) return { difference, low: NaN, high: NaN, pValue: NaN, repeats: 0 };
  const rng = createRng(options.seed ?? 0);
  const idx = new Int32Array(n);
  const diffs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    resampleInto(idx, rng);
    const d = metricA(idx) - metricB(idx);
    if (!Number.isNaN(d)) diffs.push(d);
  }
  const sorted = Float64Array.from(diffs).sort();
  let otherSide = 0;
  for (const d of sorted) if (difference >= 0 ? d <= 0 : d >= 0) otherSide++;
  const pValue = sorted.length ? Math.min(1, (2 * otherSide) / sorted.length) : NaN;
  return {
    difference,
    low: sortedQuantile(sorted, (1 - level) / 2),
    high: sortedQuantile(sorted, (1 + level) / 2),
    pValue,
    repeats: sorted.length,
  };
}
