/**
 * What each metric means to a person: its label, which task it belongs to, which way is better,
 * the values it can take and a one-line explanation an educator can show beside it.
 *
 * Keyed by MetricName so that adding a metric to src/core/ml/types.ts without describing it here
 * is a compile error (and a failing test, which parses types.ts).
 */

import type { ClassificationMetricName, MetricName, RegressionMetricName, Task } from '../ml/types';

export type MetricDirection = 'higher' | 'lower';

/**
 * How a value reads best: 'percent' for proportions of rows (accuracy 0.912 → "91.2%") and for
 * MAPE (a fraction of the true value); 'number' for scores, losses and errors in target units.
 */
export type MetricDisplay = 'percent' | 'number';

export interface MetricInfo {
  readonly name: MetricName;
  /** Short label for tables and charts: "Macro F1". */
  readonly label: string;
  readonly task: Task;
  readonly direction: MetricDirection;
  /** Smallest and largest value the metric can take (±Infinity when unbounded). */
  readonly min: number;
  readonly max: number;
  /** The range in words, to follow "takes values": "from 0 to 1", "0 or more". */
  readonly rangeHint: string;
  readonly display: MetricDisplay;
  /** Only defined for two classes; the metric code returns NaN for multi-class problems. */
  readonly binaryOnly: boolean;
  /** One plain-language sentence for learners. */
  readonly description: string;
}

type Entry = Omit<MetricInfo, 'name' | 'binaryOnly'> & { binaryOnly?: boolean };

const unit = { min: 0, max: 1, rangeHint: 'from 0 to 1' } as const;
const signedUnit = { min: -1, max: 1, rangeHint: 'from −1 to 1' } as const;
const nonNegative = { min: 0, max: Infinity, rangeHint: '0 or more' } as const;
const upToOne = { min: -Infinity, max: 1, rangeHint: 'up to 1 (can be negative)' } as const;

const ENTRIES = {
  accuracy: {
    label: 'Accuracy',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'percent',
    description: 'Share of rows whose class the model predicted correctly.',
  },
  balancedAccuracy: {
    label: 'Balanced accuracy',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'percent',
    description: 'Accuracy averaged over the classes, so a rare class counts as much as a common one.',
  },
  precisionMacro: {
    label: 'Macro precision',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'percent',
    description: 'Of the rows predicted as a class, the share that really are it, averaged over classes.',
  },
  recallMacro: {
    label: 'Macro recall',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'percent',
    description: 'Of the rows that really are a class, the share the model found, averaged over classes.',
  },
  f1Macro: {
    label: 'Macro F1',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'number',
    description: 'Balance of precision and recall per class, averaged with every class weighted equally.',
  },
  f1Weighted: {
    label: 'Weighted F1',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'number',
    description: 'Balance of precision and recall per class, averaged with bigger classes weighing more.',
  },
  logLoss: {
    label: 'Log loss',
    task: 'classification',
    direction: 'lower',
    ...nonNegative,
    display: 'number',
    description: 'How much probability the model gave to the wrong answers; confident mistakes cost most.',
  },
  rocAuc: {
    label: 'ROC AUC',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'number',
    description:
      'Chance the model scores a random positive row above a random negative one (0.5 is guessing).',
  },
  cohenKappa: {
    label: "Cohen's kappa",
    task: 'classification',
    direction: 'higher',
    ...signedUnit,
    display: 'number',
    description: 'Agreement between predictions and truth beyond what chance alone would give.',
  },
  mcc: {
    label: 'Matthews correlation',
    task: 'classification',
    direction: 'higher',
    ...signedUnit,
    display: 'number',
    description: 'Correlation between predicted and true classes; stays honest when classes are unbalanced.',
  },
  averagePrecision: {
    label: 'Average precision',
    task: 'classification',
    direction: 'higher',
    ...unit,
    display: 'number',
    binaryOnly: true,
    description: 'Area under the precision–recall curve of the positive class (two classes only).',
  },
  brier: {
    label: 'Brier score',
    task: 'classification',
    direction: 'lower',
    ...unit,
    display: 'number',
    binaryOnly: true,
    description: 'Mean squared gap between predicted probability and what happened (two classes only).',
  },
  rmse: {
    label: 'RMSE',
    task: 'regression',
    direction: 'lower',
    ...nonNegative,
    display: 'number',
    description: 'Typical prediction error in the units of the target; large misses count extra.',
  },
  mae: {
    label: 'MAE',
    task: 'regression',
    direction: 'lower',
    ...nonNegative,
    display: 'number',
    description: 'Average size of the prediction error, in the units of the target.',
  },
  r2: {
    label: 'R²',
    task: 'regression',
    direction: 'higher',
    ...upToOne,
    display: 'number',
    description: 'Share of the variation in the target the model explains (0 is no better than the mean).',
  },
  mape: {
    label: 'MAPE',
    task: 'regression',
    direction: 'lower',
    ...nonNegative,
    display: 'percent',
    description: 'Average error as a percentage of the true value; misleading when true values are near 0.',
  },
  medianAe: {
    label: 'Median absolute error',
    task: 'regression',
    direction: 'lower',
    ...nonNegative,
    display: 'number',
    description: 'The error half of the predictions beat, in target units; ignores a few wild misses.',
  },
  explainedVariance: {
    label: 'Explained variance',
    task: 'regression',
    direction: 'higher',
    ...upToOne,
    display: 'number',
    description: 'Like R² but ignores a constant offset in the predictions.',
  },
} satisfies Record<MetricName, Entry>;

