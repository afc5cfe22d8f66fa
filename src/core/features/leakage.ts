/**
 * The leakage guard: columns that predict the target too well on their own are usually the
 * target in disguise (a copy, a recoding, a value only known after the outcome). Each column is
 * scored by a one-column model evaluated out-of-fold, so a unique identifier, which can only be
 * memorised, does not look predictive.
 */

import type { Task } from '../ml/types';
import type { Column, Table } from '../table/table';
import {
  cellText,
  columnLength,
  getColumn,
  isCategoricalColumn,
  isMissing,
  numericValues,
} from '../table/table';
import { foldAssignment, presentValues, quantileSorted, sorted } from './stats';

export interface LeakageWarning {
  column: string;
  reason: string;
  /** 1 for a copy or recoding of the target; otherwise the out-of-fold score (balanced accuracy or R²). */
  score: number;
}

/** Scores at or above this are reported. */
export const LEAKAGE_THRESHOLD = 0.98;
const FOLDS = 5;
const NUMERIC_BINS = 20;
const MIN_ROWS = 20;

/** A small integer key per row: the category, or the quantile bin of a number; missing has its own key. */
function rowKeys(c: Column): Int32Array {
  const n = columnLength(c);
  const keys = new Int32Array(n);
  if (isCategoricalColumn(c)) {
    for (let i = 0; i < n; i++) keys[i] = c.codes[i]! + 1;
    return keys;
  }
  const values = numericValues(c);
  const s = sorted(presentValues(values));
  const edges = Array.from({ length: NUMERIC_BINS - 1 }, (_, b) => quantileSorted(s, (b + 1) / NUMERIC_BINS));
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    let b = 0;
    while (b < edges.length && edges[b]! <= v) b++;
    keys[i] = b + 1;
  }
  return keys;
}

/** Out-of-fold balanced accuracy of predicting each key's majority class. */
function classificationScore(keys: Int32Array, labels: Int32Array, classes: number, rows: number[]): number {
  const fold = foldAssignment(rows.length, FOLDS, 0);
  const predicted = new Int32Array(rows.length);
  for (let f = 0; f < FOLDS; f++) {
    const counts = new Map<number, Float64Array>();
    const overall = new Float64Array(classes);
    rows.forEach((r, p) => {
      if (fold[p] === f) return;
      let c = counts.get(keys[r]!);
      if (!c) counts.set(keys[r]!, (c = new Float64Array(classes)));
      c[labels[r]!]!++;
      overall[labels[r]!]!++;
    });
    const argmax = (a: Float64Array): number => a.indexOf(Math.max(...a));
    rows.forEach((r, p) => {
      if (fold[p] !== f) return;
      const c = counts.get(keys[r]!);
      predicted[p] = argmax(c ?? overall);
    });
  }
  const hits = new Float64Array(classes);
  const totals = new Float64Array(classes);
  rows.forEach((r, p) => {
    totals[labels[r]!]!++;
    if (predicted[p] === labels[r]) hits[labels[r]!]!++;
  });
  let sum = 0;
  let seen = 0;
  for (let k = 0; k < classes; k++) {
    if (totals[k]! > 0) {
      sum += hits[k]! / totals[k]!;
      seen++;
    }
  }
  return seen === 0 ? 0 : sum / seen;
}

/** Out-of-fold R² of predicting each key's mean target. */
function regressionScore(keys: Int32Array, y: Float64Array, rows: number[]): number {
  const fold = foldAssignment(rows.length, FOLDS, 0);
  let sse = 0;
  let sst = 0;
  const mean = rows.reduce((a, r) => a + y[r]!, 0) / rows.length;
  for (let f = 0; f < FOLDS; f++) {
    const sums = new Map<number, [number, number]>();
    let total = 0;
    let count = 0;
    rows.forEach((r, p) => {
      if (fold[p] === f) return;
      const s = sums.get(keys[r]!) ?? [0, 0];
      s[0] += y[r]!;
      s[1]++;
      sums.set(keys[r]!, s);
      total += y[r]!;
      count++;
    });
    rows.forEach((r, p) => {
      if (fold[p] !== f) return;
      const s = sums.get(keys[r]!);
      const prediction = s ? s[0] / s[1] : total / count;
      sse += (y[r]! - prediction) ** 2;
      sst += (y[r]! - mean) ** 2;
    });
  }
  return sst === 0 ? 0 : 1 - sse / sst;
}

