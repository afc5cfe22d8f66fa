// One run: check → backend → run record → pipeline → model (saved, returned or dropped) → run
// updated. Whatever happens, the run record ends done, failed (with the reason) or cancelled, and
// a model version is written only for a run that finished, in one transaction.
import * as tf from '@tensorflow/tfjs';
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import {
  RUN_LOCK_PREFIX,
  type TrainArgs,
  type TrainEvents,
  type TrainRequests,
  type TrainSummary,
} from '../../src/protocol/train';
import { checkTraining, trainOnTable, TrainingProblemsError } from '../../src/core/pipeline/train';
import type { TrainingOutcome } from '../../src/core/pipeline/types';
import { disposeModel, serializeModel } from '../../src/core/ml/models';
import type { SerializedModel } from '../../src/core/ml/types';
import { evaluateKpis } from '../../src/core/lifecycle/kpiEvaluation';
import { createRun, getVersion, saveModelVersion, updateRun, type WorkbenchDb } from '../../src/store';
import { probeBackends, startBackend } from '../tfBackend';
import type { BackendChoice } from '../../src/core/ml/backendChoice';
import { workerDb } from '../workerDb';
import { tableOf } from './tables';

type Context = HandlerContext<TrainEvents>;

// Probing opens a WebGL context and asks for a GPU adapter: once per worker is enough.
let probes: ReturnType<typeof probeBackends> | undefined;

function hasLocks(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.locks;
}

/** Runs `work` holding the Web Lock `name` (where the browser has Web Locks). */
async function holdingLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  return hasLocks() ? await navigator.locks.request(name, work) : work();
}

