/**
 * One training, end to end and pure: target → split → recipe fit on the training rows only →
 * model fit → metrics on every split. The train worker calls this; tests call it in Node.
 */
import type { FittedRecipe, RecipeSpec } from '../features/types';
import { fitTransform } from '../features/recipe';
import { matrixFromFeatures, toFeatureMatrix } from '../features/matrix';
import { validateRecipe } from '../features/validate';
import { checkTarget, encodeTarget } from '../ml/target';
import { holdoutSplit, outOfTimeSplit, type HoldoutSplit } from '../ml/splits';
import { classificationMetrics, regressionMetrics } from '../ml/metrics';
import { fitModel, predict } from '../ml/models';
import type { EpochEvent, FittedModel } from '../ml/models/types';
import { specProblems, type ModelSpec } from '../ml/models/spec';
import type { SplitMetrics, SplitName, Task } from '../ml/types';
import { getColumn, isDateColumn, numericValues, takeRows, type Table } from '../table/table';

export type SplitConfig =
  | { kind: 'holdout'; testFraction: number; validationFraction: number; stratify: boolean }
  | { kind: 'outOfTime'; timeColumn: string; testFraction: number; validationFraction: number };

export interface TrainJob {
  target: string;
  task: Task;
  recipe: RecipeSpec;
  model: ModelSpec;
  split: SplitConfig;
  seed: number;
}

export interface TrainHooks {
  onEpoch?(e: EpochEvent): void | Promise<void>;
  onPhase?(phase: TrainPhase): void;
  shouldStop?(): boolean;
}

export type TrainPhase = 'preparing' | 'fitting recipe' | 'training' | 'evaluating';

export interface TrainingOutcome {
  fittedRecipe: FittedRecipe;
  model: FittedModel;
  classes: string[];
  metrics: Partial<Record<SplitName, SplitMetrics>>;
  splitSizes: Partial<Record<SplitName, number>>;
  history: { epoch: number; loss: number; valLoss?: number }[];
  featureNames: string[];
}

/**
 * Everything that would stop this job, in words the user can act on, found before any work
 * starts: the target, the recipe against the table's columns, the model settings.
 */
export function trainingProblems(table: Table, job: TrainJob): string[] {
  const problems: string[] = [];
  const target = table.columns.find((c) => c.name === job.target);
  if (!target)
    return [`The target column "${job.target}" is not in this dataset version. Choose a target again.`];
  const plan =
    job.split.kind === 'holdout'
      ? {
          kind: 'holdout' as const,
          testFraction: job.split.testFraction,
          validationFraction: job.split.validationFraction,
        }
      : {
          kind: 'outOfTime' as const,
          testFraction: job.split.testFraction,
          validationFraction: job.split.validationFraction,
        };
  for (const p of checkTarget(target, job.task, plan)) if (p.severity === 'error') problems.push(p.message);
  const schema = table.columns.map((c) => ({ name: c.name, type: c.type }));
  for (const p of validateRecipe(job.recipe, schema, job.target))
    problems.push(`Recipe step ${p.step + 1}: ${p.message}`);
  problems.push(...specProblems(job.model));
  if (job.split.kind === 'outOfTime') {
    const time = table.columns.find((c) => c.name === (job.split as { timeColumn: string }).timeColumn);
    if (!time) problems.push(`The time column "${job.split.timeColumn}" is not in this dataset version.`);
    else if (!isDateColumn(time) && time.type !== 'integer' && time.type !== 'number') {
      problems.push(
        `The time column "${time.name}" holds ${time.type} values: choose a date or numeric column.`,
      );
    }
  }
  return problems;
}

