// The train worker: dataset version → pipeline → registered model version. The page never trains.
import * as tf from '@tensorflow/tfjs';
import { serve } from '../src/protocol/rpc';
import type { TrainEvents, TrainRequests } from '../src/protocol/train';
import { trainOnTable, type TrainingOutcome } from '../src/core/pipeline/train';
import { disposeModel, serializeModel } from '../src/core/ml/models';
import { evaluateKpis } from '../src/core/lifecycle/kpiEvaluation';
import { createRun, getVersion, loadTable, saveModelVersion, updateRun } from '../src/store';
import { probeBackends, startBackend } from './tfBackend';
import { workerDb } from './workerDb';

serve<TrainRequests, TrainEvents>(self, {
  async probe() {
    return probeBackends();
  },

  async train(args, { emit, signal }) {
    const choice = await startBackend(args.backend);
    emit('backend', { name: choice.name, reason: choice.reason, probes: await probeBackends() });
    const db = await workerDb(args.dbName);
    const version = await getVersion(db, args.datasetVersionId);
    if (!version)
      throw new Error('The dataset version to train on no longer exists. Choose another version.');
    const table = await loadTable(db, version.id);
    const run = await createRun(db, {
      projectId: args.projectId,
      datasetVersionId: version.id,
      datasetHash: version.hash,
      spec: args.job.model,
      seed: args.job.seed,
      backend: choice.name,
      backendReason: choice.reason,
    });
    const tensorsBefore = tf.memory().numTensors;
    const started = performance.now();
    let outcome: TrainingOutcome | undefined;
    try {
      outcome = await trainOnTable(table, args.job, {
        onEpoch: (e) => emit('epoch', e),
        onPhase: (phase) => emit('phase', { phase }),
        shouldStop: () => signal.aborted,
      });
      emit('phase', { phase: 'saving' });
      const serialized = await serializeModel(outcome.model);
      const durationMs = performance.now() - started;
      const kpiResults = evaluateKpis(args.kpis, outcome.metrics);
      // A cancel that arrives while saving still wins: nothing half-done is registered.
      signal.throwIfAborted();
      const saved = await saveModelVersion(db, {
        projectId: args.projectId,
        name: args.modelName,
        datasetVersionId: version.id,
        datasetHash: version.hash,
        target: args.job.target,
        task: args.job.task,
        classes: outcome.classes,
        spec: args.job.model,
        fittedRecipe: outcome.fittedRecipe,
        metrics: outcome.metrics,
        splitSizes: outcome.splitSizes,
        seed: args.job.seed,
        kpiResults,
        backend: choice.name,
        backendReason: choice.reason,
        durationMs,
        history: outcome.history,
        model: serialized,
        runId: run.id,
      });
      await updateRun(db, run.id, {
        status: 'done',
        durationMs,
        history: outcome.history,
        metrics: outcome.metrics,
        modelVersionId: saved.id,
      });
      disposeModel(outcome.model);
      outcome = undefined;
      return {
        modelVersionId: saved.id,
        version: saved.version,
        runId: run.id,
        backend: choice.name,
        backendReason: choice.reason,
        durationMs,
        metrics: saved.metrics,
        splitSizes: saved.splitSizes ?? {},
        kpiResults,
        tensors: { before: tensorsBefore, after: tf.memory().numTensors },
      };
    } catch (err) {
      const cancelled = signal.aborted || (err instanceof Error && err.name === 'AbortError');
      await updateRun(db, run.id, {
        status: cancelled ? 'cancelled' : 'failed',
        durationMs: performance.now() - started,
        ...(cancelled ? {} : { error: err instanceof Error ? err.message : String(err) }),
      });
      throw err;
    } finally {
      if (outcome) disposeModel(outcome.model);
    }
  },
});
