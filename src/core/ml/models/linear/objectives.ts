/**
 * The L2-penalised log-loss objectives of logistic (binary) and softmax (multi-class) regression,
 * exactly as scikit-learn's LogisticRegression defines them:
 *
 *   C · Σᵢ sᵢ · logloss(xᵢ, yᵢ) + ½ ‖W‖²   (the intercept is not penalised)
 *
 * with sᵢ the sample weight (1, or the class weight of 'balanced'). Parameters are laid out as a
 * tfjs dense layer's: the kernel [cols × outputs] row-major, then the bias [outputs], so the
 * optimum is written into the network as is. Binary uses one output (sigmoid); K classes use K
 * outputs (softmax, all K rows penalised, which makes the optimum unique).
 */
import type { Objective } from './lbfgs';

export interface LinearProblem {
  /** Row-major features, rows × cols. */
  x: Float32Array;
  /** Class index per row. */
  y: Float32Array;
  rows: number;
  cols: number;
  /** 1 (binary, sigmoid) or the number of classes (softmax). */
  outputs: number;
  /** Inverse regularisation strength. */
  C: number;
  /** Per-row weights; null means 1 for every row. */
  sampleWeight: Float64Array | null;
}

/** Numbers of parameters: kernel then bias. */
export function parameterCount(p: LinearProblem): number {
  return (p.cols + 1) * p.outputs;
}

function penalty(w: Float64Array, kernel: number, grad: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < kernel; i++) {
    sq += w[i]! * w[i]!;
    grad[i]! += w[i]!;
  }
  return 0.5 * sq;
}

/** The objective (value and gradient) of `p`, for lbfgs. */
export function logisticObjective(p: LinearProblem): Objective {
  const { x, y, rows, cols, outputs: k, C, sampleWeight } = p;
  const kernel = cols * k;
  const z = new Float64Array(k);
  return (w, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const s = C * (sampleWeight ? sampleWeight[r]! : 1);
      const base = r * cols;
      const label = y[r]!;
      if (k === 1) {
        let t = w[kernel]!;
        for (let j = 0; j < cols; j++) t += x[base + j]! * w[j]!;
        // logloss = log(1 + eᶻ) − y·z; its derivative σ(z) − y. One exp serves both.
        const e = Math.exp(-Math.abs(t));
        loss += s * ((t > 0 ? t : 0) + Math.log1p(e) - label * t);
        const residual = s * ((t >= 0 ? 1 : e) / (1 + e) - label);
        for (let j = 0; j < cols; j++) grad[j]! += residual * x[base + j]!;
        grad[kernel]! += residual;
      } else {
        for (let c = 0; c < k; c++) z[c] = w[kernel + c]!;
        for (let j = 0; j < cols; j++) {
          const v = x[base + j]!;
          if (v === 0) continue;
          const row = j * k;
          for (let c = 0; c < k; c++) z[c]! += v * w[row + c]!;
        }
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, z[c]!);
        const zLabel = z[label]!;
        let sum = 0;
        for (let c = 0; c < k; c++) {
          z[c] = Math.exp(z[c]! - max);
          sum += z[c]!;
        }
        // logloss = logsumexp(z) − z_y; its derivative softmax(z) − onehot(y).
        loss += s * (Math.log(sum) + max - zLabel);
        for (let c = 0; c < k; c++) z[c] = s * (z[c]! / sum - (c === label ? 1 : 0));
        for (let j = 0; j < cols; j++) {
          const v = x[base + j]!;
          if (v === 0) continue;
          const row = j * k;
          for (let c = 0; c < k; c++) grad[row + c]! += v * z[c]!;
        }
        for (let c = 0; c < k; c++) grad[kernel + c]! += z[c]!;
      }
    }
    return loss + penalty(w, kernel, grad);
  };
}

/**
 * scikit-learn's class_weight='balanced' as per-row weights: n / (K · count of the row's class).
 */
export function balancedSampleWeights(y: Float32Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (const v of y) counts[v]!++;
  return Float64Array.from(y, (v) => y.length / (nClasses * counts[v]!));
}
