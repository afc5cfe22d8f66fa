/**
 * The message shapes shared by every worker and its client (Actual Budget's handler map): a
 * worker declares one map of requests (args → result) and one map of pushed events; `send` and
 * `serve` derive their types from those maps, so a renamed request fails to compile on both sides.
 */

/** A worker's requests: name → { args, result }. Declared as an interface per worker. */
export type RequestMap<R> = { [K in keyof R]: { args: unknown; result: unknown } };
/** A worker's pushed events: name → payload. Events belong to the request that caused them. */
export type EventMap = object;

export type RequestMessage<R extends RequestMap<R>> = {
  [K in keyof R & string]: { type: 'request'; id: number; name: K; args: R[K]['args'] };
}[keyof R & string];

export interface CancelMessage {
  type: 'cancel';
  id: number;
}

/** Errors cross the worker boundary as plain data; `name` keeps 'AbortError' recognisable. */
export interface WireError {
  name: string;
  message: string;
  /** Extra fields a core error carries (line, column, code, problems…). */
  details?: Record<string, unknown>;
}

export type ResponseMessage =
  { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number; error: WireError };

export type EventMessage<E extends EventMap> = {
  [K in keyof E & string]: { type: 'event'; id: number; name: K; data: E[K] };
}[keyof E & string];

export type FromWorker<E extends EventMap> = ResponseMessage | EventMessage<E>;
export type ToWorker<R extends RequestMap<R>> = RequestMessage<R> | CancelMessage;

/** What a handler receives besides its arguments: the way to push events, and cancellation. */
export interface HandlerContext<E extends EventMap> {
  emit<K extends keyof E & string>(name: K, data: E[K]): void;
  signal: AbortSignal;
  /** Objects to transfer rather than copy with the result (large ArrayBuffers). */
  transfer(...objects: Transferable[]): void;
}

export type Handlers<R extends RequestMap<R>, E extends EventMap> = {
  [K in keyof R & string]: (args: R[K]['args'], ctx: HandlerContext<E>) => Promise<R[K]['result']>;
};

/** Turns any thrown value into a WireError, keeping the enumerable fields of core errors. */
export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err)) {
      if (k !== 'name' && k !== 'message' && k !== 'stack' && isCloneablePlain(v)) details[k] = v;
    }
    return {
      name: err.name,
      message: err.message,
      details: Object.keys(details).length ? details : undefined,
    };
  }
  if (err && typeof err === 'object' && 'message' in err) {
    return { name: 'Error', message: String((err as { message: unknown }).message) };
  }
  return { name: 'Error', message: String(err) };
}

function isCloneablePlain(v: unknown): boolean {
  if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) return true;
  try {
    JSON.stringify(v);
    return typeof v === 'object';
  } catch {
    return false;
  }
}

/** An error rebuilt on the client side from its wire form. */
export class WorkerError extends Error {
  readonly details: Record<string, unknown>;
  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name;
    this.details = wire.details ?? {};
  }
}

/** Minimal view of a worker scope, so `serve` can be tested without a real worker. */
export interface WorkerEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

/**
 * Runs inside a worker: dispatches requests to handlers, pushes their events, and aborts a
 * handler's signal when the client cancels its request.
 */
export function serve<R extends RequestMap<R>, E extends EventMap>(
  scope: WorkerEndpoint,
  handlers: Handlers<R, E>,
): void {
  const running = new Map<number, AbortController>();
  scope.addEventListener('message', (ev: MessageEvent) => {
    const msg = ev.data as ToWorker<R>;
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const { id, name, args } = msg;
    const controller = new AbortController();
    running.set(id, controller);
    const transfers: Transferable[] = [];
    const ctx: HandlerContext<E> = {
      emit: (event, data) => scope.postMessage({ type: 'event', id, name: event, data }),
      signal: controller.signal,
      transfer: (...objects) => transfers.push(...objects),
    };
    const handler = handlers[name];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`This worker has no request called "${name}".`);
        return handler(args as R[typeof name]['args'], ctx);
      })
      .then(
        (result) => scope.postMessage({ type: 'result', id, result }, transfers),
        (err: unknown) => scope.postMessage({ type: 'error', id, error: toWireError(err) }),
      )
      .finally(() => running.delete(id));
  });
}
