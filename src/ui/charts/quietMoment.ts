/**
 * When to do one unavoidable long main-thread task (Plotly's evaluation, ~0.8 s) so that the
 * user does not feel it: after `quietMs` without a key press or click, while no work the user is
 * watching is running, at a moment the browser reports idle. Work "being watched" is anything
 * that shows a progress bar (every long job does: ingest, training, a search, scoring, export);
 * during a training the page draws live curves and keeps Cancel responsive, and a frozen page
 * there would be the worst moment. When such work ends, the quiet period starts again.
 */
export interface QuietClock {
  now(): number;
  /** Runs `fn` after `ms` (a timer). */
  after(ms: number, fn: () => void): void;
  /** Runs `fn` when the browser is idle (requestIdleCallback or a short timer). */
  idle(fn: () => void): void;
  /** True while work with a progress bar is on screen. */
  busy(): boolean;
}

/**
 * Calls `run` once, at the first quiet moment. `input()` (wired to key presses and clicks by the
 * caller) restarts the quiet period. Returns that function; it does nothing once `run` has run.
 */
export function atQuietMoment(quietMs: number, clock: QuietClock, run: () => void): { input(): void } {
  let lastInput = clock.now();
  let done = false;
  const calm = (): boolean => {
    if (clock.busy()) lastInput = clock.now(); // the quiet period counts from the end of the work
    return clock.now() - lastInput >= quietMs;
  };
  const check = (): void => {
    if (!calm()) {
      clock.after(Math.max(1, lastInput + quietMs - clock.now()), check);
      return;
    }
    clock.idle(() => {
      if (!calm()) check();
      else {
        done = true;
        run();
      }
    });
  };
  check();
  return {
    input() {
      if (!done) lastInput = clock.now();
    },
  };
}
