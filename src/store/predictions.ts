/**
 * Held-out predictions of runs (validation / out-of-fold, test, out-of-time), one record per run,
 * typed arrays as IndexedDB stores them (structured clone keeps Float32Array and Int32Array).
 * They are written with the run's end (and its model version) in one transaction, so a run that
 * says done always has them.
 */
import type { HeldOutPredictions } from '../core/pipeline/types';
import type { WorkbenchDb } from './db';
import { RecordNotFoundError, StorageFullError, isQuotaError } from './errors';
import { saveModelVersion, type NewModelVersion } from './models';
import type { ModelVersion, Run } from './records';
import type { RunUpdate } from './runs';

/** The stored record: a run's held-out predictions. */
export interface PredictionsRecord extends HeldOutPredictions {
  runId: string;
  projectId: string;
  /** The model version the run registered, when it registered one. */
  modelId?: string;
}

function bytesOf(p: HeldOutPredictions): number {
  return p.sets.reduce(
    (a, s) => a + s.rowIds.byteLength + s.y.byteLength + s.predicted.byteLength + s.baseline.byteLength,
    0,
  );
}

/**
 * Ends run `runId` with `changes`, stores its held-out predictions and, when `model` is given,
 * registers that model version and links it to the run — all in one transaction: either the run
 * is done with its predictions (and model), or nothing of it was written.
 */
export async function finishRunWithPredictions(
  db: WorkbenchDb,
  runId: string,
  changes: RunUpdate,
  predictions: HeldOutPredictions | undefined,
  model?: NewModelVersion,
): Promise<{ run: Run; model?: ModelVersion }> {
  try {
    return await db.transaction(
      'rw',
      [
        db.runs,
        db.predictions,
        db.projects,
        db.datasetVersions,
        db.models,
        db.modelArtifacts,
        db.referenceProfiles,
      ],
      async () => {
        const run = await db.runs.get(runId);
        if (!run) throw new RecordNotFoundError('run', runId);
        if (run.status !== 'running') {
          throw new Error(`Run ${runId} has already ended (${run.status}); it cannot become done.`);
        }
        const saved = model ? await saveModelVersion(db, model) : undefined;
        const updated: Run = { ...run, ...changes, ...(saved ? { modelVersionId: saved.id } : {}) };
        await db.runs.put(updated);
        if (predictions) {
          await db.predictions.put({
            ...predictions,
            runId,
            projectId: run.projectId,
            ...(saved ? { modelId: saved.id } : {}),
          });
        }
        return saved ? { run: updated, model: saved } : { run: updated };
      },
    );
  } catch (e) {
    if (isQuotaError(e))
      throw new StorageFullError(predictions ? bytesOf(predictions) : 0, 'the run and its model', undefined, {
        cause: e,
      });
    throw e;
  }
}

/** The held-out predictions of a run, or undefined (runs from before they were kept have none). */
export async function getPredictions(db: WorkbenchDb, runId: string): Promise<PredictionsRecord | undefined> {
  return db.predictions.get(runId);
}
