import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brierScore, calibrationCurve } from '../../../../src/core/ml/evaluation/calibration';
import { cumulativeGain } from '../../../../src/core/ml/evaluation/gain';
import { regressionDiagnostics, sampleIndices } from '../../../../src/core/ml/evaluation/regression';
import {
  bestThreshold,
  precisionOf,
  recallOf,
  thresholdSweep,
  valuePerRow,
  type ValueMatrix,
} from '../../../../src/core/ml/evaluation/threshold';

interface Golden {
  calibration_curve: {
    cases: {
      y_true: number[];
      y_prob: number[];
      n_bins: number;
      strategy: 'uniform' | 'quantile';
      prob_true: number[];
      prob_pred: number[];
    }[];
  };
  threshold_value: {
    y_true: number[];
    y_prob: number[];
    value: ValueMatrix;
    sweep: {
      threshold: number;
      tp: number;
      fp: number;
      fn: number;
      tn: number;
      precision: number;
      recall: number;
      value_per_row: number;
    }[];
    best_threshold: number;
  };
  regression_residuals: {
    y_true: number[];
    y_pred: number[];
    residual_quantiles: Record<'q05' | 'q25' | 'q50' | 'q75' | 'q95', number>;
    mae: number;
    rmse: number;
    mape: number;
    median_ae: number;
    explained_variance: number;
    r2: number;
  };
}
const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/golden/evaluation.json', import.meta.url), 'utf8'),
) as Golden;

describe('calibration curve', () => {
  it.each(golden.calibration_curve.cases)('matches scikit-learn ($strategy, $n_bins bins)', (c) => {
    const curve = calibrationCurve(c.y_true, c.y_prob, c.n_bins, c.strategy);
    expect(curve.probTrue.length).toBe(c.prob_true.length);
    curve.probTrue.forEach((v, i) => expect(v).toBeCloseTo(c.prob_true[i]!, 12));
    curve.probPred.forEach((v, i) => expect(v).toBeCloseTo(c.prob_pred[i]!, 12));
    expect(curve.counts.reduce((a, b) => a + b, 0)).toBe(c.y_true.length);
  });

  it('Brier score is 0 for certain right answers and 1 for certain wrong ones', () => {
    expect(brierScore([1, 0], [1, 0])).toBe(0);
    expect(brierScore([1, 0], [0, 1])).toBe(1);
  });
});

describe('threshold sweep with a value matrix', () => {
  const g = golden.threshold_value;
  it('matches the golden counts, precision, recall and value per row, and its best threshold', () => {
    const sweep = thresholdSweep(
      g.y_true,
      g.y_prob,
      g.sweep.map((s) => s.threshold),
    );
    sweep.forEach((p, i) => {
      const e = g.sweep[i]!;
      expect([p.tp, p.fp, p.fn, p.tn]).toEqual([e.tp, e.fp, e.fn, e.tn]);
      expect(precisionOf(p)).toBeCloseTo(e.precision, 12);
      expect(recallOf(p)).toBeCloseTo(e.recall, 12);
      expect(valuePerRow(p, g.value)).toBeCloseTo(e.value_per_row, 10);
    });
    expect(bestThreshold(sweep, g.value)!.threshold).toBe(g.best_threshold);
  });

  it('moves the best threshold when false positives cost more', () => {
    const sweep = thresholdSweep(
      g.y_true,
      g.y_prob,
      g.sweep.map((s) => s.threshold),
    );
    const costly = bestThreshold(sweep, { ...g.value, fp: -500 })!;
    expect(costly.threshold).toBeGreaterThan(g.best_threshold);
    expect(costly.fp).toBe(0);
  });
});

describe('cumulative gain', () => {
  it('finds all positives first with a perfect score, and follows the diagonal with a constant one', () => {
    const y = [1, 0, 1, 0, 0, 0, 1, 0, 0, 0];
    const perfect = cumulativeGain(y, y, 1, 10);
    expect(perfect.gain[3]).toBe(1);
    expect(perfect.lift[1]).toBeCloseTo(10 / 3, 12);
    const flat = cumulativeGain(y, new Array(10).fill(0.5), 1, 10);
    expect(flat.gain[10]).toBe(1);
    expect(flat.prevalence).toBeCloseTo(0.3, 12);
  });
});

describe('regression diagnostics', () => {
  const g = golden.regression_residuals;
  it('match scikit-learn and NumPy', () => {
    const d = regressionDiagnostics(g.y_true, g.y_pred, { maxPoints: 50, seed: 1 });
    for (const [k, v] of Object.entries(g.residual_quantiles)) {
      expect(d.residualQuantiles[k as keyof typeof d.residualQuantiles]).toBeCloseTo(v, 10);
    }
    expect(d.metrics.mae).toBeCloseTo(g.mae, 10);
    expect(d.metrics.rmse).toBeCloseTo(g.rmse, 10);
    expect(d.metrics.mape).toBeCloseTo(g.mape, 10);
    expect(d.metrics.medianAe).toBeCloseTo(g.median_ae, 10);
    expect(d.metrics.explainedVariance).toBeCloseTo(g.explained_variance, 10);
    expect(d.metrics.r2).toBeCloseTo(g.r2, 10);
    expect(d.points.length).toBe(50);
    expect(d.histogram.reduce((a, b) => a + b.count, 0)).toBe(g.y_true.length);
  });

  it('samples distinct ascending indices, seeded', () => {
    const a = sampleIndices(1000, 100, 3);
    expect(new Set(a).size).toBe(100);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(Array.from(sampleIndices(1000, 100, 3))).toEqual(Array.from(a));
  });
});
