/**
 * Boosting losses: starting score, per-row gradients and hessians, and the loss and metric
 * reported per iteration. Raw scores are row-major n × nOutputs; gradients are output-major
 * (g[k·n + r]) so each output's tree reads one contiguous slice.
 */

export interface BoostLoss {
  nOutputs: number;
  /** The constant raw score that minimises the loss before any tree. */
  baseline(y: Float32Array): Float64Array;
  /** Fills g and h for all n rows from raw; returns the mean loss. */
  gradients(raw: Float64Array, y: Float32Array, n: number, g: Float32Array, h: Float32Array): number;
  /** Mean loss of raw scores. */
  loss(raw: Float64Array, y: Float32Array, n: number): number;
  /** Accuracy (classification) or RMSE (regression). */
  metric(raw: Float64Array, y: Float32Array, n: number): number;
  metricName: 'accuracy' | 'rmse';
  /** Raw scores to what predict returns: probabilities n × k, or values. */
  output(raw: Float64Array, n: number): Float32Array;
}

const EPS = 1e-15;

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const binary: BoostLoss = {
  nOutputs: 1,
  metricName: 'accuracy',
  baseline(y) {
    let p = 0;
    for (const v of y) p += v;
    p = Math.min(Math.max(p / y.length, EPS), 1 - EPS);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, y, n, g, h) {
    let total = 0;
    for (let r = 0; r < n; r++) {
      const z = raw[r]!;
      // One exp serves both the probability and the loss: t = e^(−|z|) never overflows.
      const t = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + t) : t / (1 + t);
      const yr = y[r]!;
      g[r] = p - yr;
      h[r] = p * (1 - p);
      total += Math.max(z, 0) + Math.log(1 + t) - yr * z;
    }
    return total / n;
  },
  loss(raw, y, n) {
    let total = 0;
    for (let r = 0; r < n; r++) total += softplus(raw[r]!) - y[r]! * raw[r]!;
    return total / n;
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
    baseline(y) {
      const counts = new Float64Array(k);
      for (const v of y) counts[v]!++;
      return counts.map((c) => Math.log(Math.min(Math.max(c / y.length, EPS), 1 - EPS)));
    },
    gradients(raw, y, n, g, h) {
      let total = 0;
      for (let r = 0; r < n; r++) {
        const lse = probs(raw, r, p);
        const yr = y[r]!;
        for (let c = 0; c < k; c++) {
          const pc = p[c]!;
          g[c * n + r] = pc - (c === yr ? 1 : 0);
          h[c * n + r] = pc * (1 - pc);
        }
        total += lse - raw[r * k + yr]!;
      }
      return total / n;
    },
    loss(raw, y, n) {
      let total = 0;
      for (let r = 0; r < n; r++) total += probs(raw, r, p) - raw[r * k + y[r]!]!;
      return total / n;
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
  gradients(raw, y, n, g, h) {
    let total = 0;
    for (let r = 0; r < n; r++) {
      const d = raw[r]! - y[r]!;
      g[r] = d;
      h[r] = 1;
      total += d * d;
    }
    return total / n;
  },
  loss(raw, y, n) {
    let total = 0;
    for (let r = 0; r < n; r++) total += (raw[r]! - y[r]!) ** 2;
    return total / n;
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
