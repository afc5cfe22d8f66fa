/**
 * Fitting a recipe on the training split and replaying it on any table. The same step functions
 * run in both directions (fit = learn, then apply), so validation, test, new batches and the
 * exported bundle go through exactly the code the training rows went through.
 *
 * Invariant: only the target-encode step reads the target, and only while fitting. Applying a
 * fitted recipe never looks at the target column, which a scoring file need not have.
 */

import type { Task } from '../ml/types';
import type { Column, Table } from '../table/table';
import {
  columnLength,
  getColumn,
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isNumericColumn,
  numericValues,
} from '../table/table';
import {
  fitOneHot,
  applyOneHot,
  fitOrdinal,
  applyOrdinal,
  fitTargetEncode,
  applyTargetEncode,
} from './categoricalSteps';
import type { TargetValues } from './categoricalSteps';
import { conformColumn } from './conform';
import { applyDateParts, applyDrop, applyProducts, fitDateParts, fitDrop, fitProducts } from './derivedSteps';
import { applyFormula, fitFormula } from './formulaStep';
import {
  applyBin,
  applyClip,
  applyImpute,
  applyPower,
  applyScale,
  fitBin,
  fitClip,
  fitImpute,
  fitPower,
  fitScale,
} from './numericSteps';
import type { StepContext } from './stepContext';
import type { FeatureInfo, FittedRecipe, FittedStep, RecipeSpec, SchemaColumn, StepSpec } from './types';
import { RECIPE_FORMAT_VERSION } from './types';
import { validateRecipe } from './validate';
import type { WorkColumn } from './workingSet';
import { categoryKeyReader, compareStrings, numberColumn, stepLabel, WorkingSet } from './workingSet';

export interface FitOptions {
  target: string;
  task: Task;
  /** Seeds the out-of-fold split of target encoding. Default 0. */
  seed?: number;
}

/** The outcome of fitting: the fitted recipe and the training rows' features. */
export interface FitResult {
  fitted: FittedRecipe;
  /**
   * The training split's feature columns (a Table, in `fitted.features` order). Train models on
   * this, not on applyRecipe(fitted, train): the two differ only in target-encoded columns, which
   * are out-of-fold here and in-sample there.
   */
  features: Table;
}

/**
 * Fits every step on `train` (the training split only) and returns the fitted recipe with the
 * transformed training rows. Throws, naming the step and column, when validateRecipe finds a
 * problem or the data cannot be fit (e.g. a column with no values in the training split).
 */
export function fitTransform(spec: RecipeSpec, train: Table, options: FitOptions): FitResult {
  const targetColumn = getColumn(train, options.target);
  const schema = train.columns.map((c) => ({ name: c.name, type: c.type }));
  const problems = validateRecipe(spec, schema, options.target);
  if (problems.length > 0) {
    throw new Error(`The recipe cannot be fit:\n${problems.map((p) => `• ${p.message}`).join('\n')}`);
  }
  const set = new WorkingSet(
    train.rowCount,
    train.columns
      .filter((c) => c.name !== options.target)
      .map((c) => ({ column: c, sources: [c.name], step: -1 })),
  );
  let target: TargetValues | undefined;
  const readTarget = (): TargetValues => (target ??= targetValues(targetColumn, options.task));
  const steps: FittedStep[] = spec.steps.map((step, index) => {
    const state = fitStep({ index, spec: step }, set, readTarget, options.seed ?? 0);
    assertFinite(state, index, step);
    return state;
  });
  const features = finalFeatures(set);
  const needed = new Set([...set.reads, ...features.flatMap((f) => f.sources)]);
  const inputSchema: SchemaColumn[] = schema.filter((c) => c.name !== options.target && needed.has(c.name));
  const fitted: FittedRecipe = {
    formatVersion: RECIPE_FORMAT_VERSION,
    spec: structuredClone(spec),
    target: options.target,
    task: options.task,
    inputSchema,
    steps,
    features,
  };
  return { fitted, features: outputTable(set, features) };
}

