/**
 * Trained models of every family on every task, with a recipe of every step kind, and the
 * workbench's own predictions on new rows: what the exported scorer and ONNX must reproduce.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultSpec, disposeModel, type ModelFamily, type ModelSpec } from '../../../src/core/ml/models';
import { trainOnTable, type TrainingOutcome } from '../../../src/core/pipeline/train';
import { scoreTableFast } from '../../../src/core/deploy/scoringPredict';
import type { RecipeSpec } from '../../../src/core/features';
import type { ExportableModel } from '../../../src/core/deploy/modelFile';
import { serializeModel } from '../../../src/core/ml/models';
import { tableToCsv } from '../../../src/core/table/csvWriter';
import { ingestCsv } from '../../../src/core/table/ingest';
import { categoricalFromStrings, numericValues, type Table } from '../../../src/core/table/table';
import type { Task } from '../../../src/core/ml/types';
import { mixedTable } from '../features/fixtures';

export type CaseTask = 'binary' | 'multiclass' | 'regression';

/** mixedTable with, for 'multiclass', its regression target cut into three classes. */
export function caseTable(rows: number, seed: number, task: CaseTask): Table {
  const t = mixedTable(rows, seed, task === 'binary' ? 'classification' : 'regression');
  if (task !== 'multiclass') return t;
  const y = numericValues(t.columns.find((c) => c.name === 'y')!);
  const labels = Array.from(y, (v) => (v < 4 ? 'low' : v < 7 ? 'mid' : 'high'));
  return {
    rowCount: rows,
    columns: [...t.columns.filter((c) => c.name !== 'y'), categoricalFromStrings('y', labels)],
  };
}

export function smallSpec(family: ModelFamily, task: Task): ModelSpec {
  const spec = defaultSpec(family, task);
  if (spec.family === 'gbdt') return { ...spec, maxIterations: 15 };
  if (spec.family === 'mlp') return { ...spec, epochs: 4, hiddenLayers: [8, 4], activation: 'tanh' };
  if (spec.family === 'linear') return { ...spec, epochs: 4 };
  return spec;
}

export interface TrainedCase {
  name: string;
  task: Task;
  outcome: TrainingOutcome;
  exportable: ExportableModel;
  /** New rows as CSV, without the target. */
  csv: string;
  /** The workbench's scored table of `csv`, as the score worker makes it, written as CSV. */
  workbenchCsv: string;
  /** The workbench's raw predict output on those rows (n × classes, or n). */
  workbenchOut: Float32Array;
  /** The new rows as the workbench read them from `csv`. */
  input: Table;
  rows: number;
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Trains one case and scores new rows the way the workbench's score worker does. */
export async function trainCase(
  family: ModelFamily,
  task: CaseTask,
  recipe: RecipeSpec,
  newRows = 60,
  /** The seed of the rows to score; 5 with 240 rows scores the training rows themselves. */
  newSeed = 77,
): Promise<TrainedCase> {
  const mlTask: Task = task === 'regression' ? 'regression' : 'classification';
  const outcome = await trainOnTable(caseTable(240, 5, task), {
    target: 'y',
    task: mlTask,
    recipe,
    model: smallSpec(family, mlTask),
    split: {
      kind: 'holdout',
      testFraction: 0.2,
      validationFraction: 0.2,
      stratify: mlTask === 'classification',
    },
    seed: 7,
  });
  const fresh = caseTable(newRows, newSeed, task);
  const csv = tableToCsv({ rowCount: fresh.rowCount, columns: fresh.columns.filter((c) => c.name !== 'y') });
  const input = await ingestCsv(csv, {
    fileName: 'new.csv',
    malformed: 'stop',
    typeOverrides: Object.fromEntries(
      outcome.fittedRecipe.inputSchema.filter((c) => c.name !== 'y').map((c) => [c.name, c.type]),
    ),
  });
  const model = await serializeModel(outcome.model);
  const scored = await scoreTableFast(
    input.table,
    outcome.fittedRecipe,
    outcome.model,
    model,
    mlTask,
    outcome.classes,
  );
  const { toFeatureMatrix } = await import('../../../src/core/features/matrix');
  const { predict } = await import('../../../src/core/ml/models');
  const m = toFeatureMatrix(outcome.fittedRecipe, input.table);
  const workbenchOut = await predict(outcome.model, m.x, m.rows);
  const exportable: ExportableModel = {
    id: `model-${family}-${task}`,
    name: `${family}-${task}`,
    version: 1,
    createdAt: 1_700_000_000_000,
    task: mlTask,
    target: 'y',
    classes: outcome.classes,
    spec: outcome.model.spec,
    fittedRecipe: outcome.fittedRecipe,
    metrics: outcome.metrics,
    datasetVersionId: 'dv1',
    datasetHash: 'f'.repeat(64),
    recipeVersionId: 'rv1',
    runId: 'run1',
    model,
  };
  return {
    name: `${family} ${task}`,
    task: mlTask,
    outcome,
    exportable,
    csv,
    workbenchCsv: tableToCsv(scored.table),
    workbenchOut,
    input: input.table,
    rows: fresh.rowCount,
  };
}

export function disposeCase(c: TrainedCase): void {
  disposeModel(c.outcome.model);
}
