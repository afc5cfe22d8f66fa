/**
 * Newton's method for binary logistic regression with few features (scikit-learn's newton-cg
 * idea with an exact solve): each step forms the gradient and the Hessian C·XᵀDX + I (intercept
 * unpenalised) in one pass over the rows and solves for the step by Cholesky. On a table of many
 * rows and tens of features it converges in a handful of passes where L-BFGS needs dozens.
 */
import type { LinearProblem } from './objectives';

/** Features up to which Newton is used: the Hessian has (cols + 1)² entries per row's update. */
export const NEWTON_MAX_COLS = 64;

export interface NewtonResult {
  w: Float64Array;
  iterations: number;
  converged: boolean;
}

/** Solves A·x = b for a symmetric positive definite A (d × d, row-major; overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array | null {
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * d + k]! ** 2;
    if (!(diag > 0)) return null;
    const ljj = Math.sqrt(diag);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = a[i * d + j]!;
      for (let k = 0; k < j; k++) v -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = v / ljj;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= a[i * d + k]! * z[k]!;
    z[i] = v / a[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let v = z[i]!;
    for (let k = i + 1; k < d; k++) v -= a[k * d + i]! * x[k]!;
    x[i] = v / a[i * d + i]!;
  }
  return x;
}

/** Objective, gradient and (when `hessian` is given) the lower triangle of the Hessian at `w`. */
function evaluate(
  p: LinearProblem,
  w: Float64Array,
  grad: Float64Array,
  hessian: Float64Array | null,
): number {
  const { x, y, rows, cols, C, sampleWeight } = p;
  const d = cols + 1;
  const row = new Float64Array(d);
  row[cols] = 1;
  grad.fill(0);
  hessian?.fill(0);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const s = C * (sampleWeight ? sampleWeight[r]! : 1);
    const base = r * cols;
    let t = w[cols]!;
    for (let j = 0; j < cols; j++) {
      row[j] = x[base + j]!;
      t += row[j]! * w[j]!;
    }
    const label = y[r]!;
    const e = Math.exp(-Math.abs(t));
    loss += s * ((t > 0 ? t : 0) + Math.log1p(e) - label * t);
    const prob = (t >= 0 ? 1 : e) / (1 + e);
    const residual = s * (prob - label);
    for (let j = 0; j < d; j++) grad[j]! += residual * row[j]!;
    if (hessian) {
      const h = s * prob * (1 - prob);
      if (h === 0) continue;
      for (let i = 0; i < d; i++) {
        const hi = h * row[i]!;
        if (hi === 0) continue;
        const o = i * d;
        for (let j = 0; j <= i; j++) hessian[o + j]! += hi * row[j]!;
      }
    }
  }
  let sq = 0;
  for (let j = 0; j < cols; j++) {
    sq += w[j]! * w[j]!;
    grad[j]! += w[j]!;
    if (hessian) hessian[j * d + j]! += 1;
  }
  return loss + 0.5 * sq;
}

/**
 * Minimises the binary problem `p` (outputs 1) from zero. Stops when the largest gradient
 * component is below `tolerance` × that of the start, or when a step no longer lowers the
 * objective (the optimum, as far as float64 can tell). Returns null when the Hessian cannot be
 * factorised (the caller then uses L-BFGS).
 */
export function newtonLogistic(p: LinearProblem, tolerance = 1e-8, maxIterations = 100): NewtonResult | null {
  const d = p.cols + 1;
  let w: Float64Array = new Float64Array(d);
  let grad = new Float64Array(d);
  let hessian = new Float64Array(d * d);
  let trialGrad = new Float64Array(d);
  let trialHessian = new Float64Array(d * d);
  let value = evaluate(p, w, grad, hessian);
  const maxAbs = (g: Float64Array) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const start = Math.max(1, maxAbs(grad));
  for (let it = 1; it <= maxIterations; it++) {
    if (maxAbs(grad) <= tolerance * start) return { w, iterations: it - 1, converged: true };
    // The upper triangle mirrors the lower one for the solve.
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) hessian[i * d + j] = hessian[j * d + i]!;
    const step = choleskySolve(hessian, grad, d);
    if (!step) return null;
    let slope = 0;
    for (let j = 0; j < d; j++) slope -= grad[j]! * step[j]!;
    let scale = 1;
    let accepted: Float64Array | null = null;
    let next = value;
    for (let tries = 0; tries < 20; tries++) {
      const trial = w.map((v, j) => v - scale * step[j]!);
      // The full step is nearly always taken: its gradient and Hessian are the next iteration's.
      next = evaluate(p, trial, trialGrad, trialHessian);
      if (next <= value + 1e-4 * scale * slope) {
        accepted = trial;
        break;
      }
      scale *= 0.5;
    }
    if (!accepted) return { w, iterations: it - 1, converged: maxAbs(grad) <= 1e-6 * start };
    w = accepted;
    value = next;
    [grad, trialGrad] = [trialGrad, grad];
    [hessian, trialHessian] = [trialHessian, hessian];
  }
  return { w, iterations: maxIterations, converged: maxAbs(grad) <= tolerance * start };
}
