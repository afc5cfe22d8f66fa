// What the evaluation worker reads, cached: the last dataset table, the last model, and each
// run's held-out predictions (the views of one run are asked for many times as the user clicks).
import {
  getModelVersion,
  getPredictions,
  getRun,
  loadTable,
  type ModelVersion,
  type PredictionsRecord,
  type Run,
} from '../../src/store';
import { deserializeModel, disposeModel } from '../../src/core/ml/models';
import type { FittedModel } from '../../src/core/ml/models/types';
import type { ScoredRows } from '../../src/core/ml/evaluation/rowMetric';
import type { HeldOutSet, HeldOutSplit } from '../../src/core/pipeline/types';
import type { Table } from '../../src/core/table/table';
import { startBackend } from '../tfBackend';
import { workerDb } from '../workerDb';

let table: { key: string; table: Promise<Table> } | undefined;
let model: { id: string; stored: ModelVersion; fitted: Promise<FittedModel> } | undefined;
const predictions = new Map<string, PredictionsRecord>();

export async function runOf(runId: string, dbName?: string): Promise<Run> {
  const run = await getRun(await workerDb(dbName), runId);
  if (!run) throw new Error('This run no longer exists. Choose another model.');
  return run;
}

export async function predictionsOf(runId: string, dbName?: string): Promise<PredictionsRecord> {
  const cached = predictions.get(runId);
  if (cached) return cached;
  const found = await getPredictions(await workerDb(dbName), runId);
  if (!found) {
    throw new Error(
      'This model has no stored held-out predictions (it was trained before they were kept). Train it again to see these views.',
    );
  }
  // Records never change once written: a small cache by run is safe.
  if (predictions.size > 8) predictions.delete(predictions.keys().next().value!);
  predictions.set(runId, found);
  return found;
}

export function setOf(p: PredictionsRecord, split: HeldOutSplit): HeldOutSet {
  const set = p.sets.find((s) => s.split === split);
  if (!set) throw new Error(`This model has no ${split === 'outOfTime' ? 'out-of-time' : split} rows.`);
  return set;
}

export function scoredOf(p: PredictionsRecord, set: HeldOutSet, baseline = false): ScoredRows {
  return { task: p.task, width: p.width, y: set.y, predicted: baseline ? set.baseline : set.predicted };
}

export function tableOf(versionId: string, dbName?: string): Promise<Table> {
  const key = `${dbName ?? ''}/${versionId}`;
  if (table?.key !== key) {
    const loaded = workerDb(dbName).then((db) => loadTable(db, versionId));
    loaded.catch(() => {
      if (table?.key === key) table = undefined;
    });
    table = { key, table: loaded };
  }
  return table.table;
}

/** The model version and its fitted model (the previous one is disposed). */
export async function modelOf(
  modelId: string,
  dbName?: string,
): Promise<{ stored: ModelVersion; fitted: FittedModel }> {
  if (model?.id !== modelId) {
    const stored = await getModelVersion(await workerDb(dbName), modelId);
    if (!stored) throw new Error('This model version no longer exists. Choose another model.');
    const previous = model;
    // Explanations are small inference work: the automatic choice avoids software GPU adapters.
    const fitted = startBackend('auto').then(() => deserializeModel(stored.model));
    model = { id: modelId, stored, fitted };
    if (previous) void previous.fitted.then(disposeModel, () => undefined);
  }
  return { stored: model.stored, fitted: await model.fitted };
}