/** Fits one step and transforms the working columns; only target encoding calls `readTarget`. */
function fitStep(
  ctx: StepContext,
  set: WorkingSet,
  readTarget: () => TargetValues,
  seed: number,
): FittedStep {
  const step = ctx.spec;
  switch (step.kind) {
    case 'impute':
      return fitImpute(step, set, ctx);
    case 'scale':
      return fitScale(step, set, ctx);
    case 'power':
      return fitPower(step, set, ctx);
    case 'clipQuantiles':
      return fitClip(step, set, ctx);
    case 'bin':
      return fitBin(step, set, ctx);
    case 'oneHot':
      return fitOneHot(step, set, ctx);
    case 'ordinal':
      return fitOrdinal(step, set, ctx);
    case 'targetEncode':
      return fitTargetEncode(step, set, ctx, readTarget(), seed + ctx.index);
    case 'dateParts':
      return fitDateParts(step, set, ctx);
    case 'interactions':
    case 'polynomial':
      return fitProducts(step, set, ctx);
    case 'formula':
      return fitFormula(step, set, ctx);
    case 'drop':
      return fitDrop(step, set, ctx);
  }
}

/** Fits the recipe on the training split; see fitTransform for the errors it throws. */
export function fitRecipe(spec: RecipeSpec, train: Table, options: FitOptions): FittedRecipe {
  return fitTransform(spec, train, options).fitted;
}

/**
 * Replays a fitted recipe on any table with the recipe's input columns (the target may be absent;
 * it is never read). Returns the feature columns only, all numeric, in `fitted.features` order.
 * Unseen categories, missing values and out-of-range numbers are handled by each step's rule;
 * a missing input column throws an error that names it.
 */
export function applyRecipe(fitted: FittedRecipe, table: Table): Table {
  return outputTable(replay(fitted, table), fitted.features);
}

/** The working columns before the first step (`step` −1) and after each step, for previews. */
export interface RecipeTraceEntry {
  step: number;
  /** Every column at that point, including ones not yet encoded (categories, dates). */
  table: Table;
}

/**
 * applyRecipe step by step: the table before the first step and after every step, so the UI can
 * show each step's distributions before and after on a sample of rows. Columns are shared, not
 * copied, between entries. Pass a sample (e.g. takeRows) rather than a large table.
 */
export function traceRecipe(fitted: FittedRecipe, table: Table): RecipeTraceEntry[] {
  const trace: RecipeTraceEntry[] = [];
  replay(fitted, table, (step, t) => trace.push({ step, table: t }));
  return trace;
}

function replay(
  fitted: FittedRecipe,
  table: Table,
  onStep?: (step: number, table: Table) => void,
): WorkingSet {
  if (fitted.formatVersion !== RECIPE_FORMAT_VERSION) {
    throw new Error(
      `This fitted recipe has format version ${String(fitted.formatVersion)}; this workbench reads ` +
        `version ${RECIPE_FORMAT_VERSION}. Retrain the model with this version of the workbench.`,
    );
  }
  const present = new Map(table.columns.map((c) => [c.name, c]));
  const absent = fitted.inputSchema.filter((c) => !present.has(c.name)).map((c) => `"${c.name}"`);
  if (absent.length > 0) {
    throw new Error(
      `The data has no column ${absent.join(', ')}, which the model's feature recipe needs. ` +
        `Add ${absent.length === 1 ? 'this column' : 'these columns'} (empty values are allowed) and try again.`,
    );
  }
  const set = new WorkingSet(
    table.rowCount,
    fitted.inputSchema.map((s) => ({
      column: conformColumn(s, present.get(s.name)!),
      sources: [s.name],
      step: -1,
    })),
  );
  onStep?.(-1, set.toTable());
  fitted.steps.forEach((step, index) => {
    const spec = fitted.spec.steps[index];
    if (!spec || spec.kind !== step.kind) {
      throw new Error(
        `Fitted recipe is corrupt: step ${index + 1} does not match its spec. Retrain the model.`,
      );
    }
    applyFittedStep(step, set, { index, spec });
    onStep?.(index, set.toTable());
  });
  return set;
}

