/**
 * The target column as model input: class indices or values, the rows that have one, and the
 * problems to tell the user before a training starts.
 */
import type { Column } from '../table/table';
import {
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  MISSING_BOOL,
  MISSING_CODE,
  booleanText,
} from '../table/table';
import type { Task } from './types';

export interface EncodedTarget {
  /** Classification: class index per kept row; regression: the value. */
  y: Float32Array;
  /** Class names sorted (numerically for numbers); empty for regression. */
  classes: string[];
  /** Indices (into the column) of the rows with a non-missing target: the rows to train on. */
  rows: Int32Array;
}

/** A numeric target with at most this many distinct whole values is read as classes. */
const MAX_INTEGER_LEVELS = 10;

function describeType(column: Column): string {
  return isDateColumn(column)
    ? 'dates'
    : isBooleanColumn(column)
      ? 'true/false values'
      : `${column.type} values`;
}

/** The class label of each row (null when missing), for any column type but dates. */
function labels(column: Column): (string | null)[] {
  const n = isCategoricalColumn(column) ? column.codes.length : column.values.length;
  const out = new Array<string | null>(n);
  if (isCategoricalColumn(column)) {
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      out[i] = code === MISSING_CODE ? null : column.dictionary[code]!;
    }
  } else if (isBooleanColumn(column)) {
    for (let i = 0; i < n; i++) {
      const v = column.values[i]!;
      out[i] = v === MISSING_BOOL ? null : booleanText(column, v);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(column.values[i]!) ? null : String(column.values[i]!);
  }
  return out;
}

function sortClasses(column: Column, classes: string[]): string[] {
  if (isCategoricalColumn(column) || isBooleanColumn(column))
    return classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return classes.sort((a, b) => Number(a) - Number(b));
}

/**
 * Encodes the target for training. Classification: classes sorted, y = class index. Regression:
 * y = the value (numeric columns only). Rows with a missing target are left out of `rows`.
 * Throws, naming the column, when the column cannot be a target for `task`.
 */
export function encodeTarget(column: Column, task: Task): EncodedTarget {
  if (isDateColumn(column)) {
    throw new Error(`Column "${column.name}" holds dates: it cannot be a target. Choose another column.`);
  }
  if (task === 'regression') {
    if (isCategoricalColumn(column) || isBooleanColumn(column)) {
      throw new Error(
        `Column "${column.name}" holds ${describeType(column)}: regression needs numbers. Choose classification or a numeric column.`,
      );
    }
    const rows: number[] = [];
    for (let i = 0; i < column.values.length; i++) if (!Number.isNaN(column.values[i]!)) rows.push(i);
    return { y: Float32Array.from(rows, (r) => column.values[r]!), classes: [], rows: Int32Array.from(rows) };
  }
  const perRow = labels(column);
  const distinct = new Set<string>();
  for (const l of perRow) if (l !== null) distinct.add(l);
  const classes = sortClasses(column, [...distinct]);
  const index = new Map(classes.map((c, i) => [c, i]));
  const rows: number[] = [];
  const y: number[] = [];
  perRow.forEach((l, i) => {
    if (l === null) return;
    rows.push(i);
    y.push(index.get(l)!);
  });
  return { y: Float32Array.from(y), classes, rows: Int32Array.from(rows) };
}

/**
 * Guesses the task from the target column: categories and booleans are classes; numbers are a
 * regression unless they are whole numbers with few levels (at most 10, or at most 20 when each
 * level has 20+ rows on average), like a 0/1 flag or a 1–5 rating.
 */
export function inferTask(column: Column): Task {
  if (isCategoricalColumn(column) || isBooleanColumn(column)) return 'classification';
  if (isDateColumn(column)) return 'regression';
  const distinct = new Set<number>();
  let present = 0;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (!Number.isInteger(v)) return 'regression';
    if (distinct.size <= 20) distinct.add(v);
  }
  const levels = distinct.size;
  if (levels <= 2 && present > 0) return 'classification';
  if (levels <= MAX_INTEGER_LEVELS) return 'classification';
  return levels <= 20 && present >= 20 * levels ? 'classification' : 'regression';
}

/** How the rows will be split, to check each part can hold every class. */
export type SplitPlan =
  | { kind: 'holdout'; testFraction: number; validationFraction: number }
  | { kind: 'kFold'; folds: number }
  | { kind: 'outOfTime'; testFraction: number; validationFraction: number };

