import type { EventMap, FromWorker, RequestMap, ToWorker } from '../protocol/rpc';
import { WorkerError } from '../protocol/rpc';

export interface SendOptions<E extends EventMap> {
  /** Called for every event the worker pushes while this request runs. */
  onEvent?: <K extends keyof E & string>(name: K, data: E[K]) => void;
  /** Aborting sends a cancel to the worker; the promise then rejects with an AbortError. */
  signal?: AbortSignal;
  transfer?: Transferable[];
}

interface Pending<E extends EventMap> {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  onEvent?: SendOptions<E>['onEvent'];
}

/**
 * The page side of one worker: typed `send`, events routed to the request that caused them,
 * cancellation, and a crash turning every pending request into a clear error.
 */
export class WorkerClient<R extends RequestMap<R>, E extends EventMap> {
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending<E>>();

  constructor(worker: Worker, label: string) {
    this.#worker = worker;
    worker.addEventListener('message', (ev: MessageEvent<FromWorker<E>>) => this.#receive(ev.data));
    worker.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      this.#failAll(
        new Error(
          `The ${label} worker stopped: ${ev.message || 'unknown error'}. Reload the page to restart it.`,
        ),
      );
    });
  }

  send<K extends keyof R & string>(
    name: K,
    args: R[K]['args'],
    options: SendOptions<E> = {},
  ): Promise<R[K]['result']> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new DOMException('Cancelled', 'AbortError'));
        return;
      }
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent: options.onEvent });
      options.signal?.addEventListener('abort', () => this.#post({ type: 'cancel', id }), { once: true });
      this.#post({ type: 'request', id, name, args } as ToWorker<R>, options.transfer);
    });
  }

  terminate(): void {
    this.#worker.terminate();
    this.#failAll(new DOMException('Cancelled', 'AbortError'));
  }

  #post(msg: ToWorker<R>, transfer: Transferable[] = []): void {
    this.#worker.postMessage(msg, transfer);
  }

  #receive(msg: FromWorker<E>): void {
    const pending = this.#pending.get(msg.id);
    if (!pending) return; // a request that was already settled: stale, drop it
    if (msg.type === 'event') {
      pending.onEvent?.(msg.name, msg.data);
      return;
    }
    this.#pending.delete(msg.id);
    if (msg.type === 'result') pending.resolve(msg.result);
    else pending.reject(new WorkerError(msg.error));
  }

  #failAll(err: unknown): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}

/** True for the rejection a cancelled request produces. */
export function isAbortError(err: unknown): boolean {
  return (
    !!err && typeof err === 'object' && 'name' in err && (err as { name: unknown }).name === 'AbortError'
  );
}
