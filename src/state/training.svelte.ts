import type { TrainArgs, TrainEvents, TrainRequests, TrainSummary } from '../protocol/train';
import type { EpochEvent } from '../core/ml/models/types';
import { isBackendPreference, type BackendPreference } from '../core/ml/backendChoice';
import {
  deleteModelVersion,
  listModelVersions,
  setProductionModel,
  type ModelVersionSummary,
} from '../store';
import { pageDb } from './db';
import { queryParam } from './location';
import { toShownError, type ShownError } from './errors';
import { isAbortError, type WorkerClient } from './workerClient';
import { createTrainWorker } from './workers';

const BACKEND_KEY = 'workbench.backend';

export type TrainStatus = 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';

/** The backend from `?backend=` (tests, sharing a setup), else the saved setting, else auto. */
function initialBackend(): BackendPreference {
  const fromUrl = queryParam('backend');
  if (isBackendPreference(fromUrl)) return fromUrl;
  const saved = localStorage.getItem(BACKEND_KEY);
  return isBackendPreference(saved) ? saved : 'auto';
}

/**
 * Training in the train worker, with its live state (backend, curve, progress, ETA) and the
 * model registry of the open project.
 */
export class TrainingState {
  backendPreference = $state<BackendPreference>(initialBackend());
  status = $state<TrainStatus>('idle');
  phase = $state('');
  backend = $state.raw<{ name: string; reason: string } | null>(null);
  epochs = $state.raw<EpochEvent[]>([]);
  startedAt = $state(0);
  result = $state.raw<TrainSummary | null>(null);
  error = $state.raw<ShownError | null>(null);
  models = $state.raw<ModelVersionSummary[]>([]);

  progress = $derived.by(() => {
    const last = this.epochs.at(-1);
    return last ? last.epoch / last.epochs : null;
  });

  /** Seconds left, from the average epoch time so far. */
  eta = $derived.by(() => {
    const last = this.epochs.at(-1);
    if (!last || this.status !== 'running') return null;
    const perEpoch = (performance.now() - this.startedAt) / 1000 / last.epoch;
    return Math.max(0, (last.epochs - last.epoch) * perEpoch);
  });

  #client: WorkerClient<TrainRequests, TrainEvents> | undefined;
  #abort: AbortController | undefined;

  get #worker(): WorkerClient<TrainRequests, TrainEvents> {
    this.#client ??= createTrainWorker();
    return this.#client;
  }

  setBackendPreference(value: BackendPreference): void {
    this.backendPreference = value;
    localStorage.setItem(BACKEND_KEY, value);
  }

  async refreshModels(projectId: string | null): Promise<void> {
    this.models = projectId ? await listModelVersions(await pageDb(), projectId) : [];
  }

  async train(args: Omit<TrainArgs, 'backend'>): Promise<void> {
    if (this.status === 'running') return;
    const abort = (this.#abort = new AbortController());
    this.status = 'running';
    this.phase = 'starting';
    this.backend = null;
    this.epochs = [];
    this.result = null;
    this.error = null;
    this.startedAt = performance.now();
    try {
      this.result = await this.#worker.send(
        'train',
        { ...args, backend: this.backendPreference },
        {
          signal: abort.signal,
          onEvent: (name, data) => {
            if (name === 'backend') {
              const b = data as TrainEvents['backend'];
              this.backend = { name: b.name, reason: b.reason };
            } else if (name === 'phase') this.phase = (data as TrainEvents['phase']).phase;
            else if (name === 'epoch') this.epochs = [...this.epochs, data as EpochEvent];
          },
        },
      );
      this.status = 'finished';
      await this.refreshModels(args.projectId);
    } catch (err) {
      if (isAbortError(err)) this.status = 'cancelled';
      else {
        this.status = 'failed';
        this.error = toShownError(err);
      }
    } finally {
      this.phase = '';
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async promote(projectId: string, modelId: string): Promise<void> {
    await setProductionModel(await pageDb(), projectId, modelId);
    await this.refreshModels(projectId);
  }

  async remove(projectId: string, modelId: string): Promise<void> {
    await deleteModelVersion(await pageDb(), modelId);
    await this.refreshModels(projectId);
  }
}

export const training = new TrainingState();