export type TargetProblemCode =
  | 'notATarget'
  | 'noValues'
  | 'manyMissing'
  | 'oneClass'
  | 'constant'
  | 'rareClass'
  | 'tooFewRows'
  | 'manyClasses'
  | 'imbalanced';

export interface TargetProblem {
  /** Errors block training; warnings are shown beside the target. */
  severity: 'error' | 'warning';
  code: TargetProblemCode;
  message: string;
}

/** Rows a class needs so that every part of `plan` can hold one of them. */
function rowsPerClassNeeded(plan: SplitPlan): number {
  if (plan.kind === 'kFold') return plan.folds;
  return 1 + (plan.testFraction > 0 ? 1 : 0) + (plan.validationFraction > 0 ? 1 : 0);
}

function planWords(plan: SplitPlan): string {
  if (plan.kind === 'kFold') return `${plan.folds}-fold cross-validation`;
  return plan.kind === 'holdout' ? 'the train/validation/test split' : 'the out-of-time split';
}

/**
 * Problems with `column` as the target of `task`, checked before training starts: not usable as a
 * target, no values, many missing, one class only, a constant value, a class too rare for the
 * split, too few rows, a suspiciously large number of classes, a heavy class imbalance.
 */
export function checkTarget(column: Column, task: Task, plan?: SplitPlan): TargetProblem[] {
  const name = `"${column.name}"`;
  const problems: TargetProblem[] = [];
  const error = (code: TargetProblemCode, message: string) =>
    problems.push({ severity: 'error', code, message });
  const warn = (code: TargetProblemCode, message: string) =>
    problems.push({ severity: 'warning', code, message });
  let encoded: EncodedTarget;
  try {
    encoded = encodeTarget(column, task);
  } catch (e) {
    // An allocation that failed is no fault of the column: let it end the worker's job.
    if (e instanceof RangeError) throw e;
    error('notATarget', (e as Error).message);
    return problems;
  }
  const total = isCategoricalColumn(column) ? column.codes.length : column.values.length;
  const kept = encoded.rows.length;
  if (kept === 0) {
    error('noValues', `Target ${name} has no values: every row is missing. Choose another column.`);
    return problems;
  }
  const missing = total - kept;
  if (missing / total > 0.2) {
    const share = Math.round((100 * missing) / total);
    warn(
      'manyMissing',
      `${missing} of ${total} rows (${share}%) have no value in ${name}: they are left out of training and evaluation.`,
    );
  }
  const minRows = plan?.kind === 'kFold' ? 2 * plan.folds : 10;
  if (kept < minRows) {
    error(
      'tooFewRows',
      `Only ${kept} rows have a value in ${name}: at least ${minRows} are needed to train and evaluate a model.`,
    );
  }
  if (task === 'regression') {
    const first = encoded.y[0]!;
    if (encoded.y.every((v) => v === first)) {
      error(
        'constant',
        `Target ${name} has the same value (${first}) in every row: there is nothing to predict.`,
      );
    }
    return problems;
  }
  const counts = new Array<number>(encoded.classes.length).fill(0);
  for (const c of encoded.y) counts[c]!++;
  if (encoded.classes.length === 1) {
    error(
      'oneClass',
      `Target ${name} has one class only ("${encoded.classes[0]}"): a classifier needs at least two.`,
    );
    return problems;
  }
  if (plan) {
    const need = rowsPerClassNeeded(plan);
    const rare = encoded.classes.filter((_, c) => counts[c]! < need);
    if (rare.length) {
      const list = rare.map((c) => `"${c}" (${counts[encoded.classes.indexOf(c)]})`).join(', ');
      error(
        'rareClass',
        `In ${name}, ${list} ${rare.length === 1 ? 'has' : 'have'} fewer than the ${need} rows ${planWords(plan)} needs ` +
          'to put one in every part. Merge rare classes, collect more rows, or change the split.',
      );
    }
  }
  if (encoded.classes.length > 50 || (encoded.classes.length > 10 && encoded.classes.length > kept / 2)) {
    warn(
      'manyClasses',
      `Target ${name} has ${encoded.classes.length} classes for ${kept} rows: is it an identifier or a number?`,
    );
  }
  const smallest = Math.min(...counts);
  const largest = Math.max(...counts);
  if (smallest / largest < 0.1) {
    const rarest = encoded.classes[counts.indexOf(smallest)]!;
    warn(
      'imbalanced',
      `Class "${rarest}" of ${name} has ${smallest} rows against ${largest} for the largest: consider balanced class weights, and judge models by balanced accuracy or ROC AUC.`,
    );
  }
  return problems;
}
