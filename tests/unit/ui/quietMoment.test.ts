import { describe, expect, it } from 'vitest';
import { atQuietMoment, type QuietClock } from '../../../src/ui/charts/quietMoment';

/** A hand-driven clock: timers and idle callbacks run when `advance` passes their time. */
function fakeClock() {
  let t = 0;
  let busy = false;
  const timers: { at: number; fn: () => void }[] = [];
  const clock: QuietClock = {
    now: () => t,
    after: (ms, fn) => void timers.push({ at: t + ms, fn }),
    // The browser is idle a little later (one frame).
    idle: (fn) => void timers.push({ at: t + 16, fn }),
    busy: () => busy,
  };
  return {
    clock,
    setBusy(b: boolean) {
      busy = b;
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
      }
      t = end;
    },
  };
}

describe('atQuietMoment', () => {
  it('runs once, after the quiet period and an idle moment', () => {
    const f = fakeClock();
    let runs = 0;
    atQuietMoment(2000, f.clock, () => runs++);
    f.advance(1999);
    expect(runs).toBe(0);
    f.advance(100);
    expect(runs).toBe(1);
    f.advance(60_000);
    expect(runs).toBe(1);
  });

  it('a key press or click restarts the quiet period', () => {
    const f = fakeClock();
    let ranAt = -1;
    const q = atQuietMoment(2000, f.clock, () => (ranAt = f.clock.now()));
    f.advance(1500);
    q.input();
    f.advance(1900);
    expect(ranAt).toBe(-1);
    f.advance(200);
    expect(ranAt).toBeGreaterThanOrEqual(3500);
  });

  it('waits while a progress bar is on screen, and counts the quiet period from its end', () => {
    const f = fakeClock();
    let ranAt = -1;
    atQuietMoment(2000, f.clock, () => (ranAt = f.clock.now()));
    f.advance(1000);
    f.setBusy(true); // a training starts before the quiet period is over
    f.advance(30_000);
    expect(ranAt).toBe(-1);
    f.setBusy(false);
    const ended = f.clock.now();
    f.advance(10_000);
    // It checks again at most one quiet period after it last saw the work running.
    expect(ranAt).toBeGreaterThanOrEqual(ended);
    expect(ranAt).toBeLessThanOrEqual(ended + 2000 + 2 * 16);
  });

  it('does not run if work starts between the quiet check and the idle callback', () => {
    const f = fakeClock();
    let runs = 0;
    atQuietMoment(2000, f.clock, () => runs++);
    f.advance(2000); // the timer fires and asks for an idle moment (16 ms later)
    f.setBusy(true);
    f.advance(16);
    expect(runs).toBe(0);
    f.advance(5000);
    expect(runs).toBe(0);
    f.setBusy(false);
    f.advance(2100);
    expect(runs).toBe(1);
  });
});
