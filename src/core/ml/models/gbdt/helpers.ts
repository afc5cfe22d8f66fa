/**
 * The helper side of boosted trees on several workers: how many workers a fit uses and why, the
 * channel to one helper as the coordinator sees it, and what a helper worker runs. The
 * coordinator's tree growing is in parallel.ts; the shared memory and the work on each block of rows in
 * rows.ts.
 */
import type { RowFitInit } from './rows';
import { serveBlocks } from './rows';

/** What a helper receives, once: the shared memory of the fit and its worker number (1, 2, …). */
export interface HelperStart {
  fit: RowFitInit;
  worker: number;
}

/**
 * A channel to one helper worker. After the start message everything goes through shared memory;
 * the channel only reports a helper that could not start or died (`onFailure`).
 */
export interface HelperPort {
  post(start: HelperStart): void;
  onFailure: (message: string) => void;
  close(): void;
}

/** Helper workers the environment can start for one fit (the train worker provides them). */
export interface TreeHelpers {
  /** How many helpers this machine can spare beside the worker that trains. */
  available: number;
  /** Why none can be used here although the machine has cores to spare (no shared memory). */
  unavailable?: string;
  open(count: number): HelperPort[];
  /** The size from which to use them, in cells (default PARALLEL_MIN_CELLS; tests lower it). */
  minCells?: number;
  /** The node size below which the coordinator works alone (default LOCAL_CELLS; tests lower it). */
  localCells?: number;
  /** Time a few trees grown alone against shared and keep the faster way (default true). */
  trial?: boolean;
}

/** Below this many cells (rows × features) a tree is grown on one worker: waking helpers would cost more than they save. */
export const PARALLEL_MIN_CELLS = 1_000_000;
/** More workers than this: each more one adds a wake-up per split for an ever smaller share of rows. */
const MAX_WORKERS = 4;

/**
 * How many workers grow the trees of a `rows` × `cols` table when `available` helpers can be
 * started (`unavailable`: why none can, although there are cores), and why, in words for the run.
 * The trees are the same either way.
 */
export function treeWorkers(
  rows: number,
  cols: number,
  available: number,
  minCells = PARALLEL_MIN_CELLS,
  unavailable?: string,
): { workers: number; reason: string } {
  const size = `${rows.toLocaleString('en')} rows × ${cols} features`;
  if (rows * cols < minCells) {
    return { workers: 1, reason: `on one worker (${size} is too small for more to pay off)` };
  }
  if (unavailable) return { workers: 1, reason: `on one worker (${unavailable})` };
  if (available < 1) return { workers: 1, reason: 'on one worker (no other core to spare)' };
  const workers = Math.min(available + 1, MAX_WORKERS);
  return {
    workers,
    reason: `on ${workers} workers, each partitioning its share of the rows and building their histograms in shared memory (${size}; same trees as on one worker)`,
  };
}

/** A helper worker's whole life once started: takes blocks of every command until the fit ends. */
export function serveHelper(start: HelperStart): void {
  serveBlocks(start.fit, start.worker);
}
