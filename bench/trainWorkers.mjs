// bench:train's comparison of boosted trees on one worker and on several, in Node on the rows and
// features the browser run used: the same fit with no helpers and with helper threads (the core
// code the train worker's nested workers run), back to back, with the machine's load beside each
// time, whether the two forests are the same bit for bit, and the test log-loss of that forest
// against the browser run's (equal when the browser grew the same trees).
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runnerImport } from 'vite';
import { ROOT } from './trainBrowser.mjs';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function startHelpers(count) {
  const path = join(ROOT, 'src/core/ml/models/gbdt/rows.ts');
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL('./treeHelperThread.mjs', import.meta.url), { workerData: { path } });
          w.once('message', () => resolve(w));
          w.once('error', reject);
        }),
    ),
  );
}

function forestBytes(forest) {
  const parts = [];
  for (const v of Object.values(forest))
    if (ArrayBuffer.isView(v)) parts.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  return Buffer.concat(parts);
}

/** Fits `job`'s boosted trees on matrices `m` with 1 and with every core's worth of workers. */
export async function compareTreeWorkers(core, m, job, { repeats = 2, log = console.log } = {}) {
  const { module: gbdt } = await runnerImport(join(ROOT, 'src/core/ml/models/gbdt/boost.ts'), {
    configFile: false,
    logLevel: 'error',
  });
  const available = Math.max(1, availableParallelism() - 1);
  // Each fit gets fresh threads: a helper serves one fit and ends with it.
  let threads = [];
  const helpers = {
    available,
    open: (count) =>
      threads.splice(0, count).map((w) => {
        const port = {
          onFailure: () => undefined,
          post: (start) => w.postMessage(start),
          close: () => void w.terminate(),
        };
        w.on('message', (msg) => msg.error && port.onFailure(msg.error));
        return port;
      }),
  };
  const data = {
    task: job.task,
    nClasses: m.nClasses,
    x: m.train.x,
    y: m.train.y,
    rows: m.train.rows,
    cols: m.train.cols,
    seed: job.seed,
    ...(m.validation ? { xValid: m.validation.x, yValid: m.validation.y, validRows: m.validation.rows } : {}),
  };
  const out = { helpersAvailable: available, runs: [], sameTrees: true, testLogLoss: null };
  let reference = null;
  try {
    for (let i = 0; i < repeats; i++) {
      for (const withHelpers of [false, true]) {
        if (withHelpers) threads = await startHelpers(available);
        const loadBefore = load();
        const t = performance.now();
        const fit = await gbdt.fitGbdt(job.model, data, withHelpers ? { helpers } : {});
        const seconds = (performance.now() - t) / 1000;
        const bytes = forestBytes(fit.forest);
        reference ??= bytes;
        if (!bytes.equals(reference)) out.sameTrees = false;
        out.runs.push({
          withHelpers,
          workers: fit.info.treeWorkers,
          ...(fit.info.treeWorkersNote ? { note: fit.info.treeWorkersNote } : {}),
          seconds,
          loadBefore,
          loadAfter: load(),
        });
        log(
          `  ${withHelpers ? 'with helpers' : 'one worker'}: ${seconds.toFixed(2)} s, ${fit.info.treeWorkers} worker(s) at the end${fit.info.treeWorkersNote ? ` (${fit.info.treeWorkersNote})` : ''} (load ${loadBefore} → ${load()})`,
        );
        if (out.testLogLoss === null && m.test) {
          const proba = await core.predict(fit, m.test.x, m.test.rows);
          out.testLogLoss = core.splitMetrics(job.task, m.test.y, proba, m.nClasses).logLoss ?? null;
        }
      }
    }
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return out;
}
