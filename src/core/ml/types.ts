/**
 * Shared ML vocabulary: the task, the metric names a KPI can refer to, and the serialised form
 * of a trained model. Metric keys are stored in projects (KPIs) and model versions: renaming one
 * breaks stored records.
 */

export type Task = 'classification' | 'regression';

export interface ClassificationMetrics {
  accuracy: number;
  balancedAccuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  f1Weighted: number;
  logLoss: number;
  /** Binary: ROC AUC of the positive (second) class. Multi-class: one-vs-rest macro average. */
  rocAuc: number;
  cohenKappa: number;
  mcc: number;
  /** Binary only (NaN otherwise). */
  averagePrecision: number;
  /** Binary only (NaN otherwise). */
  brier: number;
  /** Rows are true classes, columns predicted classes, in the order of `classes`. */
  confusion: number[][];
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
  mape: number;
  medianAe: number;
  explainedVariance: number;
}

export type ClassificationMetricName = Exclude<keyof ClassificationMetrics, 'confusion'>;
export type RegressionMetricName = keyof RegressionMetrics;
export type MetricName = ClassificationMetricName | RegressionMetricName;

/** Metrics of one model on one split. */
export type SplitMetrics =
  ({ task: 'classification' } & ClassificationMetrics) | ({ task: 'regression' } & RegressionMetrics);

export type SplitName = 'train' | 'validation' | 'test' | 'outOfTime';

/** Scores on each split a model was judged on (the one definition; runs, models and reports use it). */
export type MetricsBySplit = Partial<Record<SplitName, SplitMetrics>>;

/** Rows in each split. */
export type SizesBySplit = Partial<Record<SplitName, number>>;

/**
 * A trained model in a structured-clonable form: JSON plus binary weights. Stored in IndexedDB
 * and exported in model bundles, so it carries a format version and is validated on load.
 */
export interface SerializedModel {
  format: 'tfjs-layers' | 'gbdt' | 'baseline';
  formatVersion: 1;
  /** tfjs: { modelTopology, weightSpecs }; gbdt: the trees; baseline: the constant. */
  json: unknown;
  /** tfjs weight data (concatenated little-endian float32). */
  weights?: ArrayBuffer;
}
