/**
 * One training, end to end and pure: target → split → recipe fit on training rows only → model
 * (and the baseline beside it) → metrics on every split. Cross-validation refits the recipe in
 * every fold. The train worker calls this; tests call it in Node.
 */
import { validateRecipe } from '../features/validate';
import { checkTarget, encodeTarget, type SplitPlan } from '../ml/target';
import { disposeModel } from '../ml/models';
import { specProblems } from '../ml/models/spec';
import type { SplitName } from '../ml/types';
import { selectColumns, takeRows, type Table } from '../table/table';
import { toFeatureMatrix } from '../features/matrix';
import { predict } from '../ml/models';
import { buildReferenceProfile } from '../monitoring/profile';
import { argmaxRows } from '../monitoring/shadow';
import { crossValidate, foldAverage } from './crossValidate';
import { fitOnRows, scoreMatrix, scoreRows, type Labelled, type SingleFit } from './fit';
import { planLabelledSplit } from './trainingRows';
import { splitConfigProblems, splitProblems, timeValues, type PlannedSplit, type SplitConfig } from './split';
import type { HeldOutSet, MetricsBySplit, TrainHooks, TrainingOutcome, TrainJob, TrainStage } from './types';
import { heldOutSet } from './heldOut';

export type { SplitConfig } from './split';
export type { RecipeFit, TrainHooks, TrainingOutcome, TrainJob, TrainPhase, TrainStage } from './types';
export { splitMetrics } from './fit';

