// Runs in the page before any of its scripts (addInitScript). Records long main-thread tasks and
// watches the train worker's protocol messages without changing them: the 'train' request (the
// exact job the page sent: recipe, split, seed, spec, backend preference), its pushed events
// (backend choice, phases, epochs) and its result (metrics, backend, duration), each stamped with
// the page's clock. Serialised by Playwright, so it must not close over anything outside itself.
export function trainProbe() {
  const bench = { longtasks: [], longtaskSupported: true, trainings: [] };
  Object.defineProperty(window, '__trainBench', { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    bench.longtaskSupported = false;
  }
  const Native = window.Worker;
  let workers = 0;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const worker = ++workers;
      const byId = new Map();
      this.__bench = { worker, byId };
      this.addEventListener('message', (e) => {
        const m = e.data;
        const run = m && byId.get(m.id);
        if (!run) return;
        const at = performance.now();
        if (m.type === 'event') {
          if (m.name === 'epoch') {
            run.epochs++;
            run.lastEpoch = m.data;
          } else if (m.name === 'phase') run.phases.push({ phase: m.data.phase, at });
          else if (m.name === 'backend') run.backend = { ...m.data, at };
          else run.other.push({ name: m.name, at });
        } else if (m.type === 'result') {
          run.result = m.result;
          run.endedAt = at;
        } else if (m.type === 'error') {
          run.error = m.error;
          run.endedAt = at;
        }
      });
    }

    postMessage(message, transfer) {
      if (message && message.type === 'request' && message.name === 'train') {
        const run = {
          worker: this.__bench.worker,
          id: message.id,
          args: message.args,
          sentAt: performance.now(),
          phases: [],
          epochs: 0,
          other: [],
        };
        this.__bench.byId.set(message.id, run);
        bench.trainings.push(run);
      }
      return super.postMessage(message, transfer);
    }
  };
}
