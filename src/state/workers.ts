// The only place Workers are created. Vite bundles each worker from its URL; the `name` shows in
// the browser's task manager and devtools.
import type { DataEvents, DataRequests } from '../protocol/data';
import type { ScoreEvents, ScoreRequests } from '../protocol/score';
import type { TrainEvents, TrainRequests } from '../protocol/train';
import { WorkerClient } from './workerClient';

export function createDataWorker(): WorkerClient<DataRequests, DataEvents> {
  const worker = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), {
    type: 'module',
    name: 'data',
  });
  return new WorkerClient(worker, 'data');
}

export function createTrainWorker(): WorkerClient<TrainRequests, TrainEvents> {
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  return new WorkerClient(worker, 'training');
}

export function createScoreWorker(): WorkerClient<ScoreRequests, ScoreEvents> {
  const worker = new Worker(new URL('../../workers/score.worker.ts', import.meta.url), {
    type: 'module',
    name: 'score',
  });
  return new WorkerClient(worker, 'scoring');
}