// Object.entries widens keys to string; ENTRIES satisfies Record<MetricName, Entry>, so they are MetricNames.
const CATALOG: ReadonlyMap<MetricName, MetricInfo> = new Map(
  (Object.entries(ENTRIES) as [MetricName, Entry][]).map(([name, e]) => [
    name,
    { name, ...e, binaryOnly: e.binaryOnly ?? false },
  ]),
);

/** Every metric in the catalog, classification first, in a stable display order. */
export function allMetrics(): MetricInfo[] {
  return [...CATALOG.values()];
}

/** True when `name` is a metric the workbench knows (stored records may hold stale names). */
export function isMetricName(name: unknown): name is MetricName {
  return typeof name === 'string' && CATALOG.has(name as MetricName);
}

/**
 * The catalog entry for `name`. Throws when the name is unknown — which only happens with a
 * record written by another version of the app, so the message says so.
 */
export function metricInfo(name: MetricName): MetricInfo {
  const info = CATALOG.get(name);
  if (!info) {
    const known = [...CATALOG.keys()].join(', ');
    throw new Error(`Unknown metric "${String(name)}". Known metrics: ${known}.`);
  }
  return info;
}

/** The metrics that apply to `task`, in display order. */
export function metricsForTask(task: Task): MetricInfo[] {
  return allMetrics().filter((m) => m.task === task);
}

/**
 * The metric a new project ranks models by. Macro F1 for classification because accuracy
 * flatters a model that ignores a rare class; RMSE for regression because it is in target units.
 */
export function defaultPrimaryMetric(task: Task): MetricName {
  return task === 'classification' ? 'f1Macro' : 'rmse';
}

/** True when `a` is better than `b` for this metric (NaN is never better). */
export function isBetter(name: MetricName, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return metricInfo(name).direction === 'higher' ? a > b : a < b;
}

/** True when `name` is a known classification metric. */
export function isClassificationMetric(name: MetricName): name is ClassificationMetricName {
  return CATALOG.get(name)?.task === 'classification';
}

/** True when `name` is a known regression metric. */
export function isRegressionMetric(name: MetricName): name is RegressionMetricName {
  return CATALOG.get(name)?.task === 'regression';
}
