// What a feature recipe does, on a sample of the training rows: the recipe is fit on training rows
// only (the split the Train phase is set to, planned by the same planSplit), never on validation,
// test or out-of-time rows.
import type { Handlers } from '../../src/protocol/rpc';
import type {
  DataEvents,
  RecipePreview,
  RecipePreviewArgs,
  RecipeRequests,
  StepTrace,
  ValueDistribution,
} from '../../src/protocol/data';
import type { FittedRecipe, StepSpec } from '../../src/core/features/types';
import { fitRecipe, traceRecipe, type RecipeTraceEntry } from '../../src/core/features/recipe';
import { expressionColumns, parseExpression } from '../../src/core/expr';
import { encodeTarget } from '../../src/core/ml/target';
import { planSplit } from '../../src/core/pipeline/split';
import { createRng, shuffleInPlace } from '../../src/core/ml/rng';
import { profileColumn } from '../../src/core/table/profile';
import {
  cellText,
  getColumn,
  isNumericColumn,
  isBooleanColumn,
  numericValues,
  takeRows,
  type Column,
  type Table,
} from '../../src/core/table/table';
import { tableOf } from './tables';

/** Training rows the preview fits on: enough for stable statistics, fast on any dataset. */
const FIT_ROWS = 20_000;
/** Rows the per-step distributions are drawn from. */
const TRACE_ROWS = 2_000;
/** Rows of the transformed table shown. */
const SHOWN_ROWS = 20;
/** Columns made from one column that are drawn (date parts, products…). */
const MAX_AFTER = 6;

/** The training rows the preview fits on: drawn once per version, target and split. */
interface Sample {
  key: string;
  fitTable: Table;
  trainRows: number;
}

interface Fit {
  key: string;
  sample: Sample;
  fitted: FittedRecipe;
  trace: RecipeTraceEntry[];
  /** The rows traced (the first TRACE_ROWS of the fit sample). */
  traced: Table;
}

// The last sample and fit: an edit refits on the same sample (drawing it is the slow part on a
// large table), and choosing another column to trace reuses the fit.
let lastSample: Sample | undefined;
let lastFit: Fit | undefined;

/**
 * Row indices (into `table`) of the training rows, as trainOnTable plans them (for k-fold: every
 * non-test row, where the final model's recipe is fit). Throws planSplit's message when the rows
 * cannot be split that way.
 */
function trainingRows(table: Table, args: RecipePreviewArgs): Int32Array {
  const { config, seed } = args.split;
  const encoded = encodeTarget(getColumn(table, args.target), args.task);
  const time =
    config.kind === 'outOfTime'
      ? takeRows({ rowCount: table.rowCount, columns: [getColumn(table, config.timeColumn)] }, encoded.rows)
          .columns[0]
      : undefined;
  const plan = planSplit(config, {
    task: args.task,
    y: encoded.y,
    classes: encoded.classes,
    seed,
    ...(time ? { time } : {}),
  });
  return Int32Array.from(plan.train, (i) => encoded.rows[i]!);
}

async function sampleFor(args: RecipePreviewArgs): Promise<Sample> {
  const { versionId, dbName, target, task, split } = args;
  const key = JSON.stringify({ versionId, dbName, target, task, split });
  if (lastSample?.key === key) return lastSample;
  const table = await tableOf(versionId, dbName);
  // A seeded shuffle: the shown rows are a random sample, the same one after every edit.
  const rows = trainingRows(table, args);
  shuffleInPlace(rows, createRng(split.seed));
  lastSample = { key, fitTable: takeRows(table, rows.subarray(0, FIT_ROWS)), trainRows: rows.length };
  return lastSample;
}

async function fitFor(args: RecipePreviewArgs): Promise<Fit> {
  const sample = await sampleFor(args);
  const key = JSON.stringify(args.spec);
  if (lastFit?.sample === sample && lastFit.key === key) return lastFit;
  const { fitTable } = sample;
  const fitted = fitRecipe(args.spec, fitTable, {
    target: args.target,
    task: args.task,
    seed: args.split.seed,
  });
  const traced = takeRows(
    fitTable,
    Int32Array.from({ length: Math.min(TRACE_ROWS, fitTable.rowCount) }, (_, i) => i),
  );
  lastFit = { key, sample, fitted, trace: traceRecipe(fitted, traced), traced };
  return lastFit;
}

