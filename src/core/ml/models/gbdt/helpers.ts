/**
 * The helper side of boosted trees on several workers: how many workers a fit uses, the channel
 * to one helper as the coordinator sees it, and the message server a helper worker runs. The
 * coordinator's tree growing is in parallel.ts; what each worker holds and does is in shard.ts.
 */
import type { ShardReply, ShardRequest } from './shard';
import { expectsReply, FeatureShard } from './shard';

/** A channel to one helper worker. Replies arrive in the order of the requests that expect one. */
export interface HelperPort {
  post(request: ShardRequest, transfer?: ArrayBuffer[]): void;
  onReply: (reply: ShardReply) => void;
  onFailure: (message: string) => void;
  close(): void;
}

/** Helper workers the environment can start for one fit (the train worker provides them). */
export interface TreeHelpers {
  /** How many helpers this machine can spare beside the worker that trains. */
  available: number;
  open(count: number): HelperPort[];
  /** The size from which to use them, in cells (default PARALLEL_MIN_CELLS; tests lower it). */
  minCells?: number;
  /** The node size below which the coordinator works alone (default LOCAL_CELLS; tests lower it). */
  localCells?: number;
  /** Time a few trees grown alone against shared and keep the faster way (default true). */
  trial?: boolean;
}

/** Below this many cells (rows × features) a tree is grown on one worker: messages would cost more than they save. */
export const PARALLEL_MIN_CELLS = 1_000_000;
/**
 * Each helper holds a copy of every row's bins, scores and gradients (about 60 bytes a row with 25
 * features): above this many rows that copy risks the memory a single worker would have managed.
 */
export const PARALLEL_MAX_ROWS = 4_000_000;
/** More workers than this add messages faster than they remove work (each also partitions every row). */
const MAX_WORKERS = 4;

/**
 * How many workers grow the trees of a `rows` × `cols` table when `available` helpers can be
 * started, and why, in words for the run. The trees are the same either way.
 */
export function treeWorkers(
  rows: number,
  cols: number,
  available: number,
  minCells = PARALLEL_MIN_CELLS,
): { workers: number; reason: string } {
  const size = `${rows.toLocaleString('en')} rows × ${cols} features`;
  if (available < 1) return { workers: 1, reason: 'on one worker (no other core to spare)' };
  if (rows * cols < minCells || cols < 2) {
    return { workers: 1, reason: `on one worker (${size} is too small for more to pay off)` };
  }
  if (rows > PARALLEL_MAX_ROWS) {
    return {
      workers: 1,
      reason: `on one worker (${size}: each more worker would need its own copy of every row)`,
    };
  }
  const workers = Math.min(available + 1, MAX_WORKERS, cols);
  return {
    workers,
    reason: `on ${workers} workers, each building the histograms of its share of the feature columns (${size}; same trees as on one worker)`,
  };
}

/**
 * A helper as the coordinator sees it. Requests that need no answer wait in an outbox and travel
 * with the next one that does: each message wakes the helper's thread, which on a busy machine
 * costs more than the work of a small split.
 */
export class RemoteShard {
  private readonly waiting: { resolve: (r: ShardReply) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private outbox: ShardRequest[] = [];

  constructor(private readonly port: HelperPort) {
    port.onReply = (reply) => this.waiting.shift()?.resolve(reply);
    port.onFailure = (message) =>
      this.fail(new Error(`A helper worker of the boosted-tree fit failed: ${message}`));
  }

  /** Rejects what waits on this helper, and every later request, with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  send(request: ShardRequest, transfer?: ArrayBuffer[]): Promise<ShardReply> | null {
    if (this.failure) throw this.failure;
    if (!expectsReply(request) && !transfer) {
      this.outbox.push(request);
      return null;
    }
    if (this.outbox.length) {
      this.port.post({ kind: 'batch', requests: [...this.outbox, request] }, transfer);
      this.outbox = [];
    } else this.port.post(request, transfer);
    if (!expectsReply(request)) return null;
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Sends what waits in the outbox. */
  flush(): void {
    if (this.failure) throw this.failure;
    if (!this.outbox.length) return;
    this.port.post({ kind: 'batch', requests: this.outbox });
    this.outbox = [];
  }

  close(): void {
    this.port.close();
  }
}

/** Serves a helper worker's messages: the first creates its shard, the rest go to it. */
export function shardServer(): (request: ShardRequest) => ShardReply | undefined {
  let shard: FeatureShard | null = null;
  const serve = (request: ShardRequest): ShardReply | undefined => {
    if (request.kind === 'init') {
      shard = new FeatureShard(request.init);
      return undefined;
    }
    if (request.kind === 'batch') {
      let reply: ShardReply | undefined;
      for (const r of request.requests) reply = serve(r);
      return reply;
    }
    if (!shard) throw new Error('A tree helper got work before its data.');
    return shard.handle(request);
  };
  return serve;
}
