import type { TrainArgs, TrainEvents, TrainSummary } from '../protocol/train';
import type { EpochEvent } from '../core/ml/models/types';
import type { TrainStage } from '../core/pipeline/types';
import { isBackendPreference, type BackendPreference } from '../core/ml/backendChoice';
import {
  deleteModelVersion,
  listModelVersions,
  setProductionModel,
  updateRun,
  type ModelVersionSummary,
  type WorkbenchDb,
} from '../store';
import { queryParam } from './location';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import type { KeyValueStorage } from './services';
import { isAbortError } from './workerClient';
import { KilledOnCancelError, WorkerCrashError } from './workerPool';

const BACKEND_KEY = 'workbench.backend';

export type TrainStatus = 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';

/** An epoch as the page keeps it: with the stage (fold) it belongs to. */
export type StagedEpoch = EpochEvent & { stage: TrainStage };

/** The backend from `?backend=` (tests, sharing a setup), else the saved setting, else auto. */
function initialBackend(storage: KeyValueStorage): BackendPreference {
  const fromUrl = queryParam('backend');
  if (isBackendPreference(fromUrl)) return fromUrl;
  const saved = storage.getItem(BACKEND_KEY);
  return isBackendPreference(saved) ? saved : 'auto';
}

/** Share of a (possibly cross-validated) training done after `e`: folds count as equal parts. */
export function stagedProgress(e: StagedEpoch | undefined): number | null {
  if (!e) return null;
  return (e.stage.index + e.epoch / e.epochs) / e.stage.count;
}

/** How often live curves are redrawn: every epoch event would keep the page busy redrawing. */
const REDRAW_MS = 250;

/**
 * Collects items and hands them over in batches at most every REDRAW_MS (and once more at the
 * end via `flush`), so a fast training does not re-render the page for every epoch.
 */
export function batcher<T>(deliver: (items: T[]) => void): { push(item: T): void; flush(): void } {
  const items: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (items.length) deliver(items.splice(0));
  };
  return {
    push(item) {
      items.push(item);
      timer ??= setTimeout(flush, REDRAW_MS);
    },
    flush,
  };
}

/**
 * A run whose worker died (or was stopped because it did not answer a cancel) cannot close its
 * own record: the page marks it failed with the reason, or cancelled, so no run is left
 * 'running' forever. A run that already ended keeps its status.
 */
export async function closeOrphanedRun(db: WorkbenchDb, runId: string | null, err: unknown): Promise<void> {
  if (!runId) return;
  const crashed = err instanceof WorkerCrashError || (err instanceof Error && err.name === 'RangeError');
  if (!crashed && !(err instanceof KilledOnCancelError)) return;
  const change = crashed
    ? { status: 'failed' as const, error: (err as Error).message }
    : { status: 'cancelled' as const };
  await updateRun(db, runId, { ...change, endedAt: Date.now() }).catch(
    () => undefined, // it ended meanwhile (or was deleted): nothing to repair
  );
}

/**
 * A single training in a pool worker, with its live state (backend, curve, progress, ETA) and the
 * model registry of the open project.
 */
export class TrainingState {
  backendPreference = $state<BackendPreference>('auto');
  status = $state<TrainStatus>('idle');
  phase = $state('');
  stage = $state.raw<TrainStage | null>(null);
  backend = $state.raw<{ name: string; reason: string } | null>(null);
  /** Epochs of the fit running now (a cross-validation restarts the curve for each fold). */
  epochs = $state.raw<StagedEpoch[]>([]);
  /** What one step of the curve is: boosted trees add trees, the other families run epochs. */
  curveUnit = $state<'epoch' | 'iteration'>('epoch');
  startedAt = $state(0);
  result = $state.raw<TrainSummary | null>(null);
  error = $state.raw<ShownError | null>(null);
  models = $state.raw<ModelVersionSummary[]>([]);
  /** Counts trainings that ended: the experiments list reloads its runs when it changes. */
  runsChanged = $state(0);
  /** Set while a re-run trains, to show which run it repeats. */
  rerunOf = $state<string | null>(null);

