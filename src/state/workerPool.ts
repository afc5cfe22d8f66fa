// A pool of workers of one kind: jobs queue, each runs on a free worker, and a worker that dies
// (its 'error' event, or an out-of-memory RangeError) is terminated and replaced, failing only
// the job it was running. Used for training: about one train worker per spare core.
import { WorkerError, type EventMap, type RequestMap } from '../protocol/rpc';
import { isAbortError, type WorkerClient } from './workerClient';

/** Most train workers a pool may have: tfjs and a table copy per worker cost memory. */
export const MAX_POOL_SIZE = 4;

/** One worker per spare core (hardwareConcurrency − 1), at least 1, at most MAX_POOL_SIZE. */
export function defaultPoolSize(cores: number | undefined): number {
  return clampPoolSize((cores ?? 2) - 1);
}

export function clampPoolSize(n: number): number {
  return Math.min(MAX_POOL_SIZE, Math.max(1, Math.round(Number.isFinite(n) ? n : 1)));
}

/** The error a job gets when its worker died under it. */
export class WorkerCrashError extends Error {
  constructor(reason: string) {
    super(
      `${reason.replace(/\.?\s*(Reload the page to restart it\.?)?$/, '')}. A new worker took its place.`,
    );
    this.name = 'WorkerCrashError';
  }
}

/**
 * True when `err` means the worker itself is gone or unusable, rather than the job failing: the
 * client's crash error (anything that is neither a worker-side error nor a cancel), and a
 * worker-side RangeError (an allocation failed: its heap is not to be trusted any more).
 */
export function isWorkerDeath(err: unknown): boolean {
  if (isAbortError(err)) return false;
  if (err instanceof WorkerError) return err.name === 'RangeError';
  return true;
}

/** Milliseconds a worker has to answer a cancel before it is terminated and replaced. */
export const CANCEL_GRACE_MS = 3000;

/**
 * The rejection of a job whose worker did not answer its cancel in time and was terminated: a
 * cancel (name 'AbortError'), but the worker could not close its run record itself.
 */
export class KilledOnCancelError extends Error {
  constructor() {
    super('The training did not stop when asked, so its worker was stopped and replaced.');
    this.name = 'AbortError';
  }
}

interface Queued<R extends RequestMap<R>, E extends EventMap> {
  job: (client: WorkerClient<R, E>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  signal?: AbortSignal | undefined;
}

export class WorkerPool<R extends RequestMap<R>, E extends EventMap> {
  #create: () => WorkerClient<R, E>;
  #size: number;
  #idle: WorkerClient<R, E>[] = [];
  #busy = new Set<WorkerClient<R, E>>();
  #queue: Queued<R, E>[] = [];
  #killed = new Set<WorkerClient<R, E>>();
  #replaced = 0;

  constructor(create: () => WorkerClient<R, E>, size: number) {
    this.#create = create;
    this.#size = clampPoolSize(size);
  }

  get size(): number {
    return this.#size;
  }

  /** Jobs running now. */
  get running(): number {
    return this.#busy.size;
  }

  /** Jobs waiting for a free worker. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Workers replaced after dying, since the pool was made. */
  get replaced(): number {
    return this.#replaced;
  }

  /** Changes the number of workers; running jobs finish on the workers they have. */
  resize(size: number): void {
    this.#size = clampPoolSize(size);
    while (this.#idle.length && this.#idle.length + this.#busy.size > this.#size)
      this.#idle.pop()!.terminate();
    this.#dispatch();
  }

  /**
   * Runs `job` on a free worker (queued until one is free). A job whose worker dies rejects with
   * a WorkerCrashError (or the worker's RangeError); the worker is replaced for the next job.
   * When `signal` (the job's own cancel signal) aborts and the worker has not answered within
   * CANCEL_GRACE_MS (a long synchronous stretch, a hung backend), the worker is terminated and
   * replaced and the job rejects with a KilledOnCancelError: Cancel always takes effect.
   */
  run<T>(job: (client: WorkerClient<R, E>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ job, resolve: resolve as (v: unknown) => void, reject, signal });
      this.#dispatch();
    });
  }

  /** Stops every worker; queued jobs are rejected as cancelled. */
  terminateAll(): void {
    for (const q of this.#queue.splice(0)) q.reject(new DOMException('Cancelled', 'AbortError'));
    for (const w of [...this.#idle, ...this.#busy]) w.terminate();
    this.#idle = [];
    this.#busy.clear();
  }

  #dispatch(): void {
    while (this.#queue.length && (this.#idle.length || this.#idle.length + this.#busy.size < this.#size)) {
      const next = this.#queue.shift()!;
      const client = this.#idle.pop() ?? this.#create();
      this.#busy.add(client);
      let settled = false;
      const watchdog = () =>
        setTimeout(() => {
          if (settled || !this.#busy.has(client)) return;
          this.#killed.add(client);
          client.terminate(); // rejects the job's pending request
        }, CANCEL_GRACE_MS);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => (timer = watchdog());
      next.signal?.addEventListener('abort', onAbort, { once: true });
      void next.job(client).then(
        (value) => {
          settled = true;
          clearTimeout(timer);
          next.signal?.removeEventListener('abort', onAbort);
          this.#release(client, false);
          next.resolve(value);
        },
        (err: unknown) => {
          settled = true;
          clearTimeout(timer);
          next.signal?.removeEventListener('abort', onAbort);
          const killed = this.#killed.delete(client);
          const dead = killed || isWorkerDeath(err);
          this.#release(client, dead);
          if (killed) next.reject(new KilledOnCancelError());
          else
            next.reject(
              dead && !(err instanceof WorkerError) ? new WorkerCrashError(errorMessage(err)) : err,
            );
        },
      );
    }
  }

  #release(client: WorkerClient<R, E>, dead: boolean): void {
    if (!this.#busy.delete(client)) return; // terminated by terminateAll meanwhile
    if (dead) {
      client.terminate(); // a second terminate is harmless
      this.#replaced++;
    } else if (this.#idle.length + this.#busy.size < this.#size) {
      this.#idle.push(client);
    } else {
      client.terminate();
    }
    this.#dispatch();
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