/** Squared Pearson correlation over rows where both are present (catches linear recodings). */
function r2Linear(x: Float64Array, y: Float64Array, rows: number[]): number {
  const pairs = rows.filter((r) => !Number.isNaN(x[r]!));
  if (pairs.length < MIN_ROWS) return 0;
  const mx = pairs.reduce((a, r) => a + x[r]!, 0) / pairs.length;
  const my = pairs.reduce((a, r) => a + y[r]!, 0) / pairs.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const r of pairs) {
    sxy += (x[r]! - mx) * (y[r]! - my);
    sxx += (x[r]! - mx) ** 2;
    syy += (y[r]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
}

/** True when the column's text equals the target's text in every row (missing included). */
function sameValues(a: Column, b: Column, n: number): boolean {
  for (let i = 0; i < n; i++) if (cellText(a, i) !== cellText(b, i)) return false;
  return true;
}

/** True when each column value goes with exactly one class and each class with one value. */
function oneToOne(keys: Int32Array, labels: Int32Array, rows: number[]): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (const r of rows) {
    const k = keys[r]!;
    const l = labels[r]!;
    if ((forward.get(k) ?? l) !== l || (backward.get(l) ?? k) !== k) return false;
    forward.set(k, l);
    backward.set(l, k);
  }
  return forward.size > 1;
}

/**
 * Columns of the training split that look like the target in disguise: an exact copy, a
 * one-to-one recoding of the classes, or a column whose one-column model scores ≥ 0.98
 * (balanced accuracy for classification, R² for regression, both out-of-fold; numbers are cut
 * into 20 quantile bins). Sorted by score, highest first. Needs at least 20 rows with a target.
 */
export function leakageWarnings(train: Table, target: string, task: Task): LeakageWarning[] {
  const targetColumn = getColumn(train, target);
  const n = train.rowCount;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!isMissing(targetColumn, i)) rows.push(i);
  if (rows.length < MIN_ROWS) return [];
  let labels = new Int32Array(n);
  let classes = 0;
  if (task === 'classification') {
    const index = new Map<string, number>();
    labels = Int32Array.from({ length: n }, (_, i) => {
      const t = cellText(targetColumn, i);
      if (!index.has(t)) index.set(t, index.size);
      return index.get(t)!;
    });
    classes = index.size;
  }
  const y = numericValues(targetColumn);
  const warnings: LeakageWarning[] = [];
  for (const column of train.columns) {
    if (column.name === target) continue;
    if (sameValues(column, targetColumn, n)) {
      warnings.push({
        column: column.name,
        reason: `"${column.name}" has exactly the same values as the target.`,
        score: 1,
      });
      continue;
    }
    const keys = rowKeys(column);
    if (task === 'classification') {
      if (isCategoricalColumn(column) && oneToOne(keys, labels, rows)) {
        warnings.push({
          column: column.name,
          reason: `"${column.name}" is the target under another name: each of its values goes with exactly one class.`,
          score: 1,
        });
        continue;
      }
      const score = classificationScore(keys, labels, classes, rows);
      if (score >= LEAKAGE_THRESHOLD) {
        warnings.push({
          column: column.name,
          reason:
            `On its own, "${column.name}" predicts the target with balanced accuracy ${score.toFixed(3)} ` +
            `(out-of-fold). Check that its value is known before the outcome; if not, drop it.`,
          score,
        });
      }
      continue;
    }
    const linear = isCategoricalColumn(column) ? 0 : r2Linear(numericValues(column), y, rows);
    const score = Math.max(linear, regressionScore(keys, y, rows));
    if (score >= LEAKAGE_THRESHOLD) {
      warnings.push({
        column: column.name,
        reason:
          `On its own, "${column.name}" explains the target with R² ${score.toFixed(3)}. Check that its value ` +
          `is known before the outcome; if not, drop it.`,
        score,
      });
    }
  }
  return warnings.sort((a, b) => b.score - a.score);
}
