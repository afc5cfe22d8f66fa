import type { ClassificationMetrics, RegressionMetrics, SplitMetrics } from '../../../src/core/ml/types';

/** Classification metrics where every field is set; override what the test is about. */
export function classification(over: Partial<ClassificationMetrics> = {}): SplitMetrics {
  return {
    task: 'classification',
    accuracy: 0.9,
    balancedAccuracy: 0.88,
    precisionMacro: 0.87,
    recallMacro: 0.86,
    f1Macro: 0.85,
    f1Weighted: 0.89,
    logLoss: 0.3,
    rocAuc: 0.95,
    cohenKappa: 0.8,
    mcc: 0.8,
    averagePrecision: NaN,
    brier: NaN,
    confusion: [
      [9, 1],
      [1, 9],
    ],
    ...over,
  };
}

/** Regression metrics where every field is set; override what the test is about. */
export function regression(over: Partial<RegressionMetrics> = {}): SplitMetrics {
  return {
    task: 'regression',
    rmse: 2,
    mae: 1.5,
    r2: 0.8,
    mape: 0.1,
    medianAe: 1.2,
    explainedVariance: 0.81,
    ...over,
  };
}
