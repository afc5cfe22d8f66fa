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
import { runResultOf } from '../../src/core/pipeline/runResult';
import { disposeModel, serializeModel } from '../../src/core/ml/models';
import { evaluateKpis } from '../../src/core/lifecycle/kpiEvaluation';
import { createRun, finishRunWithPredictions, getVersion, modelVersionOf, updateRun } from '../../src/store';
import { probeBackends, startBackend } from '../tfBackend';
import type { BackendChoice } from '../../src/core/ml/backendChoice';
import { workerDb } from '../workerDb';
import { tableOf } from './tables';
import { treeHelpers } from './treeHelpers';

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
      ...(args.job.recipeFit ? { recipeFit: args.job.recipeFit } : {}),
    });
    emit('run', { runId: run.id, startedAt: run.createdAt });
    let choice: BackendChoice | undefined;
    // tf.memory() is read only after a backend started: reading it first would start the default one.
    let tensorsBefore = 0;
    const helpers = treeHelpers();
    const ensureBackend = async (shape?: { rows: number; cols: number; nClasses: number }) => {
      if (choice) return choice;
      const probe = shape
        ? {
            spec: args.job.model,
            ...shape,
            treeHelpers: helpers?.available ?? 0,
            ...(helpers?.unavailable ? { treeHelpersUnavailable: helpers.unavailable } : {}),
          }
        : undefined;
      choice = await startBackend(args.backend, probe);
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
          ...(helpers ? { treeHelpers: helpers } : {}),
        },
        checked,
      );
      const chosen = await ensureBackend();
      // Boosted trees timed their helpers mid-fit and kept or stopped them: say which, with the times.
      const treeNote = outcome.fitInfo.treeWorkersNote;
      const backend = treeNote ? { ...chosen, reason: `${chosen.reason} Then ${treeNote}.` } : chosen;
      const keep = args.keepModel ?? 'save';
      const stage = { index: 0, count: 1, label: 'model' };
      if (keep !== 'none') emit('phase', { phase: 'saving', stage });
      const serialized = keep === 'none' ? undefined : await serializeModel(outcome.model);
      // The run's result, copied from the outcome once: the run, the model and the summary keep it.
      const result = runResultOf({ outcome, backend, durationMs: performance.now() - started });
      const kpiResults = evaluateKpis(args.kpis, outcome.metrics);
      // A cancel that arrives while saving still wins: nothing half-done is registered.
      signal.throwIfAborted();
      const endedAt = Date.now();
      const epochsRun = outcome.fitInfo.epochsRun;
      // The run's end, its held-out predictions and its model version: one transaction.
      const { model: saved } = await finishRunWithPredictions(
        db,
        run.id,
        { status: 'done', endedAt, ...result, epochsRun },
        // A search trial whose model is dropped keeps no predictions either (rungs would pile up).
        keep === 'none' ? undefined : outcome.heldOut,
        keep === 'save' && serialized
          ? modelVersionOf({
              projectId: args.projectId,
              name: args.modelName,
              datasetVersion: version,
              ...(args.recipeVersionId ? { recipeVersionId: args.recipeVersionId } : {}),
              job: args.job,
              runId: run.id,
              result,
              kpiResults,
              classes: outcome.classes,
              fittedRecipe: outcome.fittedRecipe,
              model: serialized,
              ...(outcome.reference ? { reference: outcome.reference } : {}),
            })
          : undefined,
      );
      const summary: TrainSummary = {
        runId: run.id,
        ...(saved ? { modelVersionId: saved.id, version: saved.version } : {}),
        startedAt: run.createdAt,
        endedAt,
        ...result,
        epochsRun,
        kpiResults,
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