function distribution(column: Column): ValueDistribution {
  const p = profileColumn(column);
  return {
    column: column.name,
    type: column.type,
    count: p.count,
    missing: p.missing,
    histogram: p.histogram,
  };
}

/** Several 0/1 columns made from one column (one-hot, one-hot bins): one bar per column. */
function groupDistribution(base: string, columns: Column[], rows: number): ValueDistribution | null {
  const ones: number[] = [];
  for (const c of columns) {
    if (!isNumericColumn(c) && !isBooleanColumn(c)) return null;
    let sum = 0;
    for (const v of numericValues(c)) {
      if (v !== 0 && v !== 1) return null;
      sum += v;
    }
    ones.push(sum);
  }
  const label = (name: string) => name.slice(base.length).replace(/^[=_]/, '') || name;
  return {
    column: base,
    type: 'number',
    count: rows,
    missing: 0,
    histogram: { kind: 'bars', labels: columns.map((c) => label(c.name)), counts: ones, other: 0 },
    group: true,
  };
}

/** A formula's input columns; none when it does not parse (validation reports that). */
function formulaInputs(expression: string): string[] {
  try {
    return expressionColumns(parseExpression(expression));
  } catch {
    return [];
  }
}

function readsColumn(step: StepSpec, column: string): boolean {
  if (step.kind !== 'formula') return step.columns.includes(column);
  return step.name === column || formulaInputs(step.expression).includes(column);
}

/** True for `name` made from `base` by the recipe's naming: `base=x`, `base_x`, `base^2`, `base*y`. */
function madeFrom(name: string, base: string): boolean {
  return name === base || (name.startsWith(base) && '=_^*'.includes(name[base.length] ?? ''));
}

/** The column before and after every step that reads or writes it. Columns are shared between trace entries, so "changed" is "not the same object". */
function traceColumn(fit: Fit, column: string): StepTrace[] {
  const traces: StepTrace[] = [];
  fit.fitted.spec.steps.forEach((step, index) => {
    if (!readsColumn(step, column)) return;
    const before = fit.trace[index]!.table;
    const after = fit.trace[index + 1]!.table;
    const previous = new Map(before.columns.map((c) => [c.name, c]));
    const prior = previous.get(column);
    // A formula makes its own column from the traced one; other steps name outputs after it.
    const made = after.columns.filter(
      (c) =>
        previous.get(c.name) !== c &&
        (step.kind === 'formula' ? c.name === step.name : madeFrom(c.name, column)),
    );
    const group =
      made.length > 1 && !made.some((c) => c.name === column)
        ? groupDistribution(column, made, after.rowCount)
        : null;
    traces.push({
      step: index,
      before: prior ? distribution(prior) : null,
      after: group ? [group] : made.slice(0, MAX_AFTER).map(distribution),
      unchanged: made.length === 0 && after.columns.some((c) => c === prior),
    });
  });
  return traces;
}

function preview(fit: Fit, args: RecipePreviewArgs): RecipePreview {
  const { fitted, trace, traced } = fit;
  const shown = Math.min(SHOWN_ROWS, traced.rowCount);
  const end = trace.at(-1)!.table;
  const outputColumns = fitted.features.map((f) => numericValues(getColumn(end, f.name)));
  const inputNames = [args.target, ...fitted.inputSchema.map((c) => c.name)];
  const inputColumns = inputNames.map((n) => getColumn(traced, n));
  return {
    trainRows: fit.sample.trainRows,
    fitRows: fit.sample.fitTable.rowCount,
    traceRows: traced.rowCount,
    output: {
      columns: fitted.features.map((f) => f.name),
      rows: Array.from({ length: shown }, (_, r) =>
        outputColumns.map((values) => (Number.isNaN(values[r]!) ? null : values[r]!)),
      ),
    },
    input: {
      columns: inputNames,
      rows: Array.from({ length: shown }, (_, r) => inputColumns.map((c) => cellText(c, r))),
    },
    features: fitted.features,
    stages: trace.map((e) => e.table.columns.map((c) => ({ name: c.name, type: c.type }))),
    traces: args.traceColumn ? traceColumn(fit, args.traceColumn) : [],
  };
}

export const recipeHandlers: Handlers<RecipeRequests, DataEvents> = {
  async recipePreview(args, { signal }) {
    const fit = await fitFor(args);
    signal.throwIfAborted();
    return preview(fit, args);
  },
};
