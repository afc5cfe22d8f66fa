// A boosted-tree helper on a Node worker thread: bench:train's and the unit tests' stand-in for
// the browser's treeHelper.worker.ts, running the same core function on the same start message.
// Tests may make it misbehave: `failWith` (throw on the first command, or at start with
// `failAtStart`), `slowMs` (a busy machine: each command starts that much later), `hang` (never
// answer, like a crashed worker that does not report).
import { parentPort, workerData } from 'node:worker_threads';
import { runnerImport } from 'vite';

const { module } = await runnerImport(workerData.path, { configFile: false, logLevel: 'error' });
const { failWith, failAtStart, slowMs, hang } = workerData;
if (failWith || slowMs || hang) {
  const run = module.RowWork.prototype.run;
  module.RowWork.prototype.run = function (segment) {
    if (hang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    if (failWith) throw new Error(failWith);
    if (slowMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, slowMs);
    return run.call(this, segment);
  };
}
parentPort.once('message', (start) => {
  try {
    if (failAtStart) throw new Error(failAtStart);
    module.serveSegment(start.fit, start.segment);
  } catch (err) {
    parentPort.postMessage({ error: String(err?.message ?? err) });
  }
  parentPort.close();
});
parentPort.postMessage({ ready: true });
