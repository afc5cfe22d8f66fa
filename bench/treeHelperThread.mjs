// A boosted-tree helper on a Node worker thread: bench:train's and the unit tests' stand-in for
// the browser's treeHelper.worker.ts, running the same core function on the same start message.
// Tests may make it misbehave: `failWith` (throw on the first command, or at start with
// `failAtStart`), `slowMs` (a thread the machine keeps waiting: each block it takes lasts that much
// longer), `hang` (never finish a block, like a crashed worker that does not report).
import { parentPort, workerData } from 'node:worker_threads';
import { runnerImport } from 'vite';

const { module } = await runnerImport(workerData.path, { configFile: false, logLevel: 'error' });
const { failWith, failAtStart, slowMs, hang } = workerData;
const sleep = Atomics.wait.bind(Atomics);
if (failWith || slowMs || hang) {
  const run = module.RowWork.prototype.run;
  module.RowWork.prototype.run = function (block, hist) {
    if (hang) sleep(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    if (failWith) throw new Error(failWith);
    if (slowMs) sleep(new Int32Array(new SharedArrayBuffer(4)), 0, 0, slowMs);
    return run.call(this, block, hist);
  };
}
parentPort.once('message', (start) => {
  try {
    if (failAtStart) throw new Error(failAtStart);
    module.serveBlocks(start.fit, start.worker);
  } catch (err) {
    parentPort.postMessage({ error: String(err?.message ?? err) });
  }
  parentPort.close();
});
parentPort.postMessage({ ready: true });
