import { describe, expect, it } from 'vitest';
import { averagePrecision, prCurve, rocAuc } from '../../../../src/core/ml/curves';
import { sortedCurves } from '../../../../src/core/ml/evaluation/sortedCurves';
import { bootstrapInterval } from '../../../../src/core/ml/evaluation/bootstrap';
import { metricsOfRows, rowMetric, type ScoredRows } from '../../../../src/core/ml/evaluation/rowMetric';
import { segmentMetrics } from '../../../../src/core/ml/evaluation/segments';
import { metricInterval, setViews, thin } from '../../../../src/core/ml/evaluation/views';
import { createRng } from '../../../../src/core/ml/rng';
import { categoricalFromStrings } from '../../../../src/core/table/table';
import { numericFromNumbers } from '../../table/helpers';

/** n rows of a binary model that is good where `hard` is false and a coin toss where it is true. */
function binary(n: number, seed: number, hard: (i: number) => boolean = () => false): ScoredRows {
  const rng = createRng(seed);
  const y = new Float32Array(n);
  const predicted = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    y[i] = rng() < 0.4 ? 1 : 0;
    const p = hard(i) ? rng() : Math.min(1, Math.max(0, (y[i] ? 0.7 : 0.3) + (rng() - 0.5) * 0.7));
    predicted[2 * i] = 1 - p;
    predicted[2 * i + 1] = p;
  }
  return { task: 'classification', width: 2, y, predicted };
}

describe('views of a held-out set', () => {
  it('binary: the positive class curves, a 101-point sweep, confusion at 0.5', () => {
    const s = binary(3000, 1);
    const v = setViews(s);
    if (v.task !== 'classification') throw new Error('task');
    expect(v.curves.map((c) => c.classIndex)).toEqual([1]);
    const c = v.curves[0]!;
    const p1 = Float64Array.from({ length: 3000 }, (_, i) => s.predicted[2 * i + 1]!);
    expect(c.roc.auc).toBeCloseTo(rocAuc(s.y, p1, 1), 12);
    expect(c.roc.fpr.length).toBeLessThanOrEqual(200);
    expect([c.roc.fpr[0], c.roc.tpr.at(-1)]).toEqual([0, 1]);
    expect(v.sweep!.length).toBe(101);
    expect(v.sweep![50]!.threshold).toBe(0.5);
    const at = v.sweep![50]!;
    // Ties at exactly 0.5 aside, the sweep at 0.5 is the confusion matrix of the argmax.
    expect(Math.abs(at.tp - v.confusion[1]![1]!)).toBeLessThanOrEqual(3);
    expect(c.pr.prevalence).toBeCloseTo(v.confusion[1]!.reduce((a, b) => a + b, 0) / 3000, 12);
    expect(c.calibration.uniform.counts.reduce((a, b) => a + b, 0)).toBe(3000);
  });

  it('multiclass: one curve per class, one against the rest', () => {
    const rng = createRng(2);
    const n = 500;
    const y = Float32Array.from({ length: n }, () => Math.floor(rng() * 3));
    const predicted = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const raw = [rng(), rng(), rng()];
      raw[y[i]!]! += 0.8;
      const sum = raw.reduce((a, b) => a + b, 0);
      raw.forEach((r, k) => (predicted[3 * i + k] = r / sum));
    }
    const v = setViews({ task: 'classification', width: 3, y, predicted });
    if (v.task !== 'classification') throw new Error('task');
    expect(v.curves.map((c) => c.classIndex)).toEqual([0, 1, 2]);
    expect(v.sweep).toBeUndefined();
    for (const c of v.curves) expect(c.roc.auc).toBeGreaterThan(0.8);
  });

  it('thins a long curve evenly, keeping its ends', () => {
    const x = Array.from({ length: 1001 }, (_, i) => i);
    const t = thin(x, x, 11);
    expect(t.x).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });
});

describe('intervals on large sets', () => {
  it('the subsampled interval is close to the full bootstrap', () => {
    const s = binary(40_000, 3);
    const full = bootstrapInterval(40_000, rowMetric(s, 'accuracy'), { repeats: 100, seed: 1 });
    const fast = metricInterval(s, 'accuracy', { repeats: 100, seed: 1, maxRows: 10_000 });
    expect(fast.estimate).toBeCloseTo(full.estimate, 12);
    const width = full.high - full.low;
    expect(Math.abs(fast.high - fast.low - width)).toBeLessThan(0.35 * width);
    expect(fast.low).toBeLessThan(fast.estimate);
  });
});