function errorText(err: unknown): string {
  if (
    err instanceof RangeError ||
    (err instanceof Error && /allocation failed|out of memory/i.test(err.message))
  ) {
    return `The training ran out of memory (${err.message}). Use fewer rows, a smaller model or a smaller batch.`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function register(
  db: WorkbenchDb,
  args: TrainArgs,
  version: { id: string; hash: string },
  outcome: TrainingOutcome,
  model: SerializedModel,
  extra: { runId: string; backend: string; backendReason: string; durationMs: number },
) {
  return saveModelVersion(db, {
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
    baselineMetrics: outcome.baselineMetrics,
    splitSizes: outcome.splitSizes,
    split: args.job.split,
    splitSummary: outcome.split,
    ...(outcome.crossValidation ? { crossValidation: outcome.crossValidation } : {}),
    ...(args.recipeVersionId ? { recipeVersionId: args.recipeVersionId } : {}),
    seed: args.job.seed,
    kpiResults: evaluateKpis(args.kpis, outcome.metrics),
    history: outcome.history,
    model,
    ...(outcome.reference ? { reference: outcome.reference } : {}),
    ...extra,
  });
}

async function train(args: TrainArgs, { emit, signal, transfer }: Context): Promise<TrainSummary> {
  const db = await workerDb(args.dbName);
  const version = await getVersion(db, args.datasetVersionId);
  if (!version) throw new Error('The dataset version to train on no longer exists. Choose another version.');
  const table = await tableOf(version.id, args.dbName);
  // Bad input is refused here, before a backend starts or a run is recorded.
  const checked = checkTraining(table, args.job);
  if (!checked.prepared) throw new TrainingProblemsError(checked.problems);
  signal.throwIfAborted();

  // The run's Web Lock is taken before the run is recorded and held until it ends: a page that
  // finds a 'running' run whose lock nobody holds knows its worker is gone.
  const lock = `${RUN_LOCK_PREFIX}${crypto.randomUUID()}`;
  return holdingLock(lock, async () => {
    const run = await createRun(db, {
      projectId: args.projectId,
      datasetVersionId: version.id,
      datasetHash: version.hash,
      spec: args.job.model,
      seed: args.job.seed,
      // Chosen once the recipe has made the features: the choice times real steps on their shape.
      backend: 'choosing',
      backendReason: 'The backend is chosen once the features are known.',
      target: args.job.target,
      task: args.job.task,
      modelName: args.modelName,
      split: args.job.split,
      ...(hasLocks() ? { lock } : {}),
      ...(args.recipeVersionId ? { recipeVersionId: args.recipeVersionId } : {}),
      ...(args.searchId ? { searchId: args.searchId } : {}),
      ...(args.trial ? { trial: args.trial } : {}),
      ...(args.rerunOf ? { rerunOf: args.rerunOf } : {}),
    });
    emit('run', { runId: run.id, startedAt: run.createdAt });
    let choice: BackendChoice | undefined;
    // tf.memory() is read only after a backend started: reading it first would start the default one.
    let tensorsBefore = 0;
    const ensureBackend = async (shape?: { rows: number; cols: number; nClasses: number }) => {
      if (choice) return choice;
      choice = await startBackend(args.backend, shape ? { spec: args.job.model, ...shape } : undefined);
      tensorsBefore = tf.memory().numTensors;
      probes ??= probeBackends();
      emit('backend', { name: choice.name, reason: choice.reason, probes: await probes });
      await updateRun(db, run.id, { backend: choice.name, backendReason: choice.reason });
      return choice;
    };
    const started = performance.now();
    let outcome: TrainingOutcome | undefined;
    try {
      outcome = await trainOnTable(
        table,
        args.job,
        {
          onEpoch: (e, stage) => emit('epoch', { ...e, stage }),
          onPhase: (phase, stage) => emit('phase', { phase, stage }),
          shouldStop: () => signal.aborted,
          beforeModelFit: async (shape) => void (await ensureBackend(shape)),
        },
        checked,
      );
      const backend = await ensureBackend();
      const keep = args.keepModel ?? 'save';
      const stage = { index: 0, count: 1, label: 'model' };
      if (keep !== 'none') emit('phase', { phase: 'saving', stage });
      const serialized = keep === 'none' ? undefined : await serializeModel(outcome.model);
      const durationMs = performance.now() - started;
      // A cancel that arrives while saving still wins: nothing half-done is registered.
      signal.throwIfAborted();
      const saved =
        keep === 'save' && serialized
          ? await register(db, args, version, outcome, serialized, {
              runId: run.id,
              backend: backend.name,
              backendReason: backend.reason,
              durationMs,
            })
          : undefined;
      const endedAt = Date.now();
      await updateRun(db, run.id, {
        status: 'done',
        durationMs,
        endedAt,
        history: outcome.history,
        metrics: outcome.metrics,
        baselineMetrics: outcome.baselineMetrics,
        splitSummary: outcome.split,
        splitSizes: outcome.splitSizes,
        epochsRun: outcome.fitInfo.epochsRun,
        ...(outcome.crossValidation ? { crossValidation: outcome.crossValidation } : {}),
        ...(saved ? { modelVersionId: saved.id } : {}),
      });
      const summary: TrainSummary = {
        runId: run.id,
        ...(saved ? { modelVersionId: saved.id, version: saved.version } : {}),
        backend: backend.name,
        backendReason: backend.reason,
        startedAt: run.createdAt,
        endedAt,
        durationMs,
        metrics: outcome.metrics,
        baselineMetrics: outcome.baselineMetrics,
        splitSizes: outcome.splitSizes,
        split: outcome.split,
        ...(outcome.crossValidation ? { crossValidation: outcome.crossValidation } : {}),
        history: outcome.history,
        epochsRun: outcome.fitInfo.epochsRun,
        kpiResults: evaluateKpis(args.kpis, outcome.metrics),
        tensors: { before: tensorsBefore, after: 0 },
      };
      if (keep === 'return' && serialized) {
        summary.model = {
          serialized,
          fittedRecipe: outcome.fittedRecipe,
          classes: outcome.classes,
          ...(outcome.reference ? { reference: outcome.reference } : {}),
        };
        if (serialized.weights) transfer(serialized.weights);
      }
      disposeModel(outcome.model);
      outcome = undefined;
      summary.tensors.after = tf.memory().numTensors;
      return summary;
    } catch (err) {
      const cancelled = signal.aborted || (err instanceof Error && err.name === 'AbortError');
      await updateRun(db, run.id, {
        status: cancelled ? 'cancelled' : 'failed',
        durationMs: performance.now() - started,
        endedAt: Date.now(),
        ...(cancelled ? {} : { error: errorText(err) }),
        ...(choice ? {} : { backend: 'none', backendReason: 'The run stopped before a model was fit.' }),
      }).catch(() => undefined); // the run may be gone (deleted); the error below is what matters
      throw err;
    } finally {
      if (outcome) disposeModel(outcome.model);
    }
  });
}

export const trainHandlers: Pick<Handlers<TrainRequests, TrainEvents>, 'train' | 'probe'> = {
  // Every failure in the words of errorText, whether or not a run was recorded yet (memory can
  // run out while the table loads, before any run exists).
  async train(args, context) {
    try {
      return await train(args, context);
    } catch (err) {
      if (err instanceof Error && err.name !== 'AbortError') err.message = errorText(err);
      throw err;
    }
  },
  async probe() {
    probes ??= probeBackends();
    return probes;
  },
};
