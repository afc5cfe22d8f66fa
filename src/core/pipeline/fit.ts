/**
 * One fit inside a training: the recipe fit on the given training rows only, the model fit on
 * their features, and scores (model and baseline) on any other rows, replayed through that
 * fitted recipe. A holdout training does this once; cross-validation once per fold and once more
 * for the final model.
 */
import { fitTransform } from '../features/recipe';
import { matrixFromFeatures, toFeatureMatrix } from '../features/matrix';
import type { FeatureMatrix, FittedRecipe } from '../features/types';
import { classificationMetrics, regressionMetrics } from '../ml/metrics';
import { fitModel, predict } from '../ml/models';
import type { FittedBaseline, FittedModel } from '../ml/models/types';
import type { SplitMetrics, Task } from '../ml/types';
import { takeRows, type Table } from '../table/table';
import type { CurvePoint, TrainHooks, TrainJob, TrainStage } from './types';

/** The rows that have a target, with it encoded. */
export interface Labelled {
  table: Table;
  y: Float32Array;
  classes: string[];
  /** Classes (classification) or 1 (regression). */
  nClasses: number;
  /** Each labelled row's index in the dataset version (rows without a target are left out). */
  rowIds?: Int32Array;
}

export interface SingleFit {
  fitted: FittedRecipe;
  model: FittedModel;
  baseline: FittedBaseline;
  history: CurvePoint[];
  train: FeatureMatrix;
  yTrain: Float32Array;
}

/** Metrics of predictions `out` (n×k probabilities, or n values) against encoded targets. */
export function splitMetrics(task: Task, y: Float32Array, out: Float32Array, nClasses: number): SplitMetrics {
  if (task === 'classification') {
    return { task, ...classificationMetrics(Int32Array.from(y), out, nClasses) };
  }
  return { task, ...regressionMetrics(y, out) };
}

export function pick(y: Float32Array, rows: Int32Array): Float32Array {
  return Float32Array.from(rows, (r) => y[r]!);
}

/**
 * Fits the recipe on `trainRows` and the model on their features. `validRows` (may be empty)
 * are replayed through the fitted recipe and given to the model for early stopping and its
 * validation curve; they never reach the recipe's fit. The baseline is fit on the same rows.
 */
export async function fitOnRows(
  data: Labelled,
  job: TrainJob,
  trainRows: Int32Array,
  validRows: Int32Array,
  stage: TrainStage,
  hooks: TrainHooks,
): Promise<SingleFit> {
  hooks.onPhase?.('fitting recipe', stage);
  const { fitted, train } = fitRecipe(data, job, trainRows);
  const valid = validRows.length ? toFeatureMatrix(fitted, takeRows(data.table, validRows)) : undefined;
  const yTrain = pick(data.y, trainRows);
  const yValid = pick(data.y, validRows);

  await hooks.beforeModelFit?.({ rows: train.rows, cols: train.cols, nClasses: data.nClasses }, stage);
  hooks.onPhase?.('training', stage);
  const history: CurvePoint[] = [];
  const common = { task: job.task, nClasses: data.nClasses, y: yTrain, rows: train.rows, seed: job.seed };
  const baseline = (await fitModel(
    { family: 'baseline' },
    { ...common, x: new Float32Array(0), cols: 0 },
  )) as FittedBaseline;
  const model = await fitModel(
    job.model,
    {
      ...common,
      x: train.x,
      cols: train.cols,
      ...(valid ? { xValid: valid.x, yValid, validRows: valid.rows } : {}),
      featureNames: train.names,
    },
    {
      onEpoch: (e) => {
        history.push({
          epoch: e.epoch,
          loss: e.loss,
          ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss }),
        });
        return hooks.onEpoch?.(e, stage);
      },
      ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
      ...(hooks.treeHelpers ? { helpers: hooks.treeHelpers } : {}),
    },
  );
  return { fitted, model, baseline, history, train, yTrain };
}

/**
 * The recipe fit and the training rows' feature matrix. As the product trains: fit on
 * `trainRows` only, their features out-of-fold where the recipe target-encodes. With a teaching
 * `job.recipeFit` the fit sees every labelled row instead (see RecipeFit): that is the leak the
 * guided tour demonstrates, and the only thing it changes in the training.
 */
function fitRecipe(
  data: Labelled,
  job: TrainJob,
  trainRows: Int32Array,
): { fitted: FittedRecipe; train: FeatureMatrix } {
  const options = { target: job.target, task: job.task, seed: job.seed };
  if (!job.recipeFit) {
    const { fitted, features } = fitTransform(job.recipe, takeRows(data.table, trainRows), options);
    return { fitted, train: matrixFromFeatures(features, fitted) };
  }
  const { fitted, features } = fitTransform(job.recipe, data.table, options);
  if (job.recipeFit === 'wholeTable') {
    return { fitted, train: toFeatureMatrix(fitted, takeRows(data.table, trainRows)) };
  }
  // allRows: row r of the fit is row r of the labelled table.
  const all = matrixFromFeatures(features, fitted);
  const x = new Float32Array(trainRows.length * all.cols);
  trainRows.forEach((r, i) => x.set(all.x.subarray(r * all.cols, (r + 1) * all.cols), i * all.cols));
  return { fitted, train: { ...all, x, rows: trainRows.length } };
}

/** Metrics of the model and the baseline, and their raw outputs (kept as held-out predictions). */
export interface Scored {
  model: SplitMetrics;
  baseline: SplitMetrics;
  /** rows × nClasses probabilities, or rows values. */
  predicted: Float32Array;
  baselinePredicted: Float32Array;
  y: Float32Array;
}

/** Model and baseline metrics on `rows`, replayed through the fit's recipe. */
export async function scoreRows(
  fit: SingleFit,
  data: Labelled,
  task: Task,
  rows: Int32Array,
): Promise<Scored | null> {
  if (rows.length === 0) return null;
  const m = toFeatureMatrix(fit.fitted, takeRows(data.table, rows));
  return scoreMatrix(fit, data, task, m.x, m.rows, pick(data.y, rows));
}

/** Model and baseline metrics on a feature matrix already built (the training rows). */
export async function scoreMatrix(
  fit: SingleFit,
  data: Labelled,
  task: Task,
  x: Float32Array,
  rows: number,
  y: Float32Array,
): Promise<Scored> {
  const predicted = await predict(fit.model, x, rows);
  const baselinePredicted = await predict(fit.baseline, new Float32Array(0), rows);
  const model = splitMetrics(task, y, predicted, data.nClasses);
  const baseline = splitMetrics(task, y, baselinePredicted, data.nClasses);
  return { model, baseline, predicted, baselinePredicted, y };
}
