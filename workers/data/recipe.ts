// What a feature recipe does, on a sample of the training rows: the recipe is fit on training rows
// only (the split the Train phase is set to, chosen by core's trainingRowIndices, as training
// chooses them), never on validation, test or out-of-time rows. The step tracing is core's
// traceColumnThroughSteps; this adapter samples, caches the last fit and shapes the answer.
import type { Handlers } from '../../src/protocol/rpc';
import type { DataEvents, RecipePreview, RecipePreviewArgs, RecipeRequests } from '../../src/protocol/data';
import type { FittedRecipe } from '../../src/core/features/types';
import { fitRecipe, traceRecipe, type RecipeTraceEntry } from '../../src/core/features/recipe';
import { traceColumnThroughSteps } from '../../src/core/features/stepTrace';
import { trainingRowIndices } from '../../src/core/pipeline/trainingRows';
import { createRng, shuffleInPlace } from '../../src/core/ml/rng';
import { cellText, getColumn, numericValues, takeRows, type Table } from '../../src/core/table/table';
import { tableOf } from './tables';

/** Training rows the preview fits on: enough for stable statistics, fast on any dataset. */
const FIT_ROWS = 20_000;
/** Rows the per-step distributions are drawn from. */
const TRACE_ROWS = 2_000;
/** Rows of the transformed table shown. */
const SHOWN_ROWS = 20;

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

async function sampleFor(args: RecipePreviewArgs): Promise<Sample> {
  const { versionId, dbName, target, task, split } = args;
  const key = JSON.stringify({ versionId, dbName, target, task, split });
  if (lastSample?.key === key) return lastSample;
  const table = await tableOf(versionId, dbName);
  // A seeded shuffle: the shown rows are a random sample, the same one after every edit.
  const rows = trainingRowIndices(table, { target, task, split: split.config, seed: split.seed });
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
    traces: args.traceColumn ? traceColumnThroughSteps(fitted.spec, trace, args.traceColumn) : [],
  };
}

export const recipeHandlers: Handlers<RecipeRequests, DataEvents> = {
  async recipePreview(args, { signal }) {
    const fit = await fitFor(args);
    signal.throwIfAborted();
    return preview(fit, args);
  },
};
