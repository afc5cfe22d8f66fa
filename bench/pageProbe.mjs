// Runs in the page before any of its scripts (addInitScript): records long main-thread tasks and
// the moments the user would see — file chosen, each ingest stage, version stored, Explore
// clicked, profile shown, chart drawn — on the page's own clock (performance.now()).
// Serialised by Playwright, so it must not close over anything outside itself.
export function pageProbe() {
  const bench = { longtasks: [], marks: {}, stages: [], longtaskSupported: true };
  Object.defineProperty(window, '__bench', { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    bench.longtaskSupported = false;
  }
  const mark = (name) => {
    if (bench.marks[name] === undefined) bench.marks[name] = performance.now();
  };
  // Capture phase: runs before the app's own (delegated) handlers.
  document.addEventListener(
    'change',
    (e) => {
      const t = e.target;
      if (t instanceof HTMLInputElement && t.type === 'file' && t.files && t.files.length) mark('fileChosen');
    },
    true,
  );
  document.addEventListener(
    'click',
    (e) => {
      const button = e.target instanceof Element ? e.target.closest('nav button') : null;
      if (button && button.textContent.includes('Explore')) mark('exploreClicked');
    },
    true,
  );
  let stage = '';
  const check = () => {
    const progress = document.querySelector('[data-testid=ingest-progress]');
    if (progress) {
      const text = progress.textContent ?? '';
      const now = text.includes('content hash')
        ? 'hashing'
        : text.includes('Storing')
          ? 'storing'
          : 'reading';
      if (now !== stage) {
        stage = now;
        bench.stages.push({ stage: now, at: performance.now() });
        mark(now);
      }
    }
    const status = document.querySelector('[data-testid=ingest-status]');
    if (status && /Stored as version|already stored/.test(status.textContent ?? '')) mark('stored');
    if (document.querySelector('[data-testid=profile-table]')) mark('profiled');
    if (document.querySelector('[data-testid=column-chart] svg rect')) mark('charted');
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  // Project archives: when the share worker answers an import (before the page opens the project),
  // so a benchmark can tell the import's own memory from what opening the project costs.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const r = e.data && e.data.type === 'result' ? e.data.result : undefined;
        if (r && typeof r === 'object' && ['imported', 'copied', 'skipped'].includes(r.status))
          bench.marks.importAnswered = performance.now();
      });
    }
  };
}
