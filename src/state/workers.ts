// The only place Workers are created. Vite bundles each worker from its URL; the `name` shows in
// the browser's task manager and devtools.
import type { DataEvents, DataRequests } from '../protocol/data';
import type { EvaluateEvents, EvaluateRequests } from '../protocol/evaluate';
import type { ExportEvents, ExportRequests } from '../protocol/export';
import type { ScoreEvents, ScoreRequests } from '../protocol/score';
import type { MonitorRequests } from '../protocol/monitor';
import type { ShareEvents, ShareRequests } from '../protocol/share';
import type { TrainEvents, TrainRequests } from '../protocol/train';
import { WorkerClient } from './workerClient';
import { clampPoolSize, defaultPoolSize, type WorkerPool } from './workerPool';
import { queryParam } from './location';

export function createDataWorker(): WorkerClient<DataRequests, DataEvents> {
  const worker = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), {
    type: 'module',
    name: 'data',
  });
  return new WorkerClient(worker, 'data');
}

/**
 * A profile worker for one table: it profiles the table the data worker parses next, on another
 * core while the data worker hashes and stores it, and then closes itself. Returns the port the
 * data worker talks to it through (hand it over with `useProfiler`); `onFailure` runs if the
 * worker fails (the data worker should then stop waiting for it).
 */
export function createProfiler(onFailure: () => void): MessagePort {
  const worker = new Worker(new URL('../../workers/profile.worker.ts', import.meta.url), {
    type: 'module',
    name: 'profile',
  });
  const channel = new MessageChannel();
  worker.postMessage({ port: channel.port1 }, [channel.port1]);
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    onFailure();
  });
  return channel.port2;
}

export function createTrainWorker(): WorkerClient<TrainRequests, TrainEvents> {
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  return new WorkerClient(worker, 'training');
}

export function createScoreWorker(): WorkerClient<ScoreRequests & MonitorRequests, ScoreEvents> {
  const worker = new Worker(new URL('../../workers/score.worker.ts', import.meta.url), {
    type: 'module',
    name: 'score',
  });
  return new WorkerClient(worker, 'scoring');
}

export function createEvaluateWorker(): WorkerClient<EvaluateRequests, EvaluateEvents> {
  const worker = new Worker(new URL('../../workers/evaluate.worker.ts', import.meta.url), {
    type: 'module',
    name: 'evaluate',
  });
  return new WorkerClient(worker, 'evaluation');
}

/** A share worker: project archives written and read off the page's thread. */
export function createShareWorker(): WorkerClient<ShareRequests, ShareEvents> {
  const worker = new Worker(new URL('../../workers/share.worker.ts', import.meta.url), {
    type: 'module',
    name: 'share',
  });
  return new WorkerClient(worker, 'share');
}

/** An export worker: model files and ONNX written off the page's thread. */
export function createExportWorker(): WorkerClient<ExportRequests, ExportEvents> {
  const worker = new Worker(new URL('../../workers/export.worker.ts', import.meta.url), {
    type: 'module',
    name: 'export',
  });
  return new WorkerClient(worker, 'export');
}

const POOL_KEY = 'workbench.trainWorkers';

/** Train workers to run side by side: `?workers=` (tests), else the saved setting, else one per spare core. */
export function savedTrainPoolSize(storage: Pick<Storage, 'getItem'>): number {
  const wanted = Number(queryParam('workers') ?? storage.getItem(POOL_KEY) ?? NaN);
  const cores = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  return Number.isFinite(wanted) ? clampPoolSize(wanted) : defaultPoolSize(cores);
}

/** Saves the number of train workers and resizes `pool` (running trainings keep their worker). */
export function setTrainPoolSize(
  pool: WorkerPool<TrainRequests, TrainEvents>,
  storage: Pick<Storage, 'setItem'>,
  size: number,
): number {
  const n = clampPoolSize(size);
  storage.setItem(POOL_KEY, String(n));
  pool.resize(n);
  return n;
}
