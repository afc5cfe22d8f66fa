/**
 * Shadow validation: a challenger scores the same batch as the production model, and the two are
 * compared row by row — how often they agree, how far apart their prediction distributions are,
 * and, when the batch has the target, each one's metrics with a paired test of the difference
 * (McNemar on who got which rows right; paired bootstrap of the primary metric's difference).
 */
import {
  mcNemarFromPredictions,
  pairedBootstrap,
  type McNemarResult,
  type PairedBootstrapResult,
} from '../ml/evaluation/paired';
import { classificationMetrics, regressionMetrics } from '../ml/metrics';
import type { SplitMetrics, Task } from '../ml/types';
import { jensenShannon, psi } from './drift';

/** One model's raw output on a batch: n×k probabilities (classification) or n values. */
export interface ModelOutput {
  task: Task;
  /** Classes (classification) or 1. */
  k: number;
  out: Float32Array;
}

export interface ShadowComparison {
  /** Share of rows where the challenger predicts the production model's class (classification) or within `tolerance` (regression). */
  agreement: number;
  /** Jensen–Shannon distance (base 2) between the two predicted-class distributions, or between decile bins for regression. */
  distributionDistance: number;
  /** PSI of the challenger's prediction distribution against production's. */
  distributionPsi: number;
  /** Mean absolute difference of the predicted values (regression) or of the top-class probability (classification). */
  meanAbsDifference: number;
  /** When the batch has the target. */
  metrics?: { production: SplitMetrics; challenger: SplitMetrics };
  /** McNemar on the labelled rows (classification). */
  mcNemar?: McNemarResult;
  /** Paired bootstrap of challenger − production on the primary metric. */
  bootstrap?: PairedBootstrapResult & { metric: string };
}

/** The predicted class of each row of n×k probabilities. */
export function argmaxRows(out: Float32Array, k: number): Int32Array {
  const n = out.length / k;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j]! > out[i * k + best]!) best = j;
    labels[i] = best;
  }
  return labels;
}

/** Metrics of one model's output on the rows whose encoded target `y` is known. */
export function outputMetrics(o: ModelOutput, y: Float32Array): SplitMetrics {
  if (o.task === 'classification')
    return { task: 'classification', ...classificationMetrics(Int32Array.from(y), o.out, o.k) };
  return { task: 'regression', ...regressionMetrics(y, o.out) };
}

function classShares(labels: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const l of labels) c[l]!++;
  return c.map((v) => v / (labels.length || 1));
}

function valueShares(values: Float32Array, edges: Float64Array): number[] {
  const c = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let b = 0;
    while (b < edges.length && edges[b]! <= v) b++;
    c[b]!++;
  }
  return c.map((v) => v / (values.length || 1));
}

/**
 * Compares a challenger's output with production's on the same rows. `y` (encoded target, NaN
 * unknown) enables metrics and the paired tests; `metric` names the primary metric for the
 * bootstrap ('accuracy' or 'rmse' when the goal's is not row-wise). Seeded, so a stored batch
 * can be recomputed exactly.
 */
export function compareShadow(
  production: ModelOutput,
  challenger: ModelOutput,
  y: Float32Array | undefined,
  options: { seed?: number; repeats?: number; tolerance?: number } = {},
): ShadowComparison {
  const n = production.out.length / production.k;
  if (challenger.out.length / challenger.k !== n) throw new Error('Both models must score the same rows.');
  let result: ShadowComparison;
  if (production.task === 'classification') {
    const a = argmaxRows(production.out, production.k);
    const b = argmaxRows(challenger.out, challenger.k);
    let same = 0;
    let absDiff = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) same++;
      absDiff += Math.abs(
        production.out[i * production.k + a[i]!]! - challenger.out[i * challenger.k + a[i]!]!,
      );
    }
    const pa = classShares(a, production.k);
    const pb = classShares(b, production.k);
    result = {
      agreement: n ? same / n : NaN,
      distributionDistance: jensenShannon(pa, pb),
      distributionPsi: psi(pa, pb),
      meanAbsDifference: n ? absDiff / n : NaN,
    };
  } else {
    const tol = options.tolerance ?? 1e-6;
    const sorted = Float64Array.from(production.out).sort();
    const edges = new Float64Array(9);
    for (let i = 1; i <= 9; i++) edges[i - 1] = sorted[Math.min(n - 1, Math.floor((n - 1) * (i / 10)))] ?? 0;
    let same = 0;
    let absDiff = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(production.out[i]! - challenger.out[i]!);
      if (d <= tol * Math.max(1, Math.abs(production.out[i]!))) same++;
      absDiff += d;
    }
    const pa = valueShares(production.out, edges);
    const pb = valueShares(challenger.out, edges);
    result = {
      agreement: n ? same / n : NaN,
      distributionDistance: jensenShannon(pa, pb),
      distributionPsi: psi(pa, pb),
      meanAbsDifference: n ? absDiff / n : NaN,
    };
  }
  if (y) Object.assign(result, labelledComparison(production, challenger, y, options));
  return result;
}

function labelledComparison(
  production: ModelOutput,
  challenger: ModelOutput,
  y: Float32Array,
  options: { seed?: number; repeats?: number },
): Pick<ShadowComparison, 'metrics' | 'mcNemar' | 'bootstrap'> {
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) rows.push(i);
  if (rows.length === 0) return {};
  const yy = Float32Array.from(rows, (r) => y[r]!);
  const pick = (o: ModelOutput): ModelOutput => {
    const out = new Float32Array(rows.length * o.k);
    rows.forEach((r, i) => out.set(o.out.subarray(r * o.k, (r + 1) * o.k), i * o.k));
    return { ...o, out };
  };
  const p = pick(production);
  const c = pick(challenger);
  const metrics = { production: outputMetrics(p, yy), challenger: outputMetrics(c, yy) };
  const boot = { seed: options.seed ?? 0, repeats: options.repeats ?? 500 };
  if (p.task === 'classification') {
    const a = argmaxRows(p.out, p.k);
    const b = argmaxRows(c.out, c.k);
    const yi = Int32Array.from(yy);
    const acc = (pred: Int32Array) => (r: Int32Array) => {
      let right = 0;
      for (const i of r) if (pred[i] === yi[i]) right++;
      return r.length ? right / r.length : NaN;
    };
    return {
      metrics,
      // Challenger first: a positive difference means the challenger is better.
      mcNemar: mcNemarFromPredictions(yi, b, a),
      bootstrap: { metric: 'accuracy', ...pairedBootstrap(yy.length, acc(b), acc(a), boot) },
    };
  }
  const rmse = (o: Float32Array) => (r: Int32Array) => {
    let s = 0;
    for (const i of r) s += (o[i]! - yy[i]!) ** 2;
    return r.length ? Math.sqrt(s / r.length) : NaN;
  };
  // Production − challenger in RMSE: positive means the challenger's error is smaller.
  return {
    metrics,
    bootstrap: {
      metric: 'rmse (production − challenger)',
      ...pairedBootstrap(yy.length, rmse(p.out), rmse(c.out), boot),
    },
  };
}
