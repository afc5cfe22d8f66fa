// What the OpenProject tests give the page's state classes instead of the browser's: the real
// data and train handlers running in-process behind fake Workers (the pattern of the worker pool
// tests), fake-indexeddb, and a Map for localStorage.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve, type EventMap, type Handlers, type RequestMap } from '../../../src/protocol/rpc';
import type { DataEvents, DataRequests } from '../../../src/protocol/data';
import type { TrainEvents, TrainRequests } from '../../../src/protocol/train';
import type { EvaluateEvents, EvaluateRequests } from '../../../src/protocol/evaluate';
import type { ExportEvents, ExportRequests } from '../../../src/protocol/export';
import { openDb } from '../../../src/store';
import type { PageServices } from '../../../src/state/services';
import { WorkerClient } from '../../../src/state/workerClient';
import { WorkerPool } from '../../../src/state/workerPool';
import { ingestHandlers } from '../../../workers/data/ingest';
import { exploreHandlers } from '../../../workers/data/explore';
import { framingHandlers } from '../../../workers/data/framing';
import { prepHandlers } from '../../../workers/data/prep';
import { recipeHandlers } from '../../../workers/data/recipe';
import { profilerHandlers } from '../../../workers/data/profiler';
import { trainHandlers } from '../../../workers/train/train';
import { checkHandlers } from '../../../workers/train/check';
import { viewHandlers } from '../../../workers/evaluate/views';
import { explainHandlers } from '../../../workers/evaluate/explain';
import { exportHandlers } from '../../../workers/export/exportHandlers';

/**
 * A stand-in for a Worker: messages go to `handlers` served in this thread (on a later task, as
 * across a real worker boundary) and their answers and events come back the same way.
 */
export class InProcessWorker extends EventTarget {
  terminated = false;
  readonly #scope = new EventTarget();

  constructor(handlers: object) {
    super();
    serve(
      {
        postMessage: (data: unknown) =>
          setTimeout(() => !this.terminated && this.dispatchEvent(new MessageEvent('message', { data }))),
        addEventListener: (type, listener) => this.#scope.addEventListener(type, listener as EventListener),
      },
      handlers as Handlers<RequestMap<object>, EventMap>,
    );
  }

  postMessage(data: unknown): void {
    setTimeout(() => !this.terminated && this.#scope.dispatchEvent(new MessageEvent('message', { data })));
  }

  terminate(): void {
    this.terminated = true;
  }
}

const dataHandlers = {
  ...ingestHandlers,
  ...exploreHandlers,
  ...framingHandlers,
  ...recipeHandlers,
  ...prepHandlers,
  ...profilerHandlers,
};

export interface TestServices extends PageServices {
  /** Data workers made so far (the shared one first), and train workers. */
  made: { data: InProcessWorker[]; train: InProcessWorker[]; score: number };
  storage: Map<string, string> & Pick<Storage, 'getItem' | 'setItem'>;
}

function mapStorage(): TestServices['storage'] {
  const map = new Map<string, string>() as TestServices['storage'];
  map.getItem = (key) => map.get(key) ?? null;
  map.setItem = (key, value) => void map.set(key, value);
  return map;
}

export function testServices(): TestServices {
  const made: TestServices['made'] = { data: [], train: [], score: 0 };
  const dataClient = () => {
    const worker = new InProcessWorker(dataHandlers);
    made.data.push(worker);
    return new WorkerClient<DataRequests, DataEvents>(worker as unknown as Worker, 'data');
  };
  let shared: WorkerClient<DataRequests, DataEvents> | undefined;
  let pool: WorkerPool<TrainRequests, TrainEvents> | undefined;
  return {
    made,
    db: () => openDb(),
    dataWorker: () => (shared ??= dataClient()),
    createDataWorker: dataClient,
    createProfiler: () => {
      throw new Error('No profile worker in these tests: files are small.');
    },
    trainPool: () =>
      (pool ??= new WorkerPool(() => {
        const worker = new InProcessWorker({ ...trainHandlers, ...checkHandlers });
        made.train.push(worker);
        return new WorkerClient<TrainRequests, TrainEvents>(worker as unknown as Worker, 'training');
      }, 1)),
    createShareWorker: () => {
      throw new Error('Sharing is not part of these tests.');
    },
    createScoreWorker: () => {
      made.score++;
      throw new Error('Scoring is not part of these tests.');
    },
    createExportWorker: () =>
      new WorkerClient<ExportRequests, ExportEvents>(
        new InProcessWorker(exportHandlers) as unknown as Worker,
        'export',
      ),
    createEvaluateWorker: () =>
      new WorkerClient<EvaluateRequests, EvaluateEvents>(
        new InProcessWorker({ ...viewHandlers, ...explainHandlers }) as unknown as Worker,
        'evaluation',
      ),
    storage: mapStorage(),
    fetchSample: async (name) =>
      // The tests run from the repository root (this module's URL is a served one here).
      new Response(readFileSync(resolve('public/samples', `${name}.csv`))),
  };
}
