/**
 * Drift statistics of a batch against a reference, as tests/fixtures/golden/drift.json defines
 * them (numpy / SciPy):
 * - numeric: 10 bins at the reference's deciles (numpy's linear quantiles; outer bins open; a
 *   value equal to an edge goes to the bin above, as `np.digitize`). PSI = Σ (q − p)·ln(q/p) over
 *   the bin shares with each share clipped below at 1e-4; Jensen–Shannon distance (base 2,
 *   unclipped shares, SciPy's `jensenshannon`); two-sample KS statistic and p-value.
 * - categorical: the same PSI and Jensen–Shannon over category shares (union of categories),
 *   and SciPy's `chi2_contingency` on the 2 × k table of counts (Yates' correction when dof = 1).
 *
 * Speed: a batch is read once per feature; nothing is sorted. Each value is placed by binary
 * search among the reference's decile edges and its sorted sample, which gives the bins and the
 * exact KS statistic at once (see `ksStatistic`).
 */
import { chiSquareSurvival } from '../ml/evaluation/special';
import { ksPValue } from './ks';
import { ksFromPlacement, placeValues, type Placement } from './placement';

/** Proportions below this are raised to it before PSI's logarithm (empty bins). */
export const PSI_EPSILON = 1e-4;

/**
 * numpy's default (linear) quantile of sorted values at probability `p`: the point at
 * (n − 1)·p between neighbours.
 */
export function sortedQuantileLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return frac === 0 ? a : a + (b - a) * frac;
}

/** The 9 inner decile edges of sorted values (10 bins, outer edges open). */
export function decileEdges(sorted: ArrayLike<number>): Float64Array {
  const edges = new Float64Array(9);
  for (let i = 1; i <= 9; i++) edges[i - 1] = sortedQuantileLinear(sorted, i / 10);
  return edges;
}

/** Number of entries of ascending `a` that are ≤ x (so a value on an edge goes above it). */
export function countAtMost(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares of the non-missing values in each bin defined by ascending inner `edges`. */
export function binShares(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    counts[countAtMost(edges, v)]!++;
    n++;
  }
  if (n > 0) for (let b = 0; b < counts.length; b++) counts[b]! /= n;
  return counts;
}

/** Population stability index of `current` shares against `reference` shares (natural log). */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = Math.max(reference[i]!, PSI_EPSILON);
    const q = Math.max(current[i]!, PSI_EPSILON);
    sum += (q - p) * Math.log(q / p);
  }
  return sum;
}

/** Jensen–Shannon distance (square root of the divergence, log base 2) of two share vectors. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  if (sp === 0 || sq === 0) return NaN;
  let div = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const mid = (a + b) / 2;
    if (a > 0) div += a * Math.log(a / mid);
    if (b > 0) div += b * Math.log(b / mid);
  }
  return Math.sqrt(Math.max(0, div / 2) / Math.LN2);
}

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * Chi-square test of independence on the 2 × k table (reference counts, current counts), as
 * SciPy's `chi2_contingency`: categories empty in both are dropped; Yates' correction when dof = 1.
 */
export function chiSquareTwoSample(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): ChiSquareResult {
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < referenceCounts.length; i++) {
    const a = referenceCounts[i]!;
    const b = currentCounts[i]!;
    if (a + b > 0) {
      r.push(a);
      c.push(b);
    }
  }
  const dof = r.length - 1;
  const nr = r.reduce((s, v) => s + v, 0);
  const nc = c.reduce((s, v) => s + v, 0);
  const total = nr + nc;
  if (dof < 1 || nr === 0 || nc === 0) return { statistic: 0, pValue: 1, dof: Math.max(dof, 0) };
  let stat = 0;
  for (let i = 0; i < r.length; i++) {
    const col = r[i]! + c[i]!;
    for (const [obs, rowTotal] of [
      [r[i]!, nr],
      [c[i]!, nc],
    ] as const) {
      const expected = (rowTotal * col) / total;
      let diff = obs - expected;
      // SciPy's Yates correction: move each observation 0.5 toward its expectation, never past.
      if (dof === 1) diff = Math.sign(diff) * Math.min(0.5, Math.abs(diff)) - diff;
      stat += (diff * diff) / expected;
    }
  }
  return { statistic: stat, pValue: chiSquareSurvival(stat, dof), dof };
}

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
  /** Non-missing values compared on each side. */
  referenceCount: number;
  currentCount: number;
}

/**
 * Two-sample KS of `current` (any order, NaN skipped) against the ascending, NaN-free
 * `referenceSorted`. Each current value is placed among the reference values (placement.ts),
 * counting values equal to a reference value apart. Between two neighbouring reference values
 * the reference ECDF is flat and the batch's rises, so the largest gap is at an end of each
 * interval: the statistic is exact without sorting the batch.
 */
export function ksStatistic(referenceSorted: Float64Array, current: ArrayLike<number>): KsResult {
  const placed = placeValues(referenceSorted, NO_EDGES, ALL_VALUES, current);
  return ksResult(referenceSorted, placed);
}

const NO_EDGES = new Float64Array(0);
const ALL_VALUES = { min: -Infinity, max: Infinity };

/** The KS result of a batch already placed among the reference's sorted values. */
export function ksResult(referenceSorted: Float64Array, placed: Placement): KsResult {
  const m = referenceSorted.length;
  const n = placed.n;
  if (n === 0 || m === 0) {
    return { statistic: NaN, pValue: NaN, method: 'exact', referenceCount: m, currentCount: n };
  }
  const p = ksPValue(ksFromPlacement(referenceSorted, placed), m, n);
  return { statistic: p.statistic, pValue: p.pValue, method: p.method, referenceCount: m, currentCount: n };
}
