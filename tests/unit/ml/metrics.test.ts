import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { averagePrecision, prCurve, rocAuc, rocCurve } from '../../../src/core/ml/curves';
import { classificationMetrics, regressionMetrics } from '../../../src/core/ml/metrics';
import { precisionOf, recallOf, thresholdSweep } from '../../../src/core/ml/evaluation/threshold';

function readJson<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

interface BinaryCase {
  y_true: number[];
  y_prob: number[];
  threshold: number;
  accuracy: number;
  balanced_accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier: number;
  mcc: number;
  confusion_matrix: number[][];
  roc_curve: { fpr: number[]; tpr: number[] };
  pr_curve: { precision: number[]; recall: number[] };
}
interface MultiCase {
  y_true: number[];
  y_prob: number[][];
  n_classes: number;
  accuracy: number;
  balanced_accuracy: number;
  f1_macro: number;
  f1_weighted: number;
  precision_macro: number;
  recall_macro: number;
  log_loss: number;
  roc_auc_ovr_macro: number;
  cohen_kappa: number;
  confusion_matrix: number[][];
}
interface RegressionCase {
  y_true: number[];
  y_pred: number[];
  rmse: number;
  mae: number;
  r2: number;
  mape: number;
  median_ae: number;
  explained_variance: number;
}
interface Extra {
  binary: {
    precision_macro: number;
    recall_macro: number;
    f1_macro: number;
    f1_weighted: number;
    cohen_kappa: number;
  }[];
  multiclass: { mcc: number }[];
}

const golden = (name: string) => new URL(`../../fixtures/golden/${name}`, import.meta.url);
const binary = readJson<{ cases: BinaryCase[] }>(golden('metrics_binary.json')).cases;
const multi = readJson<{ cases: MultiCase[] }>(golden('metrics_multiclass.json')).cases;
const regression = readJson<{ cases: RegressionCase[] }>(golden('metrics_regression.json')).cases;
// Fields the shared golden files lack, computed by sklearn on the same inputs (see make_metrics_extra.py).
const extra = readJson<Extra>(new URL('./fixtures/metrics_extra.json', import.meta.url));

const TOL = 1e-9;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(TOL);
const closeAll = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => close(actual[i]!, e));
};

function binaryProba(p1: number[]): Float64Array {
  const out = new Float64Array(p1.length * 2);
  p1.forEach((p, i) => {
    out[2 * i] = 1 - p;
    out[2 * i + 1] = p;
  });
  return out;
}

describe('classificationMetrics, binary (sklearn golden)', () => {
  binary.forEach((c, idx) => {
    it(`case ${idx} (${c.y_true.length} rows): every field`, () => {
      const y = Int32Array.from(c.y_true);
      const m = classificationMetrics(y, binaryProba(c.y_prob), 2);
      close(m.accuracy, c.accuracy);
      close(m.balancedAccuracy, c.balanced_accuracy);
      close(m.rocAuc, c.roc_auc);
      close(m.averagePrecision, c.average_precision);
      close(m.logLoss, c.log_loss);
      close(m.brier, c.brier);
      close(m.mcc, c.mcc);
      expect(m.confusion).toEqual(c.confusion_matrix);
      const e = extra.binary[idx]!;
      close(m.precisionMacro, e.precision_macro);
      close(m.recallMacro, e.recall_macro);
      close(m.f1Macro, e.f1_macro);
      close(m.f1Weighted, e.f1_weighted);
      close(m.cohenKappa, e.cohen_kappa);

      // Evaluate's threshold sweep at the golden's threshold.
      const [t] = thresholdSweep(y, c.y_prob, [c.threshold]);
      const precision = precisionOf(t!);
      const recall = recallOf(t!);
      close(precision, c.precision);
      close(recall, c.recall);
      close((2 * precision * recall) / (precision + recall), c.f1);
      expect([
        [t!.tn, t!.fp],
        [t!.fn, t!.tp],
      ]).toEqual(c.confusion_matrix);
    });

    it(`case ${idx}: ROC and PR curves point by point`, () => {
      const roc = rocCurve(c.y_true, c.y_prob);
      closeAll(roc.fpr, c.roc_curve.fpr);
      closeAll(roc.tpr, c.roc_curve.tpr);
      expect(roc.thresholds[0]).toBe(Infinity);
      const pr = prCurve(c.y_true, c.y_prob);
      closeAll(pr.precision, c.pr_curve.precision);
      closeAll(pr.recall, c.pr_curve.recall);
      expect(pr.thresholds.length).toBe(pr.precision.length - 1);
    });
  });

  it('float32 probabilities clip at float32 epsilon, as sklearn does for that dtype', () => {
    const y = Int32Array.from([1, 0]);
    const p = Float32Array.from([1, 0, 0, 1]);
    // Both rows are confidently wrong; the clipped probability is float32 eps = 2^-23.
    close(classificationMetrics(y, p, 2).logLoss, -Math.log(2 ** -23));
    close(classificationMetrics(y, Float64Array.from(p), 2).logLoss, -Math.log(2 ** -52));
  });
});

