import { readFileSync } from 'node:fs';
import type { Kpi } from '../../../src/core/lifecycle/kpi';
import type { SplitMetrics } from '../../../src/core/ml/types';
import type { ReportInput } from '../../../src/core/report/reportDocument';

interface MulticlassCase {
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

/** scikit-learn's metrics for a three-class problem (tests/fixtures/golden/metrics_multiclass.json). */
export const golden: MulticlassCase = (
  JSON.parse(
    readFileSync(new URL('../../fixtures/golden/metrics_multiclass.json', import.meta.url), 'utf8'),
  ) as { cases: MulticlassCase[] }
).cases[0]!;

export const goldenMetrics: SplitMetrics & { task: 'classification' } = {
  task: 'classification',
  accuracy: golden.accuracy,
  balancedAccuracy: golden.balanced_accuracy,
  precisionMacro: golden.precision_macro,
  recallMacro: golden.recall_macro,
  f1Macro: golden.f1_macro,
  f1Weighted: golden.f1_weighted,
  logLoss: golden.log_loss,
  rocAuc: golden.roc_auc_ovr_macro,
  cohenKappa: golden.cohen_kappa,
  // The golden file has no MCC; these two are undefined for three classes anyway.
  mcc: NaN,
  averagePrecision: NaN,
  brier: NaN,
  confusion: golden.confusion_matrix,
};

export const kpis: Kpi[] = [
  { id: 'k-acc', metric: 'accuracy', op: '>=', threshold: 0.65, split: 'test' },
  { id: 'k-f1', metric: 'f1Macro', op: '>=', threshold: 0.9, split: 'test' },
  { id: 'k-oot', metric: 'accuracy', op: '>=', threshold: 0.6, split: 'outOfTime' },
];

/** A classification report input with every optional part present. */
export function classificationInput(): ReportInput {
  return {
    app: { name: 'Lifecycle Workbench', version: '0.1.0' },
    project: {
      name: 'Penguin species',
      goal: 'Tell the three species apart from body measurements.\nField teams use it on tablets.',
      compliance: 'Public data; no personal information.',
    },
    kpis,
    dataset: {
      name: 'penguins',
      version: 2,
      hash: 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
      rows: 344,
      columns: 7,
      fileName: 'penguins.csv',
    },
    framing: { target: 'species', task: 'classification', primaryMetric: 'f1Macro' },
    recipe: {
      steps: [
        'Impute missing numbers with the training median',
        'Standardize numbers',
        'One-hot encode island, sex',
      ],
      features: 9,
    },
    model: {
      name: 'Softmax regression',
      version: 3,
      family: 'linear',
      spec: { family: 'linear', epochs: 3, learningRate: 0.05, l2: 0.001 },
      backend: 'webgpu',
      backendReason: 'WebGPU adapter available (forced by ?backend=webgpu).',
      durationMs: 12_345,
      trainedAt: Date.UTC(2025, 2, 1, 14, 5),
      seed: 42,
    },
    splits: [
      { name: 'train', rows: 240, note: 'random, stratified by species' },
      { name: 'validation', rows: 52 },
      { name: 'test', rows: 30 },
    ],
    metrics: { validation: { ...goldenMetrics, accuracy: 0.8 }, test: goldenMetrics },
    classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    history: [
      { epoch: 1, loss: 1.1, valLoss: 1.05 },
      { epoch: 2, loss: 0.7, valLoss: 0.72 },
      { epoch: 3, loss: NaN, valLoss: 0.6 },
    ],
    importance: [
      { feature: 'flipper_length_mm', importance: 0.31, std: 0.02 },
      { feature: 'bill_length_mm', importance: 0.22 },
      { feature: 'island=Dream', importance: -0.01, std: 0.005 },
    ],
  };
}

/** A regression report input without the optional parts. */
export function regressionInput(): ReportInput {
  const base = classificationInput();
  return {
    ...base,
    kpis: [{ id: 'k-rmse', metric: 'rmse', op: '<=', threshold: 5, split: 'test' }],
    framing: { target: 'mpg', task: 'regression', primaryMetric: 'rmse' },
    metrics: {
      test: {
        task: 'regression',
        rmse: 4.449,
        mae: 3.857,
        r2: -0.0557,
        mape: 0.0755,
        medianAe: 3.834,
        explainedVariance: -0.00266,
      },
    },
    classes: undefined,
    history: [],
    importance: undefined,
  };
}

/** Script-injection payloads, one per field, each naming its field so a test can find it. */
export function payload(field: string): string {
  return `<script>alert(${field})</script>"><img src=x onerror=alert(${field})>`;
}
