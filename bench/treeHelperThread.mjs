// A boosted-tree helper on a Node worker thread, for bench:train's single- against multi-worker
// comparison: the same core server the browser's treeHelper.worker.ts runs.
import { parentPort, workerData } from 'node:worker_threads';
import { runnerImport } from 'vite';

const { module } = await runnerImport(workerData.path, { configFile: false, logLevel: 'error' });
const serve = module.shardServer();
parentPort.on('message', (request) => {
  try {
    const reply = serve(request);
    if (reply !== undefined)
      parentPort.postMessage(
        { reply },
        reply.hists.filter(Boolean).map((h) => h.buffer),
      );
  } catch (err) {
    parentPort.postMessage({ error: String(err?.message ?? err) });
  }
});
parentPort.postMessage({ ready: true });
