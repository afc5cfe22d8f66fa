import { describe, expect, it } from 'vitest';
import type { PlotlyLike } from '../../../src/ui/charts/plotly';
import { DrawCancelled, drawInSlices, SLICE_MS } from '../../../src/ui/charts/slicedDraw';

// drawInSlices against a stand-in that follows Plotly's protocol as plotly.js-dist 3 does it: a
// first draw purges the div (deleting `_promises`) and assigns a new array; the draw is a sequence
// of steps run by `syncOrAsync` (a step returning a promise continues the rest after it), with
// `previousPromises` checkpoints that await the queued promises and then empty the queue.

type Div = { _promises?: Promise<unknown>[] } & Record<string, unknown>;

function previousPromises(gd: Div): Promise<void> | undefined {
  if ((gd._promises || []).length) {
    return Promise.all(gd._promises!).then(() => {
      gd._promises = [];
    });
  }
  return undefined;
}

function syncOrAsync(steps: (() => unknown)[]): unknown {
  while (steps.length) {
    const ret = steps.shift()!();
    if (ret && typeof (ret as Promise<unknown>).then === 'function') {
      return (ret as Promise<unknown>).then(() => syncOrAsync(steps));
    }
  }
  return undefined;
}

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** A fake Plotly whose draw is `stages` stages of `ms` each, with a checkpoint after each. */
function fakePlotly(stages: number, ms: number, log: { stage: number; task: number }[], task: () => number) {
  const plotly: PlotlyLike = {
    react(el) {
      const gd = el as unknown as Div;
      delete gd._promises; // Plots.purge
      if (!Array.isArray(gd._promises)) gd._promises = [];
      const steps: (() => unknown)[] = [() => previousPromises(gd)];
      for (let s = 0; s < stages; s++) {
        steps.push(() => {
          busy(ms);
          log.push({ stage: s, task: task() });
        });
        // Plotly also forks the queue without awaiting it (its margin redraws): whatever a pause
        // does must not make such a fork reject unhandled.
        steps.push(() => void (gd._promises?.length ? Promise.all(gd._promises).then(() => {}) : undefined));
        steps.push(() => previousPromises(gd));
      }
      return Promise.resolve(syncOrAsync(steps));
    },
    purge() {},
    Plots: { resize() {} },
  };
  return plotly;
}

/** Counts tasks: a macrotask started by setTimeout(0) loops until stopped. */
function taskCounter() {
  let n = 0;
  let on = true;
  const tick = () => {
    n++;
    if (on) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  return { now: () => n, stop: () => (on = false) };
}

describe('a Plotly draw in slices', () => {
  it('yields to a new task at the checkpoints once a slice has run its budget', async () => {
    const el = {} as Div;
    const log: { stage: number; task: number }[] = [];
    const tasks = taskCounter();
    await drawInSlices(
      fakePlotly(6, SLICE_MS + 2, log, tasks.now),
      el as unknown as HTMLElement,
      [],
      {},
      {},
      () => false,
    );
    tasks.stop();
    expect(log.map((l) => l.stage)).toEqual([0, 1, 2, 3, 4, 5]);
    // Each stage overruns the budget, so each ran after a pause: in a task of its own.
    expect(new Set(log.map((l) => l.task)).size).toBe(6);
    // The div is left as Plotly expects it: its own prototype, a plain array with no pause in it.
    expect(Object.getPrototypeOf(el)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(el, '_promises')?.value).toEqual([]);
  });

  it('keeps short stages together in one slice', async () => {
    const el = {} as Div;
    const log: { stage: number; task: number }[] = [];
    const tasks = taskCounter();
    await drawInSlices(
      fakePlotly(6, 1, log, tasks.now),
      el as unknown as HTMLElement,
      [],
      {},
      {},
      () => false,
    );
    tasks.stop();
    expect(new Set(log.map((l) => l.task)).size).toBeLessThanOrEqual(2);
  });

  it('stops at the next slice when the chart goes away, and leaves nothing that rejects', async () => {
    const el = {} as Div;
    const log: { stage: number; task: number }[] = [];
    let closed = false;
    const draw = drawInSlices(
      // Closed while the second stage draws.
      fakePlotly(6, SLICE_MS + 2, log, () => {
        if (log.length === 1) closed = true;
        return 0;
      }),
      el as unknown as HTMLElement,
      [],
      {},
      {},
      () => closed,
    );
    await expect(draw).rejects.toBeInstanceOf(DrawCancelled);
    expect(log.map((l) => l.stage)).toEqual([0, 1]);
    expect(el._promises).toEqual([]);
  });
});
