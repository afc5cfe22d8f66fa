/**
 * Boosting losses: starting score, per-row gradients and hessians, and the loss and metric
 * reported per iteration. Raw scores are row-major n × nOutputs. Gradients and hessians are
 * interleaved pairs, output-major: gh[2(k·n + r)] = g, gh[2(k·n + r) + 1] = h, so each output's tree
 * reads one contiguous slice and one row's pair shares a cache line.
 */

export interface BoostLoss {
  nOutputs: number;
  /** The constant raw score that minimises the loss before any tree. */
  baseline(y: Float32Array): Float64Array;
  /** Fills the gradient/hessian pairs of rows [from, to) (all n rows by default) from raw. */
  gradients(
    raw: Float64Array,
    y: Float32Array,
    n: number,
    gh: Float32Array,
    from?: number,
    to?: number,
  ): void;
  /** Mean loss of the raw scores of rows 0…n−1, or of the rows in `sample`. */
  loss(raw: Float64Array, y: Float32Array, n: number, sample?: Int32Array): number;
  /** Accuracy (classification) or RMSE (regression). */
  metric(raw: Float64Array, y: Float32Array, n: number): number;
  metricName: 'accuracy' | 'rmse';
  /**
   * Bounds on |g| and h that hold for every row whatever the scores (log-loss: |p − y| ≤ 1,
   * p(1 − p) ≤ 1/4), so the fixed-point grid of quantize.ts is known before the gradients are;
   * absent when they depend on the data (squared error).
   */
  bounds?: { g: number; h: number };
  /** Raw scores to what predict returns: probabilities n × k, or values. */
  output(raw: Float64Array, n: number): Float32Array;
}

const EPS = 1e-15;

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const LOG_LOSS_BOUNDS = { g: 1, h: 0.25 };

const binary: BoostLoss = {
  nOutputs: 1,
  metricName: 'accuracy',
  bounds: LOG_LOSS_BOUNDS,
  baseline(y) {
    let p = 0;
    for (const v of y) p += v;
    p = Math.min(Math.max(p / y.length, EPS), 1 - EPS);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, y, n, gh, from = 0, to = n) {
    for (let r = from; r < to; r++) {
      // No branch on the sign of z: it is unpredictable, and a mispredict costs more than the
      // math. e^−z = ∞ (z < −709) still gives p = 0.
      const p = 1 / (1 + Math.exp(-raw[r]!));
      gh[2 * r] = p - y[r]!;
      gh[2 * r + 1] = p * (1 - p);
    }
  },
  loss(raw, y, n, sample) {
    let total = 0;
    const m = sample ? sample.length : n;
    for (let i = 0; i < m; i++) {
      const r = sample ? sample[i]! : i;
      total += softplus(raw[r]!) - y[r]! * raw[r]!;
    }
    return total / m;
  },
  metric(raw, y, n) {
    let correct = 0;
    for (let r = 0; r < n; r++) if ((raw[r]! > 0 ? 1 : 0) === y[r]) correct++;
    return correct / n;
  },
  output(raw, n) {
    const out = new Float32Array(2 * n);
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-raw[r]!));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
    return out;
  },
};

function multiclass(k: number): BoostLoss {
  const probs = (raw: Float64Array, r: number, out: Float64Array): number => {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, raw[r * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      out[c] = Math.exp(raw[r * k + c]! - max);
      sum += out[c]!;
    }
    for (let c = 0; c < k; c++) out[c]! /= sum;
    return max + Math.log(sum);
  };
  const p = new Float64Array(k);
  return {
    nOutputs: k,
    metricName: 'accuracy',
    bounds: LOG_LOSS_BOUNDS,
    baseline(y) {
      const counts = new Float64Array(k);
      for (const v of y) counts[v]!++;
      return counts.map((c) => Math.log(Math.min(Math.max(c / y.length, EPS), 1 - EPS)));
    },
    gradients(raw, y, n, gh, from = 0, to = n) {
      for (let r = from; r < to; r++) {
        probs(raw, r, p);
        const yr = y[r]!;
        for (let c = 0; c < k; c++) {
          const pc = p[c]!;
          gh[2 * (c * n + r)] = pc - (c === yr ? 1 : 0);
          gh[2 * (c * n + r) + 1] = pc * (1 - pc);
        }
      }
    },
    loss(raw, y, n, sample) {
      let total = 0;
      const m = sample ? sample.length : n;
      for (let i = 0; i < m; i++) {
        const r = sample ? sample[i]! : i;
        total += probs(raw, r, p) - raw[r * k + y[r]!]!;
      }
      return total / m;
    },
    metric(raw, y, n) {
      let correct = 0;
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (raw[r * k + c]! > raw[r * k + best]!) best = c;
        if (best === y[r]) correct++;
      }
      return correct / n;
    },
    output(raw, n) {
      const out = new Float32Array(n * k);
      for (let r = 0; r < n; r++) {
        probs(raw, r, p);
        for (let c = 0; c < k; c++) out[r * k + c] = p[c]!;
      }
      return out;
    },
  };
}

const squaredError: BoostLoss = {
  nOutputs: 1,
  metricName: 'rmse',
  baseline(y) {
    let s = 0;
    for (const v of y) s += v;
    return Float64Array.of(s / y.length);
  },
  gradients(raw, y, n, gh, from = 0, to = n) {
    for (let r = from; r < to; r++) {
      gh[2 * r] = raw[r]! - y[r]!;
      gh[2 * r + 1] = 1;
    }
  },
  loss(raw, y, n, sample) {
    let total = 0;
    const m = sample ? sample.length : n;
    for (let i = 0; i < m; i++) {
      const r = sample ? sample[i]! : i;
      total += (raw[r]! - y[r]!) ** 2;
    }
    return total / m;
  },
  metric(raw, y, n) {
    return Math.sqrt(this.loss(raw, y, n));
  },
  output(raw) {
    return Float32Array.from(raw);
  },
};

/** Log-loss for 2 classes, softmax cross-entropy for more, squared error for regression. */
export function boostLoss(task: 'classification' | 'regression', nClasses: number): BoostLoss {
  if (task === 'regression') return squaredError;
  return nClasses === 2 ? binary : multiclass(nClasses);
}