describe('segments', () => {
  it('flags the segment where the model fails, with counts summing to the rows', () => {
    const n = 2000;
    const colours = Array.from({ length: n }, (_, i) =>
      i % 4 === 0 ? 'red' : i % 4 === 1 ? 'blue' : 'green',
    );
    const s = binary(n, 4, (i) => colours[i] === 'red');
    const column = categoricalFromStrings('colour', colours);
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const out = segmentMetrics(column, ids, s, 'accuracy', { kpi: { op: '>=', threshold: 0.75 } });
    expect(out.segments.reduce((a, b) => a + b.rows, 0)).toBe(n);
    const red = out.segments.find((x) => x.label === 'red')!;
    expect(red.below).toBe(true);
    expect(red.value).toBeLessThan(0.65);
    expect(out.segments.filter((x) => x.below).map((x) => x.label)).toEqual(['red']);
  });

  it('cuts numeric columns at quantiles and keeps missing values apart', () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i));
    const s = binary(n, 5, (i) => i > 800);
    const out = segmentMetrics(
      numericFromNumbers('x', values),
      Int32Array.from({ length: n }, (_, i) => i),
      s,
      'accuracy',
      {
        bins: 4,
      },
    );
    expect(out.segments.map((x) => x.label).at(-1)).toBe('(missing)');
    expect(out.segments.length).toBe(5);
    expect(out.segments.slice(0, 4).every((x) => Math.abs(x.rows - 225) <= 2)).toBe(true);
    // Without a KPI the bar is the whole set: the last quantile (rows above 800 are noise) is below it.
    expect(out.segments[3]!.below).toBe(true);
    expect(out.segments[0]!.below).toBe(false);
  });
});

describe('fast paths agree with the full computations', () => {
  it('one-pass metrics of a resample equal metricsOfRows', () => {
    const rng = createRng(11);
    const n = 300;
    const y = Float32Array.from({ length: n }, () => Math.floor(rng() * 3));
    const predicted = Float32Array.from({ length: n * 3 }, () => rng());
    const cls: ScoredRows = { task: 'classification', width: 3, y, predicted };
    const rows = Int32Array.from({ length: 250 }, () => Math.floor(rng() * n));
    for (const m of [
      'accuracy',
      'balancedAccuracy',
      'precisionMacro',
      'recallMacro',
      'f1Macro',
      'f1Weighted',
    ] as const) {
      const full = metricsOfRows(cls, rows);
      expect(rowMetric(cls, m)(rows)).toBeCloseTo(full.task === 'classification' ? full[m] : NaN, 12);
    }
    const reg: ScoredRows = {
      task: 'regression',
      width: 1,
      y: Float32Array.from(y, (v) => v * 10 + 1),
      predicted: Float32Array.from({ length: n }, () => rng() * 30),
    };
    for (const m of ['mae', 'rmse', 'r2', 'mape', 'explainedVariance'] as const) {
      const full = metricsOfRows(reg, rows);
      expect(rowMetric(reg, m)(rows)).toBeCloseTo(full.task === 'regression' ? full[m] : NaN, 10);
    }
  });

  it('curves from one radix sort equal scikit-learn’s conventions (curves.ts), ties included', () => {
    const rng = createRng(12);
    const n = 5000;
    // Scores rounded to 2 decimals: many ties.
    const score = Float64Array.from({ length: n }, () => Math.round(rng() * 100) / 100);
    const is = Uint8Array.from(score, (p) => (rng() < p ? 1 : 0));
    const c = sortedCurves(is, score);
    expect(c.auc).toBeCloseTo(rocAuc(is, score, 1), 12);
    expect(c.averagePrecision).toBeCloseTo(averagePrecision(is, score, 1), 12);
    const pr = prCurve(is, score, 1);
    // curves.ts lists PR points lowest threshold first; ours highest first after (0, 1).
    expect(Array.from(c.recall).slice(1).reverse()).toEqual(Array.from(pr.recall).slice(0, -1));
    expect(Array.from(c.precision).slice(1).reverse()).toEqual(Array.from(pr.precision).slice(0, -1));
  });
});
