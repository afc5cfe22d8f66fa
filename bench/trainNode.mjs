// Runs model families of the workbench's core in Node on matrices from trainCore.jobMatrices:
// the default spec per family (what the Train phase starts from), fit on the training rows with
// the validation rows for early stopping, scored on the test rows. tfjs runs on its cpu backend
// here (or wasm when asked); the browser benchmark is the one that measures the product.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Starts a tfjs backend in Node (cpu or wasm). */
export async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} did not start in Node.`);
  await tf.ready();
}

/**
 * Fits `family` with its default spec (overrides merged in) and returns fit seconds, the test
 * metrics (accuracy and ROC AUC, or R²) and what early stopping did.
 */
export async function fitFamily(core, m, task, family, { seed = 42, overrides = {}, onEpoch } = {}) {
  const spec = { ...core.defaultSpec(family, task, m.train.rows), ...overrides };
  const data = {
    task,
    nClasses: m.nClasses,
    x: m.train.x,
    y: m.train.y,
    rows: m.train.rows,
    cols: m.train.cols,
    seed,
    featureNames: m.names,
    ...(m.validation ? { xValid: m.validation.x, yValid: m.validation.y, validRows: m.validation.rows } : {}),
  };
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  const model = await core.fitModel(spec, data, onEpoch ? { onEpoch } : {});
  const fitSeconds = (performance.now() - started) / 1000;
  const out = await core.predict(model, m.test.x, m.test.rows);
  const metrics = core.splitMetrics(task, m.test.y, out, m.nClasses);
  core.disposeModel(model);
  return {
    family,
    spec,
    fitSeconds,
    test:
      task === 'classification'
        ? { accuracy: metrics.accuracy, rocAuc: metrics.rocAuc }
        : { r2: metrics.r2, rmse: metrics.rmse },
    info: model.info,
    leakedTensors: tf.memory().numTensors - tensors,
  };
}
