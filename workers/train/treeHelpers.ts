// Helper workers for boosted trees on a large table, started from the train worker (a nested
// dedicated worker) and stopped when the fit ends. They share the fit's memory
// (SharedArrayBuffer), which a browser grants only to a cross-origin isolated page: every server
// of the app sends COOP/COEP (vite.config.ts, the offline service worker keeps them). Elsewhere
// the fit stays on one worker and the run says why.
import type { HelperPort, TreeHelpers } from '../../src/core/ml/models/gbdt/helpers';
import { canShareMemory } from '../../src/core/ml/models/gbdt/rows';

function helperPort(worker: Worker): HelperPort {
  const port: HelperPort = {
    onFailure: () => undefined,
    post: (start) => worker.postMessage(start),
    close: () => worker.terminate(),
  };
  worker.onmessage = (event: MessageEvent<{ error?: string }>) => {
    if (event.data.error !== undefined) port.onFailure(event.data.error);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    port.onFailure(event.message || 'it could not start or stopped unexpectedly');
  };
  worker.onmessageerror = () => port.onFailure('its start message could not be read');
  return port;
}

/** The helpers this worker can start: one per core beyond its own (none where workers cannot nest). */
export function treeHelpers(): TreeHelpers | undefined {
  if (typeof Worker === 'undefined' || typeof navigator === 'undefined') return undefined;
  const cores = navigator.hardwareConcurrency || 1;
  return {
    available: Math.max(0, cores - 1),
    ...(cores > 1 && !canShareMemory()
      ? {
          unavailable:
            'this page is not cross-origin isolated, so workers cannot share memory; serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp',
        }
      : {}),
    open: (count) =>
      Array.from({ length: count }, () =>
        helperPort(new Worker(new URL('../treeHelper.worker.ts', import.meta.url), { type: 'module' })),
      ),
  };
}
