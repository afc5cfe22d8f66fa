/**
 * Checks on the training data the worker hands over, and the held-out validation rows used for
 * early stopping when the caller gives none.
 */
import { holdoutSplit } from '../splits';
import type { TrainingData } from './types';

/** A training or validation set: row-major features and their targets. */
export interface XY {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

function featureName(data: TrainingData, f: number): string {
  const name = data.featureNames?.[f];
  return name !== undefined ? `"${name}"` : `number ${f + 1} of ${data.cols}`;
}

/**
 * Throws a message naming the row or feature when the data cannot be trained on. `allowMissing`
 * is false for tfjs models, which cannot take NaN features (an impute step fixes that); the
 * baseline, which ignores features, accepts none (`minCols` 0).
 */
export function checkTrainingData(data: TrainingData, allowMissing: boolean, minCols = 1): void {
  const { x, y, rows, cols, task, nClasses } = data;
  if (!(rows > 0 && cols >= minCols)) {
    throw new Error(
      `There is nothing to train on: ${rows} rows × ${cols} features. Check that the recipe keeps some columns.`,
    );
  }
  if (x.length !== rows * cols) {
    throw new Error(
      `The feature matrix has ${x.length} values; ${rows} rows × ${cols} features need ${rows * cols}.`,
    );
  }
  if (y.length !== rows)
    throw new Error(`There are ${y.length} target values for ${rows} rows: they must match.`);
  checkTargets(y, task, nClasses, 'training');
  if (!allowMissing) {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]!)) {
        const f = i % cols;
        throw new Error(
          `Feature ${featureName(data, f)} is missing or infinite in training row ${Math.floor(i / cols) + 1}: ` +
            'this model family needs complete numbers. Add an impute step to the recipe, or use boosted trees.',
        );
      }
    }
  }
  if (data.xValid || data.yValid) {
    const vr = data.validRows ?? 0;
    if (!data.xValid || !data.yValid || data.xValid.length !== vr * cols || data.yValid.length !== vr) {
      throw new Error(
        `The validation rows do not match: expected ${vr} rows × ${cols} features with one target each.`,
      );
    }
    checkTargets(data.yValid, task, nClasses, 'validation');
  }
}

function checkTargets(y: Float32Array, task: string, nClasses: number, part: string): void {
  if (task === 'classification' && !(Number.isInteger(nClasses) && nClasses >= 2)) {
    throw new Error(`Classification needs at least 2 classes; got ${nClasses}.`);
  }
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (task === 'classification' ? !(Number.isInteger(v) && v >= 0 && v < nClasses) : !Number.isFinite(v)) {
      throw new Error(
        `The ${part} target of row ${i + 1} is ${v}: expected ${task === 'classification' ? `a class index 0…${nClasses - 1}` : 'a number'}. Drop rows with a missing target first.`,
      );
    }
  }
}

/** The rows of `set` at `rows`, in that order. */
export function takeXY(set: XY, cols: number, rows: Int32Array): XY {
  const x = new Float32Array(rows.length * cols);
  const y = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    x.set(set.x.subarray(r * cols, (r + 1) * cols), i * cols);
    y[i] = set.y[r]!;
  }
  return { x, y, rows: rows.length };
}

export interface TrainValid {
  train: XY;
  valid: XY | null;
  source: 'none' | 'given' | 'heldOut';
}

/**
 * The rows to fit on and the rows to watch. The caller's validation rows win; otherwise, when
 * `holdOut` > 0, a seeded (stratified where possible) share of the training rows is held out.
 */
export function trainAndValidation(data: TrainingData, holdOut: number): TrainValid {
  const all: XY = { x: data.x, y: data.y, rows: data.rows };
  if (data.xValid && data.yValid && (data.validRows ?? 0) > 0) {
    return { train: all, valid: { x: data.xValid, y: data.yValid, rows: data.validRows! }, source: 'given' };
  }
  if (holdOut <= 0 || data.rows < 20) return { train: all, valid: null, source: 'none' };
  const options = { testFraction: holdOut, validationFraction: 0, seed: data.seed ^ 0x5eed };
  let split;
  try {
    split = holdoutSplit(
      data.rows,
      data.task === 'classification' ? { ...options, stratify: Int32Array.from(data.y) } : options,
    );
  } catch {
    // A class too rare to stratify: an unstratified hold-out still serves early stopping.
    split = holdoutSplit(data.rows, options);
  }
  return {
    train: takeXY(all, data.cols, split.train),
    valid: takeXY(all, data.cols, split.test),
    source: 'heldOut',
  };
}
