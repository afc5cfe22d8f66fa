/**
 * A Plotly draw cut into main-thread tasks of about SLICE_MS each, so that opening a chart never
 * blocks input for long (issue 15: no task over 50 ms; a first scatter plot was one ~60 ms task).
 *
 * Plotly has no option for this, but it already knows how to pause: between the stages of a draw
 * (framework, margins, axes, each axis's labels, data) it waits for the promises queued on the
 * graph div's `_promises` array (MathJax and images use it). While we draw, that array is a Proxy
 * that queues a promise resolved in the next task whenever the current slice has run past its
 * budget, so the draw goes on in a new task at Plotly's next checkpoint: `Plots.previousPromises`
 * reads `length`, then awaits them all. The checkpoints come after the framework, after the
 * margin pushers (legend, colour bar), after the layout styles and after the data: the axes and
 * the data are one slice.
 *
 * If a Plotly release stops reading `_promises`, nothing breaks: the draw is one task again (and
 * `npm run bench:ui` shows it). The Proxy is removed when the draw ends.
 */
import { yieldToEventLoop } from '../../core/ml/models/abort';
import type { PlotlyLike } from './plotly';

/** Main-thread work per task before the draw yields at Plotly's next checkpoint. */
export const SLICE_MS = 12;

/** Thrown into Plotly's chain when the chart was removed or redrawn mid-draw. */
export class DrawCancelled extends Error {
  constructor() {
    super('The chart was closed while it was drawing.');
    this.name = 'DrawCancelled';
  }
}

type Queue = Promise<unknown>[];
type GraphDiv = HTMLElement & { _promises?: Queue };

/**
 * `plotly.react(el, …)` in slices. Waits for a new task first (so the view that holds the chart
 * is its own task), and rejects with DrawCancelled at the next slice once `stopped()` is true.
 */
export async function drawInSlices(
  plotly: PlotlyLike,
  el: HTMLElement,
  data: unknown[],
  layout: Record<string, unknown>,
  config: Record<string, unknown>,
  stopped: () => boolean,
): Promise<void> {
  await yieldToEventLoop();
  if (stopped()) throw new DrawCancelled();
  const gd: GraphDiv = el;
  const ours = new Set<Promise<unknown>>();
  let sliceStart = performance.now();
  let pending = false;
  // A cancelled draw is not rejected into Plotly's chain: Plotly forks promises it never awaits
  // (its margin redraws), and a rejection there reaches the page as unhandled. The pause that
  // sees the chart gone never settles instead, so Plotly's draw stops there, and `gone` ends ours.
  let leave = (): void => {};
  const gone = new Promise<'gone'>((resolve) => {
    leave = () => resolve('gone');
  });
  /** Queues a yield when the slice is spent (once per slice); true when it did. */
  const spent = (queue: Queue): boolean => {
    if (pending || performance.now() - sliceStart < SLICE_MS) return false;
    pending = true;
    const pause = yieldToEventLoop().then(() => {
      pending = false;
      sliceStart = performance.now();
      if (!stopped()) return undefined;
      leave();
      return new Promise<never>(() => {});
    });
    ours.add(pause);
    queue.push(pause);
    return true;
  };
  let queue: Queue = Array.isArray(gd._promises) ? gd._promises : [];
  const watched = (target: Queue): Queue =>
    new Proxy(target, {
      get(t, prop, receiver) {
        // Only `length`: the axis-label code also reads just past the end and would pop a pause
        // queued there, and pausing inside the labels made Plotly redraw for its margins, over
        // and over (measured: 0.5 s tasks, and a draw that never ended).
        if (prop === 'length') spent(t);
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
  // The accessor sits on a prototype layer, not on the div: a first draw starts with
  // `Plots.purge`, which deletes the div's own `_promises` and then assigns a new array (here,
  // through the layer's setter). The div's own prototype comes back when the draw ends.
  const own = Object.getPrototypeOf(gd) as object;
  const layer = Object.create(own, {
    _promises: {
      configurable: true,
      get: () => watched(queue),
      set: (value: Queue) => {
        queue = value;
      },
    },
  }) as object;
  delete gd._promises;
  Object.setPrototypeOf(gd, layer);
  try {
    if ((await Promise.race([plotly.react(el, data, layout, config), gone])) === 'gone') {
      throw new DrawCancelled();
    }
  } finally {
    Object.setPrototypeOf(gd, own);
    // A plain array again, without our pauses (a cancelled one never settles: it would hold the next draw).
    gd._promises = queue.filter((p) => !ours.has(p));
  }
}
