/**
 * The pure steps of scoring a monitored batch: refusing one whose schema does not fit (per
 * column, before anything is stored), reading its target when it has one, and judging the
 * goal's KPIs on it.
 */
import { evaluateKpis, type KpiResult } from '../lifecycle/kpiEvaluation';
import type { Kpi } from '../lifecycle/kpi';
import type { SplitMetrics, Task } from '../ml/types';
import { cellText, columnLength, isMissing, numericValues, type Column, type Table } from '../table/table';
import type { BatchAnalysis, FeatureDrift } from './batch';
import type { ReferenceProfile } from './profile';
import type { ModelOutput } from './shadow';

/** A batch the model cannot score as it is; `problems` name each column at fault. */
export class BatchRefusedError extends Error {
  readonly problems: { message: string }[];
  readonly problemCount: number;
  constructor(fileName: string, problems: string[]) {
    super(
      `"${fileName}" does not fit the model: ${problems.length} column problem${problems.length === 1 ? '' : 's'}, listed below. Nothing was scored or stored.`,
    );
    this.name = 'BatchRefusedError';
    this.problems = problems.map((message) => ({ message }));
    this.problemCount = problems.length;
  }
}

/** One sentence per column that stops scoring (missing, or unreadable as its training type). */
export function refusalProblems(analysis: BatchAnalysis): string[] {
  return analysis.quality
    .filter((q) => q.status === 'missing' || q.status === 'wrongType')
    .map((q) =>
      q.status === 'missing'
        ? `Column "${q.name}" (${q.expectedType ?? 'unknown type'}) is missing: the model needs it.`
        : `Column "${q.name}" should be ${q.expectedType ?? 'another type'} but reads as ${q.actualType ?? 'something else'}${q.conversionFailures ? ` (${q.conversionFailures} values could not be read)` : ''}.`,
    );
}

/**
 * The batch's target encoded like the training target: class indices into `classes`
 * (classification; a label the model never saw is NaN, as is a missing value) or numbers.
 */
export function encodeBatchTarget(column: Column, task: Task, classes: readonly string[]): Float32Array {
  const n = columnLength(column);
  const y = new Float32Array(n);
  if (task === 'regression') {
    const v = numericValues(column);
    for (let i = 0; i < n; i++) y[i] = v[i]!;
    return y;
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  for (let i = 0; i < n; i++) y[i] = isMissing(column, i) ? NaN : (index.get(cellText(column, i)) ?? NaN);
  return y;
}

/** Rows of `y` with a known value. */
export function countKnown(y: Float32Array): number {
  let n = 0;
  for (const v of y) if (!Number.isNaN(v)) n++;
  return n;
}

/**
 * The model's raw output recovered from a scored table (scoreTableFast appends the prediction and,
 * for classification, one probability column per class, in class order, last).
 */
export function outputOfScored(scored: Table, task: Task, classCount: number): ModelOutput {
  const cols = scored.columns;
  if (task === 'regression') {
    const v = numericValues(cols[cols.length - 1]!);
    return { task, k: 1, out: Float32Array.from(v) };
  }
  const k = classCount;
  const probs = cols.slice(cols.length - k).map((c) => numericValues(c));
  const n = scored.rowCount;
  const out = new Float32Array(n * k);
  for (let j = 0; j < k; j++) {
    const p = probs[j]!;
    for (let i = 0; i < n; i++) out[i * k + j] = p[i]!;
  }
  return { task, k, out };
}

/** The goal's KPIs judged on a labelled batch: each KPI's metric on the batch, whatever its split. */
export function kpisOnBatch(kpis: readonly Kpi[], metrics: SplitMetrics): KpiResult[] {
  return evaluateKpis(kpis, { train: metrics, validation: metrics, test: metrics, outOfTime: metrics });
}

/**
 * The drift that can raise an alert: date and datetime inputs are left out, since a later
 * batch is outside the training period by construction (their drift is still shown).
 */
export function alertingDrift(profile: ReferenceProfile, drift: readonly FeatureDrift[]): FeatureDrift[] {
  const dates = new Set(
    profile.columns.filter((c) => c.type === 'date' || c.type === 'datetime').map((c) => c.name),
  );
  return drift.filter((d) => !dates.has(d.name));
}
