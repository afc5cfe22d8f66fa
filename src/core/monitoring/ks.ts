/**
 * P-values of the two-sample Kolmogorov–Smirnov test, as SciPy's `ks_2samp` (two-sided,
 * method 'auto') computes them: the exact distribution for small samples, an asymptotic one
 * for large.
 */

/** Above this many rows in either sample (SciPy's MAX_AUTO_N) the p-value is asymptotic. */
const MAX_EXACT_N = 10_000;
/**
 * SciPy also goes exact up to 10,000 × 10,000; the lattice walk then costs ~10⁸ steps (~0.5 s),
 * too long for a monitoring view that tests ten features per batch. Beyond this product the
 * asymptotic value (within ~1 % of SciPy's there) is used instead.
 */
const MAX_EXACT_PRODUCT = 25_000_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Share of monotone lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm,
 * i.e. P(D ≥ d) under the null. Hodges' inside method with Viehmann's recursion for 1 − p
 * (SciPy's `_compute_outer_prob_inside_method`), one sliding column of floats.
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  // The window can widen beyond its first size on skewed m/n; size for the widest case.
  const a = new Float64Array(Math.max(lenA, n + 2)).fill(1);
  for (let j = minj; j < maxj; j++) a[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** Kolmogorov's limiting survival function Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²). */
function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 0.2) return 1; // the series converges slowly there and the value is 1 to 1e-16
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsPValue {
  /** The statistic, rounded to the lattice (h / lcm) when the exact method ran, as SciPy does. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/**
 * Two-sided p-value of the two-sample KS statistic `d` for samples of `n1` and `n2` values.
 * Exact (as SciPy) for small samples; otherwise Kolmogorov's limit with Stephens' correction
 * (√n + 0.12 + 0.11/√n)·d, n = n1·n2/(n1+n2), which agrees with SciPy's `kstwo.sf(d, round(n))`
 * to about 1 %.
 */
export function ksPValue(d: number, n1: number, n2: number): KsPValue {
  if (n1 === 0 || n2 === 0) return { statistic: d, pValue: 1, method: 'exact' };
  if (Math.max(n1, n2) <= MAX_EXACT_N && n1 * n2 <= MAX_EXACT_PRODUCT) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method: 'exact' };
    const p = outerProbInside(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  const s = Math.sqrt(en);
  return { statistic: d, pValue: kolmogorovSurvival((s + 0.12 + 0.11 / s) * d), method: 'asymptotic' };
}
