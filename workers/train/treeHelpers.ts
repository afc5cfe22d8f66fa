// Helper workers for boosted trees on a large table, started from the train worker (a nested
// dedicated worker) and stopped when the fit ends. Message passing only: no SharedArrayBuffer, so
// no cross-origin isolation is needed from the servers or the offline service worker.
import type { HelperPort, TreeHelpers } from '../../src/core/ml/models/gbdt/helpers';
import type { ShardReply } from '../../src/core/ml/models/gbdt/shard';

type HelperMessage = { reply: ShardReply; error?: undefined } | { error: string };

function helperPort(worker: Worker): HelperPort {
  const port: HelperPort = {
    onReply: () => undefined,
    onFailure: () => undefined,
    post: (request, transfer = []) => worker.postMessage(request, transfer),
    close: () => worker.terminate(),
  };
  worker.onmessage = (event: MessageEvent<HelperMessage>) => {
    const data = event.data;
    if (data.error !== undefined) port.onFailure(data.error);
    else port.onReply(data.reply);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    port.onFailure(event.message || 'it could not start or stopped unexpectedly');
  };
  worker.onmessageerror = () => port.onFailure('one of its messages could not be read');
  return port;
}

/** The helpers this worker can start: one per core beyond its own (none where workers cannot nest). */
export function treeHelpers(): TreeHelpers | undefined {
  if (typeof Worker === 'undefined' || typeof navigator === 'undefined') return undefined;
  const cores = navigator.hardwareConcurrency || 1;
  return {
    available: Math.max(0, cores - 1),
    open: (count) =>
      Array.from({ length: count }, () =>
        helperPort(new Worker(new URL('../treeHelper.worker.ts', import.meta.url), { type: 'module' })),
      ),
  };
}
