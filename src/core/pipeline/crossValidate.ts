/**
 * k-fold cross-validation with the recipe fit inside each fold: fold i fits the recipe and the
 * model on the other folds' rows only and is scored on its own rows, so nothing about a fold's
 * validation rows (their means, categories, target rates) reaches the model that is scored on them.
 */
import { disposeModel } from '../ml/models';
import type { Fold } from '../ml/splits';
import type { MetricName, SplitMetrics } from '../ml/types';
import type { FittedRecipe } from '../features/types';
import { fitOnRows, scoreRows, type Labelled } from './fit';
import type { CrossValidationSummary, FoldResult, HeldOutSet, TrainHooks, TrainJob } from './types';
import { heldOutSet } from './heldOut';

/** The scalar metrics of a SplitMetrics (everything but the task and the confusion matrix). */
function scalars(m: SplitMetrics): [MetricName, number][] {
  return Object.entries(m).filter((e): e is [MetricName, number] => typeof e[1] === 'number');
}

/** Mean and population standard deviation of each scalar metric over `list` (NaN-free only). */
export function meanAndStd(list: readonly SplitMetrics[]): {
  mean: Partial<Record<MetricName, number>>;
  std: Partial<Record<MetricName, number>>;
} {
  const mean: Partial<Record<MetricName, number>> = {};
  const std: Partial<Record<MetricName, number>> = {};
  const first = list[0];
  if (!first) return { mean, std };
  for (const [name] of scalars(first)) {
    const values = list.map((m) => (m as unknown as Record<string, number>)[name]!);
    if (values.some((v) => !Number.isFinite(v))) continue;
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = mu;
    std[name] = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length);
  }
  return { mean, std };
}

/**
 * One SplitMetrics standing for all folds: each scalar is its mean across folds (NaN when a fold
 * could not measure it), and a confusion matrix is the sum of the folds' (every row is counted
 * once, in the fold where it was validated).
 */
export function foldAverage(list: readonly SplitMetrics[]): SplitMetrics {
  const first = list[0];
  if (!first) throw new Error('No folds to average.');
  const { mean } = meanAndStd(list);
  const averaged: Record<string, unknown> = { ...first };
  for (const [name] of scalars(first)) averaged[name] = mean[name] ?? NaN;
  if (first.task === 'classification') {
    const sum = first.confusion.map((row) => row.map(() => 0));
    for (const m of list) {
      if (m.task === 'classification')
        m.confusion.forEach((row, i) => row.forEach((v, j) => (sum[i]![j]! += v)));
    }
    averaged['confusion'] = sum;
  }
  // Same keys as `first`, numbers replaced by numbers: still a SplitMetrics of its task.
  return averaged as unknown as SplitMetrics;
}

export interface FoldFit {
  result: FoldResult;
  /** The recipe as fit on this fold's training rows (kept for tests and audits, not stored). */
  fitted: FittedRecipe;
}

/**
 * Runs every fold (recipe and model fit on the fold's training rows, scored on its validation
 * rows) and summarises them. Models are disposed as soon as they are scored.
 */
export async function crossValidate(
  data: Labelled,
  job: TrainJob,
  folds: readonly Fold[],
  hooks: TrainHooks,
): Promise<{ summary: CrossValidationSummary; fits: FoldFit[]; outOfFold: HeldOutSet }> {
  const count = folds.length + 1;
  const fits: FoldFit[] = [];
  const parts: HeldOutSet[] = [];
  for (const [i, fold] of folds.entries()) {
    const stage = { index: i, count, label: `fold ${i + 1} of ${folds.length}` };
    // The fold's validation rows are scored only: early stopping holds out part of its training rows.
    const fit = await fitOnRows(data, job, fold.train, new Int32Array(0), stage, hooks);
    try {
      hooks.onPhase?.('evaluating', stage);
      const scores = (await scoreRows(fit, data, job.task, fold.validation))!;
      parts.push(heldOutSet('validation', data, fold.validation, scores, i));
      fits.push({
        fitted: fit.fitted,
        result: {
          trainRows: fold.train.length,
          validationRows: fold.validation.length,
          metrics: scores.model,
          baseline: scores.baseline,
          epochsRun: fit.model.info.epochsRun,
        },
      });
    } finally {
      disposeModel(fit.model);
    }
  }
  const perFold = fits.map((f) => f.result);
  const { mean, std } = meanAndStd(perFold.map((f) => f.metrics));
  return {
    summary: {
      folds: folds.length,
      mean,
      std,
      baselineMean: meanAndStd(perFold.map((f) => f.baseline)).mean,
      perFold,
    },
    fits,
    outOfFold: concatSets(parts),
  };
}

/** The folds' validation predictions as one set (every row appears once, in its own fold). */
function concatSets(parts: readonly HeldOutSet[]): HeldOutSet {
  const total = parts.reduce((a, p) => a + p.rowIds.length, 0);
  const width = parts[0] ? parts[0].predicted.length / Math.max(1, parts[0].rowIds.length) : 1;
  const out: HeldOutSet = {
    split: 'validation',
    rowIds: new Int32Array(total),
    y: new Float32Array(total),
    predicted: new Float32Array(total * width),
    baseline: new Float32Array(total * width),
    fold: new Uint8Array(total),
  };
  let at = 0;
  for (const p of parts) {
    out.rowIds.set(p.rowIds, at);
    out.y.set(p.y, at);
    out.predicted.set(p.predicted, at * width);
    out.baseline.set(p.baseline, at * width);
    out.fold!.set(p.fold!, at);
    at += p.rowIds.length;
  }
  return out;
}