/** A training that cannot start; `problems` are shown as a list (see state/errors.ts). */
export class TrainingProblemsError extends Error {
  readonly problems: { message: string }[];
  readonly problemCount: number;
  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Training cannot start: ${problems[0]}`
        : `Training cannot start: ${problems.length} problems, listed below.`,
    );
    this.name = 'TrainingProblemsError';
    this.problems = problems.length === 1 ? [] : problems.map((message) => ({ message }));
    this.problemCount = this.problems.length;
  }
}

/**
 * The message of an error about the input (an unreadable time column, too few rows to split). A
 * RangeError is not one: an allocation failed, so it is thrown on, for the worker to be replaced
 * rather than the user told to fix their data.
 */
function inputProblem(err: unknown): string {
  if (err instanceof RangeError) throw err;
  return err instanceof Error ? err.message : String(err);
}

/** What checking a job found: blocking problems, warnings, and (when it can start) its split. */
export interface TrainingCheck {
  problems: string[];
  warnings: string[];
  prepared?: { data: Labelled; plan: PlannedSplit };
}

function targetPlan(split: SplitConfig): SplitPlan {
  if (split.kind === 'kFold') return { kind: 'kFold', folds: split.folds };
  return { kind: split.kind, testFraction: split.testFraction, validationFraction: split.validationFraction };
}

/**
 * Everything that would stop `job` on `table`, in words the user can act on, found before any
 * work starts: the target (one class, no values, too few rows, a class too rare for the split),
 * the recipe against the table's columns, the model settings, the split settings, and the split
 * itself (too few rows for it or its folds, a test part or fold without some class, a time column
 * that cannot be read). Cheap: no recipe or model is fit.
 */
export function checkTraining(table: Table, job: TrainJob): TrainingCheck {
  const target = table.columns.find((c) => c.name === job.target);
  if (!target) {
    return {
      problems: [`The target column "${job.target}" is not in this dataset version. Choose a target again.`],
      warnings: [],
    };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const p of checkTarget(target, job.task, targetPlan(job.split))) {
    (p.severity === 'error' ? problems : warnings).push(p.message);
  }
  const schema = table.columns.map((c) => ({ name: c.name, type: c.type }));
  for (const p of validateRecipe(job.recipe, schema, job.target)) {
    problems.push(p.step >= 0 ? `Recipe step ${p.step + 1}: ${p.message}` : `Recipe: ${p.message}`);
  }
  problems.push(...specProblems(job.model));
  const settings = splitConfigProblems(job.split);
  problems.push(...settings);
  const split = job.split;
  if (split.kind === 'outOfTime' && split.timeColumn) {
    const time = table.columns.find((c) => c.name === split.timeColumn);
    if (!time) problems.push(`The time column "${split.timeColumn}" is not in this dataset version.`);
    else {
      // Checked on its own so that an unreadable time column is reported beside target problems.
      try {
        timeValues(time);
      } catch (err) {
        problems.push(inputProblem(err));
      }
    }
  }
  if (problems.length) return { problems, warnings };

  const encoded = encodeTarget(target, job.task);
  let planned: ReturnType<typeof planLabelledSplit>;
  try {
    planned = planLabelledSplit(table, encoded, job);
  } catch (err) {
    return { problems: [inputProblem(err)], warnings };
  }
  const { input, plan } = planned;
  const data: Labelled = {
    table: takeRows(table, encoded.rows),
    y: encoded.y,
    classes: encoded.classes,
    nClasses: job.task === 'classification' ? encoded.classes.length : 1,
    rowIds: encoded.rows,
  };
  problems.push(...splitProblems(plan, input));
  warnings.push(...plan.summary.notes);
  return problems.length ? { problems, warnings } : { problems, warnings, prepared: { data, plan } };
}

async function scoreSplits(
  fit: SingleFit,
  data: Labelled,
  job: TrainJob,
  parts: Partial<Record<SplitName, Int32Array>>,
): Promise<{ metrics: MetricsBySplit; baselineMetrics: MetricsBySplit; sets: HeldOutSet[] }> {
  const metrics: MetricsBySplit = {};
  const sets: HeldOutSet[] = [];
  const baselineMetrics: MetricsBySplit = {};
  const onTrain = await scoreMatrix(fit, data, job.task, fit.train.x, fit.train.rows, fit.yTrain);
  metrics.train = onTrain.model;
  baselineMetrics.train = onTrain.baseline;
  for (const [name, rows] of Object.entries(parts) as [SplitName, Int32Array][]) {
    const scores = await scoreRows(fit, data, job.task, rows);
    if (!scores) continue;
    metrics[name] = scores.model;
    baselineMetrics[name] = scores.baseline;
    if (name !== 'train') sets.push(heldOutSet(name, data, rows, scores));
  }
  return { metrics, baselineMetrics, sets };
}

/**
 * The monitoring reference of a fit: its training rows' input columns, and its predictions on
 * the validation rows (test rows under k-fold, where the final model has no validation part).
 */
async function trainingReference(fit: SingleFit, data: Labelled, job: TrainJob, plan: PlannedSplit) {
  const inputs = fit.fitted.inputSchema.map((c) => c.name);
  const trainTable = selectColumns(takeRows(data.table, plan.train), inputs);
  const which: 'validation' | 'test' | 'train' = plan.validation.length
    ? 'validation'
    : plan.test.length
      ? 'test'
      : 'train';
  const rows = which === 'validation' ? plan.validation : which === 'test' ? plan.test : plan.train;
  const m = toFeatureMatrix(fit.fitted, takeRows(data.table, rows));
  const out = await predict(fit.model, m.x, m.rows);
  const predictions =
    job.task === 'classification'
      ? { rows: which, labels: data.classes, codes: argmaxRows(out, data.classes.length) }
      : { rows: which, values: Float64Array.from(out) };
  return buildReferenceProfile(trainTable, predictions, job.seed);
}

/**
 * Trains `job` on `table`. The recipe is fit on the training rows only (in every fold for
 * cross-validation), so nothing about validation, test or out-of-time rows leaks into the
 * features. Throws a TrainingProblemsError before any work when checkTraining finds problems;
 * rejects with an AbortError when `hooks.shouldStop` turns true. The same table, job and seed
 * give the same outcome on the same backend. The caller owns (and must dispose) the model.
 * `checked` is checkTraining(table, job) when the caller already ran it.
 */
export async function trainOnTable(
  table: Table,
  job: TrainJob,
  hooks: TrainHooks = {},
  checked?: TrainingCheck,
): Promise<TrainingOutcome> {
  const folds = job.split.kind === 'kFold' ? job.split.folds : 0;
  const stage: TrainStage = folds
    ? { index: folds, count: folds + 1, label: 'final model' }
    : { index: 0, count: 1, label: 'model' };
  hooks.onPhase?.('preparing', { ...stage, index: 0 });
  const check = checked ?? checkTraining(table, job);
  if (!check.prepared) throw new TrainingProblemsError(check.problems);
  const { data, plan } = check.prepared;
  const summary = { ...plan.summary, notes: check.warnings };

  const cv = plan.folds ? await crossValidate(data, job, plan.folds, hooks) : undefined;
  const fit = await fitOnRows(data, job, plan.train, plan.validation, stage, hooks);
  try {
    hooks.onPhase?.('evaluating', stage);
    const scored = await scoreSplits(fit, data, job, {
      validation: plan.validation,
      test: plan.test,
      outOfTime: plan.outOfTime,
    });
    if (cv) {
      scored.metrics.validation = foldAverage(cv.summary.perFold.map((f) => f.metrics));
      scored.baselineMetrics.validation = foldAverage(cv.summary.perFold.map((f) => f.baseline));
    }
    // Cross-validation: the out-of-fold predictions stand for validation (as the fold mean does).
    const sets = cv ? [cv.outOfFold, ...scored.sets.filter((x) => x.split !== 'validation')] : scored.sets;
    const splitSizes = { ...summary.sizes };
    if (cv) splitSizes.validation = cv.summary.perFold.reduce((a, f) => a + f.validationRows, 0);
    return {
      fittedRecipe: fit.fitted,
      model: fit.model,
      classes: data.classes,
      metrics: scored.metrics,
      baselineMetrics: scored.baselineMetrics,
      splitSizes,
      split: summary,
      history: fit.history,
      featureNames: fit.train.names,
      fitInfo: fit.model.info,
      ...(cv ? { crossValidation: cv.summary } : {}),
      heldOut: { task: job.task, classes: data.classes, width: data.nClasses, sets },
      reference: await trainingReference(fit, data, job, plan),
    };
  } catch (err) {
    disposeModel(fit.model);
    throw err;
  }
}
