// The page's worker pool with the real WorkerClient over fake workers: scheduling onto free
// workers, and a worker that dies failing only its own job and being replaced.
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../../../src/state/workerClient';
import {
  defaultPoolSize,
  KilledOnCancelError,
  WorkerCrashError,
  WorkerPool,
} from '../../../src/state/workerPool';

interface Requests {
  train: { args: { ms: number; outcome?: 'crash' | 'oom' | 'fail' | 'hang' }; result: string };
}

let live = 0;
let peak = 0;

/** A stand-in for a Worker: answers after `ms`, or dies, or fails like a worker-side error. */
class FakeWorker extends EventTarget {
  terminated = false;
  hung = false;
  postMessage(msg: { type: string; id: number; args?: Requests['train']['args'] }): void {
    if (msg.type === 'cancel') {
      if (this.hung) return; // busy in a long synchronous stretch: the cancel is never read
      setTimeout(
        () => this.#reply({ type: 'error', id: msg.id, error: { name: 'AbortError', message: 'Cancelled' } }),
        1,
      );
      return;
    }
    const { ms, outcome } = msg.args!;
    if (outcome === 'hang') {
      this.hung = true;
      return;
    }
    live++;
    peak = Math.max(peak, live);
    setTimeout(() => {
      live--;
      if (this.terminated) return;
      if (outcome === 'crash') {
        const ev = Object.assign(new Event('error', { cancelable: true }), {
          message: 'Uncaught out of memory',
        });
        this.dispatchEvent(ev);
      } else if (outcome === 'oom') {
        this.#reply({
          type: 'error',
          id: msg.id,
          error: { name: 'RangeError', message: 'Array buffer allocation failed' },
        });
      } else if (outcome === 'fail') {
        this.#reply({ type: 'error', id: msg.id, error: { name: 'Error', message: 'Bad settings' } });
      } else {
        this.#reply({ type: 'result', id: msg.id, result: `done in ${ms}` });
      }
    }, ms);
  }
  terminate(): void {
    this.terminated = true;
  }
  #reply(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

function pool(size: number) {
  const made: FakeWorker[] = [];
  const p = new WorkerPool<Requests, object>(() => {
    const w = new FakeWorker();
    made.push(w);
    return new WorkerClient<Requests, object>(w as unknown as Worker, 'training');
  }, size);
  return { p, made };
}

describe('worker pool', () => {
  it('sizes itself to the spare cores, between 1 and 4', () => {
    expect([1, 2, 3, 8, 64, undefined].map(defaultPoolSize)).toEqual([1, 1, 2, 4, 4, 1]);
  });

  it('runs jobs on free workers, never more at once than its size', async () => {
    live = peak = 0;
    const { p, made } = pool(2);
    const results = await Promise.all(
      [30, 10, 10, 10, 10].map((ms) => p.run((c) => c.send('train', { ms }))),
    );
    expect(results).toEqual(['done in 30', 'done in 10', 'done in 10', 'done in 10', 'done in 10']);
    expect(peak).toBe(2);
    expect(made).toHaveLength(2);
  });

  it('fails only the job whose worker died, replaces the worker, and keeps the others going', async () => {
    const { p, made } = pool(2);
    const jobs = [
      p.run((c) => c.send('train', { ms: 40 })),
      p.run((c) => c.send('train', { ms: 5, outcome: 'crash' })),
      p.run((c) => c.send('train', { ms: 5 })),
      p.run((c) => c.send('train', { ms: 5, outcome: 'oom' })),
      p.run((c) => c.send('train', { ms: 5, outcome: 'fail' })),
      p.run((c) => c.send('train', { ms: 5 })),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const crash = (settled[1] as PromiseRejectedResult).reason as Error;
    expect(crash).toBeInstanceOf(WorkerCrashError);
    expect(crash.message).toBe(
      'The training worker stopped: Uncaught out of memory. A new worker took its place.',
    );
    expect(((settled[3] as PromiseRejectedResult).reason as Error).name).toBe('RangeError');
    // The crashed and the out-of-memory workers were terminated and replaced; a failed job's was not.
    expect(p.replaced).toBe(2);
    expect(made.filter((w) => w.terminated)).toHaveLength(2);
    expect(made).toHaveLength(4);
  });

  it('gives a cancelled job’s worker back to the pool', async () => {
    const { p, made } = pool(1);
    const abort = new AbortController();
    const first = p.run((c) => c.send('train', { ms: 50 }, { signal: abort.signal }));
    const second = p.run((c) => c.send('train', { ms: 5 }));
    abort.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await expect(second).resolves.toBe('done in 5');
    expect(made).toHaveLength(1);
    expect(p.replaced).toBe(0);
  });
});

describe('cancel always takes effect', () => {
  it('stops and replaces a worker that does not answer its cancel', async () => {
    const { p, made } = pool(1);
    const abort = new AbortController();
    const hung = p.run(
      (c) => c.send('train', { ms: 0, outcome: 'hang' }, { signal: abort.signal }),
      abort.signal,
    );
    const next = p.run((c) => c.send('train', { ms: 5 }));
    const started = Date.now();
    abort.abort();
    const err = await hung.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KilledOnCancelError);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    await expect(next).resolves.toBe('done in 5');
    expect(made[0]!.terminated).toBe(true);
    expect(made).toHaveLength(2);
    expect(p.replaced).toBe(1);
  });
});