describe('classificationMetrics, multi-class (sklearn golden)', () => {
  multi.forEach((c, idx) => {
    it(`case ${idx} (${c.y_true.length} rows, ${c.n_classes} classes): every field`, () => {
      const m = classificationMetrics(
        Int32Array.from(c.y_true),
        Float64Array.from(c.y_prob.flat()),
        c.n_classes,
      );
      close(m.accuracy, c.accuracy);
      close(m.balancedAccuracy, c.balanced_accuracy);
      close(m.f1Macro, c.f1_macro);
      close(m.f1Weighted, c.f1_weighted);
      close(m.precisionMacro, c.precision_macro);
      close(m.recallMacro, c.recall_macro);
      close(m.logLoss, c.log_loss);
      close(m.rocAuc, c.roc_auc_ovr_macro);
      close(m.cohenKappa, c.cohen_kappa);
      close(m.mcc, extra.multiclass[idx]!.mcc);
      expect(m.confusion).toEqual(c.confusion_matrix);
      expect(m.averagePrecision).toBeNaN();
      expect(m.brier).toBeNaN();
    });
  });
});

describe('regressionMetrics (sklearn golden)', () => {
  regression.forEach((c, idx) => {
    it(`case ${idx} (${c.y_true.length} rows): every field`, () => {
      const m = regressionMetrics(c.y_true, c.y_pred);
      close(m.rmse, c.rmse);
      close(m.mae, c.mae);
      close(m.r2, c.r2);
      close(m.mape, c.mape);
      close(m.medianAe, c.median_ae);
      close(m.explainedVariance, c.explained_variance);
    });
  });

  it('a constant target gives R² 1 when predicted exactly and 0 otherwise (sklearn force_finite)', () => {
    expect(regressionMetrics([3, 3, 3], [3, 3, 3]).r2).toBe(1);
    expect(regressionMetrics([3, 3, 3], [3, 4, 3]).r2).toBe(0);
  });

  it('rejects mismatched lengths and missing values with a message naming the row', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/1 predictions for 2 rows/);
    expect(() => regressionMetrics([1, NaN], [1, 2])).toThrow(/Row 1/);
  });
});

describe('degenerate inputs', () => {
  it('one class present: ROC AUC and the curves are NaN, nothing throws', () => {
    const y = Int32Array.from([1, 1, 1]);
    const m = classificationMetrics(y, Float64Array.from([0.2, 0.8, 0.6, 0.4, 0.1, 0.9]), 2);
    expect(m.rocAuc).toBeNaN();
    expect(m.accuracy).toBeCloseTo(2 / 3, 12);
    expect(rocAuc([0, 0], [0.1, 0.2])).toBeNaN();
    expect(averagePrecision([0, 0], [0.1, 0.2])).toBeNaN();
  });

  it('multi-class AUC averages only the classes that have positives', () => {
    // Class 2 never occurs: its one-vs-rest AUC is undefined and left out of the average.
    const y = Int32Array.from([0, 1, 0, 1]);
    const p = Float64Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1]);
    expect(classificationMetrics(y, p, 3).rocAuc).toBe(1);
  });

  it('names the problem for bad shapes and labels', () => {
    expect(() => classificationMetrics(Int32Array.from([0]), Float64Array.from([1]), 2)).toThrow(/need 2/);
    expect(() => classificationMetrics(Int32Array.from([2]), Float64Array.from([0.5, 0.5]), 2)).toThrow(
      /Row 0 has class index 2/,
    );
    expect(() => classificationMetrics(new Int32Array(0), new Float64Array(0), 2)).toThrow(/empty/);
  });
});