function splitRows(table: Table, job: TrainJob, y: Float32Array): HoldoutSplit {
  const { split } = job;
  if (split.kind === 'holdout') {
    const stratify = job.task === 'classification' && split.stratify ? Int32Array.from(y) : undefined;
    return holdoutSplit(table.rowCount, {
      testFraction: split.testFraction,
      validationFraction: split.validationFraction,
      seed: job.seed,
      ...(stratify ? { stratify } : {}),
    });
  }
  const times = numericValues(getColumn(table, split.timeColumn));
  return outOfTimeSplit(times, {
    testFraction: split.testFraction,
    validationFraction: split.validationFraction,
    columnName: split.timeColumn,
  });
}

function pick(y: Float32Array, rows: Int32Array): Float32Array {
  return Float32Array.from(rows, (r) => y[r]!);
}

/** Metrics of predictions `out` (n×k probabilities, or n values) against encoded targets. */
export function splitMetrics(task: Task, y: Float32Array, out: Float32Array, nClasses: number): SplitMetrics {
  if (task === 'classification') {
    return { task, ...classificationMetrics(Int32Array.from(y), out, nClasses) };
  }
  return { task, ...regressionMetrics(y, out) };
}

/**
 * Trains `job` on `table`. The recipe is fit on the training rows only, so nothing about the
 * validation or test rows leaks into the features. Rejects with an AbortError when
 * `hooks.shouldStop` turns true; the caller owns (and must dispose) the returned model.
 */
export async function trainOnTable(
  table: Table,
  job: TrainJob,
  hooks: TrainHooks = {},
): Promise<TrainingOutcome> {
  hooks.onPhase?.('preparing');
  const problems = trainingProblems(table, job);
  if (problems.length) throw new Error(problems.join('\n'));
  const encoded = encodeTarget(getColumn(table, job.target), job.task);
  const labelled = takeRows(table, encoded.rows);
  const parts = splitRows(labelled, job, encoded.y);
  const nClasses = job.task === 'classification' ? encoded.classes.length : 1;

  hooks.onPhase?.('fitting recipe');
  const trainTable = takeRows(labelled, parts.train);
  const { fitted, features } = fitTransform(job.recipe, trainTable, {
    target: job.target,
    task: job.task,
    seed: job.seed,
  });
  const train = matrixFromFeatures(features, fitted);
  const valid = parts.validation.length
    ? toFeatureMatrix(fitted, takeRows(labelled, parts.validation))
    : undefined;
  const yTrain = pick(encoded.y, parts.train);
  const yValid = pick(encoded.y, parts.validation);

  hooks.onPhase?.('training');
  const history: TrainingOutcome['history'] = [];
  const model = await fitModel(
    job.model,
    {
      task: job.task,
      nClasses,
      x: train.x,
      y: yTrain,
      rows: train.rows,
      cols: train.cols,
      ...(valid ? { xValid: valid.x, yValid, validRows: valid.rows } : {}),
      seed: job.seed,
      featureNames: train.names,
    },
    {
      onEpoch: (e) => {
        history.push({
          epoch: e.epoch,
          loss: e.loss,
          ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss }),
        });
        return hooks.onEpoch?.(e);
      },
      ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
    },
  );

  hooks.onPhase?.('evaluating');
  const metrics: TrainingOutcome['metrics'] = {};
  const splitSizes: TrainingOutcome['splitSizes'] = {};
  const evaluate = async (name: SplitName, x: Float32Array, rows: number, y: Float32Array) => {
    splitSizes[name] = rows;
    if (rows === 0) return;
    metrics[name] = splitMetrics(job.task, y, await predict(model, x, rows), nClasses);
  };
  await evaluate('train', train.x, train.rows, yTrain);
  if (valid) await evaluate('validation', valid.x, valid.rows, yValid);
  if (parts.test.length) {
    const test = toFeatureMatrix(fitted, takeRows(labelled, parts.test));
    await evaluate('test', test.x, test.rows, pick(encoded.y, parts.test));
  }
  return {
    fittedRecipe: fitted,
    model,
    classes: encoded.classes,
    metrics,
    splitSizes,
    history,
    featureNames: train.names,
  };
}
