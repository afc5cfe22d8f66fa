/**
 * Every evaluation view of one held-out set, computed at once from its stored predictions (in
 * the evaluation worker): curves thinned to what a chart can show, so only small arrays cross
 * to the page.
 */
import { classScores } from '../curves';
import { sortedCurves } from './sortedCurves';
import { confusionMatrix } from '../metrics';
import type { MetricName, SplitMetrics } from '../types';
import { bootstrapInterval, type BootstrapInterval } from './bootstrap';
import { brierScore, calibrationCurve, type CalibrationCurve } from './calibration';
import { cumulativeGain, type GainCurve } from './gain';
import { regressionDiagnostics, type RegressionDiagnostics } from './regression';
import { predictedClassOf, rowMetric, type ScoredRows } from './rowMetric';
import { evenThresholds, thresholdSweep, type ThresholdPoint } from './threshold';
import { allRows } from './bootstrap';

/** One class against the rest: its ROC and PR curves, areas, calibration and gain. */
export interface ClassCurves {
  /** Index of the class (the positive one of a binary model is 1). */
  classIndex: number;
  roc: { fpr: number[]; tpr: number[]; auc: number };
  /** Points from recall 1 down to 0; `prevalence` is the no-skill baseline. */
  pr: { recall: number[]; precision: number[]; averagePrecision: number; prevalence: number };
  calibration: { uniform: CalibrationCurve; quantile: CalibrationCurve; brier: number };
  gain: GainCurve;
}

export interface ClassificationViews {
  task: 'classification';
  rows: number;
  /** Binary: the positive class only; multiclass: every class, one against the rest. */
  curves: ClassCurves[];
  /** Binary only: counts at thresholds 0, 0.01, …, 1 (the threshold control reads these). */
  sweep?: ThresholdPoint[];
  /** At the argmax (multiclass) or 0.5 (binary): rows are true classes. */
  confusion: number[][];
}

export interface RegressionViews {
  task: 'regression';
  rows: number;
  diagnostics: RegressionDiagnostics;
  metrics: SplitMetrics;
}

export type SetViews = ClassificationViews | RegressionViews;

/** At most `max` points of a curve, evenly spaced along it, keeping both ends. */
export function thin(xs: ArrayLike<number>, ys: ArrayLike<number>, max = 200): { x: number[]; y: number[] } {
  const n = xs.length;
  if (n <= max) return { x: Array.from(xs), y: Array.from(ys) };
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (n - 1)) / (max - 1));
    x.push(xs[i]!);
    y.push(ys[i]!);
  }
  return { x, y };
}

function classCurves(
  s: ScoredRows,
  k: number,
): { curves: ClassCurves; ascending: Int32Array; score: Float64Array; is: Uint8Array } {
  const score = classScores(s.predicted, s.width, k);
  const is = Uint8Array.from({ length: score.length }, (_, i) => (s.y[i] === k ? 1 : 0));
  const c = sortedCurves(is, score);
  const r = thin(c.fpr, c.tpr);
  const p = thin(c.recall, c.precision);
  return {
    ascending: c.ascending,
    score,
    is,
    curves: {
      classIndex: k,
      roc: { fpr: r.x, tpr: r.y, auc: c.auc },
      pr: {
        recall: p.x,
        precision: p.y,
        averagePrecision: c.averagePrecision,
        prevalence: is.length ? c.positives / is.length : NaN,
      },
      calibration: {
        uniform: calibrationCurve(is, score, 10, 'uniform'),
        quantile: calibrationCurve(
          is,
          score,
          10,
          'quantile',
          Float64Array.from(c.ascending, (i) => score[i]!),
        ),
        brier: brierScore(is, score),
      },
      gain: cumulativeGain(is, score, 1, 50, c.descending),
    },
  };
}

/** All views of one set. */
export function setViews(s: ScoredRows): SetViews {
  const n = s.y.length;
  if (s.task === 'regression') {
    const diagnostics = regressionDiagnostics(s.y, s.predicted);
    return {
      task: 'regression',
      rows: n,
      diagnostics,
      metrics: { task: 'regression', ...diagnostics.metrics },
    };
  }
  const classes = s.width === 2 ? [1] : Array.from({ length: s.width }, (_, k) => k);
  const yTrue = Int32Array.from({ length: n }, (_, i) => s.y[i]!);
  const predicted = Int32Array.from({ length: n }, (_, i) => predictedClassOf(s, i));
  const per = classes.map((k) => classCurves(s, k));
  const positive = per[0]!;
  return {
    task: 'classification',
    rows: n,
    curves: per.map((c) => c.curves),
    // The sweep reuses the positive class's sort (binary: one class is drawn, the second).
    ...(s.width === 2
      ? { sweep: thresholdSweep(positive.is, positive.score, evenThresholds(100), positive.ascending) }
      : {}),
    confusion: confusionMatrix(yTrue, predicted, s.width),
  };
}

/**
 * A 95% bootstrap interval of `metric` on a set. Above `maxRows` rows it resamples a seeded
 * subsample of `maxRows` and narrows the interval by √(maxRows / rows) around the full-set
 * estimate (the m-out-of-n bootstrap: for smooth metrics the spread shrinks as 1/√n), so the
 * interval of a 200,000-row set costs what 20,000 rows cost.
 */
export function metricInterval(
  s: ScoredRows,
  metric: MetricName,
  options: { repeats?: number; seed?: number; maxRows?: number } = {},
): BootstrapInterval {
  const n = s.y.length;
  const maxRows = options.maxRows ?? 20_000;
  const metricOf = rowMetric(s, metric);
  const repeats = options.repeats ?? 200;
  if (n <= maxRows) return bootstrapInterval(n, metricOf, { repeats, seed: options.seed ?? 0 });
  const estimate = metricOf(allRows(n));
  // Every (n / maxRows)-th row, offset by the seed: a systematic sample keeps class shares.
  const step = n / maxRows;
  const offset = ((options.seed ?? 0) % 997) / 997;
  const sub = Int32Array.from({ length: maxRows }, (_, i) =>
    Math.min(n - 1, Math.floor((i + offset) * step)),
  );
  const mapped = new Int32Array(maxRows);
  const inner = bootstrapInterval(
    maxRows,
    (rows) => {
      for (let i = 0; i < rows.length; i++) mapped[i] = sub[rows[i]!]!;
      return metricOf(rows.length === maxRows ? mapped : mapped.subarray(0, rows.length));
    },
    {
      repeats,
      seed: options.seed ?? 0,
    },
  );
  const scale = Math.sqrt(maxRows / n);
  return {
    estimate,
    low: estimate - (inner.estimate - inner.low) * scale,
    high: estimate + (inner.high - inner.estimate) * scale,
    repeats: inner.repeats,
  };
}