function applyFittedStep(step: FittedStep, set: WorkingSet, ctx: StepContext): void {
  switch (step.kind) {
    case 'impute':
      return applyImpute(step, set, ctx);
    case 'scale':
      return applyScale(step, set, ctx);
    case 'power':
      return applyPower(step, set, ctx);
    case 'clipQuantiles':
      return applyClip(step, set, ctx);
    case 'bin':
      return applyBin(step, set, ctx);
    case 'oneHot':
      return applyOneHot(step, set, ctx);
    case 'ordinal':
      return applyOrdinal(step, set, ctx);
    case 'targetEncode':
      return applyTargetEncode(step, set, ctx);
    case 'dateParts':
      return applyDateParts(step, set, ctx);
    case 'interactions':
    case 'polynomial':
      return applyProducts(step, set, ctx);
    case 'formula':
      return applyFormula(step, set, ctx);
    case 'drop':
      return applyDrop(step, set);
  }
}

/**
 * JSON turns NaN and Infinity into null, so a fitted state holding one would not replay after
 * storage; it only happens with values at the edge of the float range.
 */
function assertFinite(state: unknown, index: number, step: StepSpec): void {
  const visit = (v: unknown): boolean =>
    typeof v === 'number'
      ? Number.isFinite(v)
      : typeof v === 'object' && v !== null
        ? Object.values(v).every(visit)
        : true;
  if (!visit(state)) {
    throw new Error(
      `${stepLabel(index, step)}: the values learned from the training split are not finite numbers ` +
        `(the column's values are too large). Clip the column or log-transform it before this step.`,
    );
  }
}

/** Every column left at the end is a feature; anything not numeric or boolean is a recipe error. */
function finalFeatures(set: WorkingSet): FeatureInfo[] {
  const left = set.columns.filter((w) => !isNumericColumn(w.column) && !isBooleanColumn(w.column));
  if (left.length > 0) {
    const list = left.map((w) => `"${w.column.name}" (${w.column.type})`).join(', ');
    throw new Error(
      `After the last step, ${list} ${left.length === 1 ? 'is' : 'are'} still not numeric. Add a ` +
        `one-hot, ordinal or target-encode step for categories, a date-parts step for dates, or drop them.`,
    );
  }
  return set.columns.map((w) => ({ name: w.column.name, sources: [...w.sources], step: w.step }));
}

function outputTable(set: WorkingSet, features: readonly FeatureInfo[]): Table {
  const byName = new Map<string, WorkColumn>(set.columns.map((w) => [w.column.name, w]));
  const columns: Column[] = features.map((f) => {
    const w = byName.get(f.name);
    if (!w)
      throw new Error(`Feature "${f.name}" was not produced when replaying the recipe. Retrain the model.`);
    const c = w.column;
    return isNumericColumn(c) && c.type === 'number'
      ? c
      : numberColumn(f.name, Float64Array.from(numericValues(c)));
  });
  return { rowCount: set.rowCount, columns };
}

/** The target as class labels (sorted; numerically for numeric targets) or as numbers. */
function targetValues(column: Column, task: Task): TargetValues {
  if (task === 'regression') {
    if (isCategoricalColumn(column)) {
      throw new Error(
        `The target "${column.name}" holds ${column.type} values, so it cannot be a regression target. ` +
          `Choose classification, or a numeric target.`,
      );
    }
    return { task, values: numericValues(column) };
  }
  if (isDateColumn(column)) {
    throw new Error(
      `The target "${column.name}" holds dates, so it cannot be a classification target. Choose another target.`,
    );
  }
  const work: WorkColumn = { column, sources: [column.name], step: -1 };
  const key = categoryKeyReader(work, -1, { kind: 'targetEncode', columns: [] });
  const rowKeys = Array.from({ length: columnLength(column) }, (_, i) => key(i));
  const classes = [...new Set(rowKeys.filter((k): k is string => k !== null))];
  classes.sort(isNumericColumn(column) ? (a, b) => Number(a) - Number(b) : compareStrings);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(rowKeys, (k) => (k === null ? -1 : index.get(k)!));
  return { task, classes, labels };
}