  #last = $state.raw<StagedEpoch | undefined>(undefined);

  progress = $derived(stagedProgress(this.#last));

  /** Seconds left, from the time per unit of progress so far. */
  eta = $derived.by(() => {
    const p = this.progress;
    if (!p || this.status !== 'running') return null;
    const elapsed = (performance.now() - this.startedAt) / 1000;
    return Math.max(0, (elapsed / p) * (1 - p));
  });

  #abort: AbortController | undefined;
  #epochs: ReturnType<typeof batcher<StagedEpoch>> | undefined;

  constructor(private readonly open: OpenProject) {
    this.backendPreference = initialBackend(open.services.storage);
  }

  setBackendPreference(value: BackendPreference): void {
    this.backendPreference = value;
    this.open.services.storage.setItem(BACKEND_KEY, value);
  }

  async refreshModels(): Promise<void> {
    this.models = await listModelVersions(await this.open.services.db(), this.open.id);
  }

  /**
   * Trains `args` for this project on the chosen backend (or `args.backend`: a re-run keeps its
   * run's backend). The Train form's job is assembled by OpenProject.train; re-runs come here too.
   */
  async train(
    args: Omit<TrainArgs, 'backend' | 'projectId'> & { backend?: BackendPreference },
  ): Promise<void> {
    if (this.status === 'running') return;
    const abort = (this.#abort = new AbortController());
    this.status = 'running';
    this.phase = 'waiting for a free worker';
    this.stage = null;
    this.backend = null;
    this.epochs = [];
    this.curveUnit = args.job.model.family === 'gbdt' ? 'iteration' : 'epoch';
    this.#last = undefined;
    this.result = null;
    this.error = null;
    this.rerunOf = args.rerunOf ?? null;
    this.startedAt = performance.now();
    let runId: string | null = null;
    const epochs = (this.#epochs = batcher<StagedEpoch>((items) => {
      // A new stage (fold) starts a new curve.
      const stage = items.at(-1)!.stage.index;
      const kept = [...this.epochs, ...items].filter((e) => e.stage.index === stage);
      this.epochs = kept;
      this.#last = kept.at(-1);
    }));
    try {
      this.result = await this.open.services.trainPool().run((client) => {
        this.phase = 'starting';
        return client.send(
          'train',
          { ...args, projectId: this.open.id, backend: args.backend ?? this.backendPreference },
          { signal: abort.signal, onEvent: (name, data) => (runId = this.#onEvent(name, data) ?? runId) },
        );
      }, abort.signal);
      this.status = 'finished';
      await this.refreshModels();
    } catch (err) {
      if (isAbortError(err)) this.status = 'cancelled';
      else {
        this.status = 'failed';
        this.error = toShownError(err);
      }
      await closeOrphanedRun(await this.open.services.db(), runId, err);
    } finally {
      epochs.flush();
      this.#epochs = undefined;
      this.phase = '';
      this.runsChanged++;
    }
  }

  /** Applies a worker event; returns the run id when the event announces it. */
  #onEvent<K extends keyof TrainEvents>(name: K, data: TrainEvents[K]): string | undefined {
    if (name === 'backend') {
      const b = data as TrainEvents['backend'];
      this.backend = { name: b.name, reason: b.reason };
    } else if (name === 'phase') {
      const p = data as TrainEvents['phase'];
      this.phase = p.stage.count > 1 ? `${p.phase} (${p.stage.label})` : p.phase;
      this.stage = p.stage;
    } else if (name === 'epoch') {
      this.#epochs?.push(data as TrainEvents['epoch']);
    } else if (name === 'run') {
      return (data as TrainEvents['run']).runId;
    }
    return undefined;
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async promote(modelId: string): Promise<void> {
    await setProductionModel(await this.open.services.db(), this.open.id, modelId);
    await this.refreshModels();
  }

  async remove(modelId: string): Promise<void> {
    await deleteModelVersion(await this.open.services.db(), modelId);
    await this.refreshModels();
  }
}
