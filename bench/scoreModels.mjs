// Models for npm run bench:score: one per family trained by the workbench's own pipeline (core,
// in Node, tfjs wasm) on the benchmark's training file, exported as model files (the format
// Deploy writes), plus the feature matrices scikit-learn and XGBoost are fit and timed on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { OUT_DIR } from './generate.mjs';
import { ROOT } from './common.mjs';
import { defaultFraming, ingestFile, loadCore } from './trainCore.mjs';
import { SCORE_TARGET } from './scoreData.mjs';

async function load(path) {
  const { module } = await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'error' });
  return module;
}

/** Small but real settings: the benchmark is about scoring, not training. */
function specFor(core, family) {
  const spec = core.defaultSpec(family, 'classification', 50_000);
  if (family === 'linear') return { ...spec, epochs: 5 };
  if (family === 'mlp') return { ...spec, epochs: 3, hiddenLayers: [64, 32] };
  if (family === 'gbdt') return { ...spec, earlyStopping: null };
  return spec;
}

/** Writes a float32 row-major matrix; returns { path, rows, cols }. */
function writeMatrix(name, m) {
  const path = join(OUT_DIR, name);
  writeFileSync(path, Buffer.from(m.x.buffer, m.x.byteOffset, m.x.byteLength));
  return { path, rows: m.rows, cols: m.cols };
}

/**
 * Trains each family on `trainPath`; returns per family the model file path and spec, and the
 * feature matrices (train with labels, and the file to score) for the Python side.
 */
export async function trainScoreModels({ trainPath, inputPath, families, log = () => {} }) {
  if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs wasm backend did not start in Node.');
  await tf.ready();
  const core = await loadCore();
  const { writeModelFile } = await load('src/core/deploy/modelFile.ts');
  const { toFeatureMatrix } = await load('src/core/features/matrix.ts');
  const train = await ingestFile(core, trainPath);
  const { task, recipe } = defaultFraming(core, train, SCORE_TARGET, 'classification');
  const models = {};
  let fitted;
  let classes;
  for (const family of families) {
    log(`  training ${family}…`);
    const outcome = await core.trainOnTable(train, {
      target: SCORE_TARGET,
      task,
      recipe,
      model: specFor(core, family),
      split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: true },
      seed: 42,
    });
    fitted ??= outcome.fittedRecipe;
    classes ??= outcome.classes;
    const model = await core.serializeModel(outcome.model);
    const text = await writeModelFile(
      {
        id: `bench-${family}`,
        name: `bench ${family}`,
        version: 1,
        createdAt: Date.now(),
        task,
        target: SCORE_TARGET,
        classes: outcome.classes,
        spec: outcome.model.spec,
        fittedRecipe: outcome.fittedRecipe,
        metrics: outcome.metrics,
        datasetVersionId: 'bench',
        datasetHash: 'bench',
        model,
      },
      'bench',
    );
    const path = join(OUT_DIR, `score-model-${family}.lwbmodel.json`);
    writeFileSync(path, text);
    models[family] = { path, spec: outcome.model.spec, test: outcome.metrics.test };
    core.disposeModel(outcome.model);
  }
  // The same recipe's features for scikit-learn and XGBoost: fit on the training file, scored on the input.
  const trainMatrix = toFeatureMatrix(fitted, train);
  const y = Float32Array.from({ length: train.rowCount }, (_, i) =>
    classes.indexOf(core.cellText(core.getColumn(train, SCORE_TARGET), i)),
  );
  writeFileSync(join(OUT_DIR, 'score-train-y.f32'), Buffer.from(y.buffer));
  const input = await ingestFile(core, inputPath);
  const inputMatrix = toFeatureMatrix(fitted, input);
  return {
    models,
    matrices: {
      train: writeMatrix('score-train-x.f32', trainMatrix),
      y: join(OUT_DIR, 'score-train-y.f32'),
      input: writeMatrix('score-input-x.f32', inputMatrix),
    },
  };
}
