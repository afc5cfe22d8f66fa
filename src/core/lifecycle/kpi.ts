/**
 * Key performance indicators: the business goal written as thresholds on metrics, each judged
 * on one held-out split. The store persists `Kpi` as is, so its field names are a stored format.
 */

import type { MetricName, Task } from '../ml/types';
import { allMetrics, isMetricName, metricInfo, metricsForTask } from './metricCatalog';
import { formatThreshold } from './metricFormat';

/** The splits a KPI can be judged on. Never 'train': a model always looks good on its own data. */
export type KpiSplit = 'validation' | 'test' | 'outOfTime';

export const KPI_SPLITS: readonly KpiSplit[] = ['validation', 'test', 'outOfTime'];

export type KpiOp = '>=' | '<=';

export interface Kpi {
  id: string;
  metric: MetricName;
  op: KpiOp;
  threshold: number;
  split: KpiSplit;
}

/** A problem found while checking user input. Errors block saving; warnings are shown. */
export interface Problem {
  severity: 'error' | 'warning';
  /** The input the problem is about, so the UI can put the message next to it. */
  field: 'name' | 'goal' | 'kpis' | 'id' | 'metric' | 'op' | 'threshold' | 'split';
  /** Set when the problem is about one KPI. */
  kpiId?: string;
  message: string;
}

const SPLIT_PHRASES: Record<KpiSplit, string> = {
  validation: 'the validation set',
  test: 'the test set',
  outOfTime: 'the out-of-time set',
};

/** "the test set", "the out-of-time set"… */
export function describeSplit(split: KpiSplit): string {
  return SPLIT_PHRASES[split];
}

/** The KPI in words: "Accuracy ≥ 0.90 on the test set". */
export function describeKpi(kpi: Kpi): string {
  const info = metricInfo(kpi.metric);
  const op = kpi.op === '>=' ? '≥' : '≤';
  return `${info.label} ${op} ${formatThreshold(kpi.metric, kpi.threshold)} on ${describeSplit(kpi.split)}`;
}

/**
 * Checks one KPI against the project's task. Returns errors (the KPI cannot be judged as
 * written) and warnings (it can, but probably does not say what the user means). Without a
 * task (the target is not framed yet) the fit to the task is not checked. Pass `classCount`
 * when the target is known, to catch two-class-only metrics on multi-class data.
 */
export function validateKpi(kpi: Kpi, task?: Task, options: { classCount?: number } = {}): Problem[] {
  const problems: Problem[] = [];
  const at = { kpiId: kpi.id };
  if (typeof kpi.id !== 'string' || kpi.id.trim() === '') {
    problems.push({ severity: 'error', field: 'id', ...at, message: 'This KPI has no id; recreate it.' });
  }
  if (!KPI_SPLITS.includes(kpi.split)) {
    problems.push({
      severity: 'error',
      field: 'split',
      ...at,
      message: `Unknown split "${String(kpi.split)}". Judge the KPI on the validation, test or out-of-time set.`,
    });
  }
  if (kpi.op !== '>=' && kpi.op !== '<=') {
    problems.push({
      severity: 'error',
      field: 'op',
      ...at,
      message: `Unknown comparison "${String(kpi.op)}". Use ≥ (at least) or ≤ (at most).`,
    });
  }
  if (!isMetricName(kpi.metric)) {
    const names = (task ? metricsForTask(task) : allMetrics()).map((m) => m.label).join(', ');
    problems.push({
      severity: 'error',
      field: 'metric',
      ...at,
      message: `Unknown metric "${String(kpi.metric)}". Choose one of: ${names}.`,
    });
    return problems;
  }
  const info = metricInfo(kpi.metric);
  if (task !== undefined && info.task !== task) {
    const suggestion = metricInfo(task === 'classification' ? 'accuracy' : 'rmse').label;
    problems.push({
      severity: 'error',
      field: 'metric',
      ...at,
      message: `${info.label} is a ${info.task} metric but this project is a ${task} task. Choose a ${task} metric such as ${suggestion}.`,
    });
  }
  if (info.binaryOnly && options.classCount !== undefined && options.classCount > 2) {
    problems.push({
      severity: 'error',
      field: 'metric',
      ...at,
      message: `${info.label} is only defined for two classes and this target has ${options.classCount}. Choose another metric, such as Macro F1.`,
    });
  }
  problems.push(...thresholdProblems(kpi, at));
  return problems;
}

function thresholdProblems(kpi: Kpi, at: { kpiId: string }): Problem[] {
  const info = metricInfo(kpi.metric);
  const t = kpi.threshold;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    return [
      {
        severity: 'error',
        field: 'threshold',
        ...at,
        message: `Enter a number for the ${info.label} threshold.`,
      },
    ];
  }
  if (t < info.min || t > info.max) {
    // A rate typed as a percentage (90 for 0.90) is the usual slip: say so.
    const hint = info.max === 1 && info.min >= 0 && t > 1 && t <= 100 ? ` Did you mean ${t / 100}?` : '';
    return [
      {
        severity: 'error',
        field: 'threshold',
        ...at,
        message: `${info.label} takes values ${info.rangeHint}, so a threshold of ${t} is out of range.${hint}`,
      },
    ];
  }
  const problems: Problem[] = [];
  if (kpi.op !== '>=' && kpi.op !== '<=') return problems;
  const wantsHigh = kpi.op === '>=';
  if (wantsHigh !== (info.direction === 'higher')) {
    const better = info.direction === 'higher' ? 'higher' : 'lower';
    const usual = info.direction === 'higher' ? '≥' : '≤';
    problems.push({
      severity: 'warning',
      field: 'op',
      ...at,
      message: `For ${info.label}, ${better} is better, so this KPI rewards a worse model. Use ${usual} unless that is what you mean.`,
    });
  }
  const alwaysMet = wantsHigh ? t <= info.min : t >= info.max;
  if (alwaysMet) {
    problems.push({
      severity: 'warning',
      field: 'threshold',
      ...at,
      message: `Every model meets ${describeKpi(kpi)}; pick a threshold that separates good models from bad ones.`,
    });
  }
  return problems;
}
