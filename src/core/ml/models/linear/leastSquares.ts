/**
 * Linear regression and ridge by a direct solve, as scikit-learn's LinearRegression and Ridge
 * define them: minimise ‖y − Xw − b‖² + α‖w‖² with the intercept b not penalised. Centring X and y
 * removes b from the system; (XcᵀXc + αI) w = Xcᵀyc is then solved by Cholesky in float64.
 */

export interface LeastSquaresResult {
  /** Coefficients, one per column. */
  w: Float64Array;
  intercept: number;
  /** Columns found to be linear combinations of earlier ones (given coefficient 0). */
  dependent: number[];
}

/**
 * Solves ridge (α > 0) or ordinary least squares (α = 0). With α = 0 a column that is a linear
 * combination of earlier ones (a one-hot column beside all its siblings, a duplicated feature)
 * makes XᵀX singular: its pivot is found to be ~0 during the factorisation and the column gets
 * coefficient 0, which gives the same predictions as any other least-squares solution.
 */
export function solveLeastSquares(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  cols: number,
  alpha: number,
): LeastSquaresResult {
  const d = cols;
  const xMean = new Float64Array(d);
  let yMean = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let j = 0; j < d; j++) xMean[j]! += x[base + j]!;
    yMean += y[r]!;
  }
  for (let j = 0; j < d; j++) xMean[j]! /= rows;
  yMean /= rows;
  // Upper triangle of XcᵀXc and Xcᵀyc.
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const xc = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let j = 0; j < d; j++) xc[j] = x[base + j]! - xMean[j]!;
    const yc = y[r]! - yMean;
    for (let j = 0; j < d; j++) {
      const v = xc[j]!;
      if (v === 0) continue;
      b[j]! += v * yc;
      const row = j * d;
      for (let l = j; l < d; l++) a[row + l]! += v * xc[l]!;
    }
  }
  let scale = 0;
  for (let j = 0; j < d; j++) scale = Math.max(scale, a[j * d + j]!);
  for (let j = 0; j < d; j++) a[j * d + j]! += alpha;

  // In-place Cholesky A = LLᵀ (L stored in the lower triangle, read from the upper one).
  const l = new Float64Array(d * d);
  const dropped = new Uint8Array(d);
  const tiny = 1e-10 * Math.max(scale, 1e-300);
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= l[j * d + k]! ** 2;
    if (diag <= tiny) {
      dropped[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(diag);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = a[j * d + i]!;
      for (let k = 0; k < j; k++) v -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = v / ljj;
    }
  }
  // L z = b, then Lᵀ w = z, skipping dropped columns (their L entries are 0).
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    if (dropped[i]) continue;
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= l[i * d + k]! * z[k]!;
    z[i] = v / l[i * d + i]!;
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let v = z[i]!;
    for (let k = i + 1; k < d; k++) v -= l[k * d + i]! * w[k]!;
    w[i] = v / l[i * d + i]!;
  }
  let intercept = yMean;
  for (let j = 0; j < d; j++) intercept -= xMean[j]! * w[j]!;
  const dependent: number[] = [];
  dropped.forEach((v, j) => v && dependent.push(j));
  return { w, intercept, dependent };
}
