// What the page's state classes need from the browser, given to them rather than reached for:
// the database, the workers and localStorage. The page builds one set (browserServices); the
// Node tests build theirs from fake-indexeddb, fake workers and a Map.
import type { DataEvents, DataRequests } from '../protocol/data';
import type { EvaluateEvents, EvaluateRequests } from '../protocol/evaluate';
import type { ExportEvents, ExportRequests } from '../protocol/export';
import type { ScoreEvents, ScoreRequests } from '../protocol/score';
import type { MonitorRequests } from '../protocol/monitor';
import type { ShareEvents, ShareRequests } from '../protocol/share';
import type { TrainEvents, TrainRequests } from '../protocol/train';
import type { WorkbenchDb } from '../store';
import { pageDb } from './db';
import type { WorkerClient } from './workerClient';
import { WorkerPool } from './workerPool';
import {
  createDataWorker,
  createProfiler,
  createEvaluateWorker,
  createExportWorker,
  createScoreWorker,
  createShareWorker,
  createTrainWorker,
  savedTrainPoolSize,
} from './workers';

export type DataClient = WorkerClient<DataRequests, DataEvents>;
export type ScoreClient = WorkerClient<ScoreRequests & MonitorRequests, ScoreEvents>;
export type EvaluateClient = WorkerClient<EvaluateRequests, EvaluateEvents>;
export type ShareClient = WorkerClient<ShareRequests, ShareEvents>;
export type ExportClient = WorkerClient<ExportRequests, ExportEvents>;
export type TrainPool = WorkerPool<TrainRequests, TrainEvents>;
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface PageServices {
  /** The page's one connection to the workbench database. */
  db(): Promise<WorkbenchDb>;
  /**
   * The page's one data worker, shared by Data, Explore and Prepare of whichever project is open:
   * it holds the table it last read, so profiling, charts and a step on one version read it once.
   */
  dataWorker(): DataClient;
  /** A data worker of its own (the recipe preview: a refit must not queue behind an ingest). */
  createDataWorker(): DataClient;
  /** A profile worker for the next ingest (see createProfiler in workers.ts). */
  createProfiler(onFailure: () => void): MessagePort;
  /** The page's one pool of train workers. */
  trainPool(): TrainPool;
  createScoreWorker(): ScoreClient;
  /** An evaluation worker (Evaluate's views and explanations) for the open project. */
  createEvaluateWorker(): EvaluateClient;
  /** A share worker (project archives, storage use); Share & storage makes one when first used. */
  createShareWorker(): ShareClient;
  /** An export worker (model files and ONNX); Deploy makes one when a model is first exported. */
  createExportWorker(): ExportClient;
  storage: KeyValueStorage;
  /** Reads a shipped sample file. */
  fetchSample(name: string): Promise<Response>;
}

/** The page's services: real workers, IndexedDB, localStorage. Workers start on first use. */
export function browserServices(): PageServices {
  let data: DataClient | undefined;
  let pool: TrainPool | undefined;
  return {
    db: pageDb,
    dataWorker: () => (data ??= createDataWorker()),
    createDataWorker,
    createProfiler,
    trainPool: () => (pool ??= new WorkerPool(createTrainWorker, savedTrainPoolSize(localStorage))),
    createScoreWorker,
    createEvaluateWorker,
    createShareWorker,
    createExportWorker,
    storage: localStorage,
    fetchSample: (name) => fetch(`${import.meta.env.BASE_URL}samples/${name}.csv`),
  };
}
