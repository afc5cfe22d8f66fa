/**
 * Small numeric helpers for fitting steps. They follow NumPy's conventions (population variance,
 * linear-interpolation percentiles, pairwise summation) because the golden values the steps are
 * tested against come from scikit-learn.
 */

/**
 * NumPy's pairwise summation (8-way unrolled blocks of ≤128). Matching it bit for bit matters for
 * the Yeo-Johnson optimiser, whose path depends on the last digits of the log-likelihood.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + a[start + i + j]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** The values that are not NaN, in their original order. */
export function presentValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out;
}

/** Mean of the values (NumPy `np.mean`); NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : pairwiseSum(values) / values.length;
}

/** Population variance (NumPy `np.var`, ddof=0); NaN when empty. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const m = mean(values);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    sq[i] = d * d;
  }
  return pairwiseSum(sq) / n;
}

/** A sorted copy (ascending). */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Quantile q ∈ [0, 1] of ascending `sortedValues` by linear interpolation (NumPy's default). */
export function quantileSorted(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sortedValues[lo]!;
  const b = sortedValues[hi]!;
  // NumPy's _lerp: interpolate from the nearer end so q = 1 lands exactly on the maximum.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * The most frequent value; ties go to the smallest (scikit-learn SimpleImputer most_frequent).
 * Works on numbers and strings alike.
 */
export function mode<T extends number | string>(counts: ReadonlyMap<T, number>): T | undefined {
  let best: T | undefined;
  let bestCount = -1;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** A seeded generator of floats in [0, 1) (mulberry32): folds and shuffles must be reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Assigns each of `n` rows to one of `k` folds of near-equal size, shuffled by `seed`. */
export function foldAssignment(n: number, k: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  const fold = new Int32Array(n);
  for (let p = 0; p < n; p++) fold[order[p]!] = p % k;
  return fold;
}
