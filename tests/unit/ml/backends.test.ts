import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSpec,
  deserializeModel,
  disposeModel,
  fitModel,
  predict,
  serializeModel,
} from '../../../src/core/ml/models';
import type { MlpSpec, TrainingData } from '../../../src/core/ml/models';
import { xor } from './synthetic';

// The models take whatever backend is active; the workers pick wasm on CPU-only machines.
beforeAll(() => {
  setWasmPaths(
    new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname,
  );
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const s = xor(200, 11);
const data: TrainingData = {
  task: 'classification',
  nClasses: 2,
  x: s.x,
  y: s.y,
  rows: s.rows,
  cols: 2,
  seed: 4,
};
const spec: MlpSpec = {
  ...(defaultSpec('mlp', 'classification') as MlpSpec),
  hiddenLayers: [8],
  dropout: 0.2,
  epochs: 3,
  batchSize: 20,
  earlyStopping: { patience: 2, validationFraction: 0.2 },
};

async function trainOn(
  backend: string,
): Promise<{ proba: Float32Array; saved: Awaited<ReturnType<typeof serializeModel>> }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const before = tf.memory().numTensors;
  const model = await fitModel(spec, data);
  const proba = await predict(model, s.x, s.rows);
  const saved = await serializeModel(model);
  disposeModel(model);
  expect(tf.memory().numTensors).toBe(before);
  return { proba, saved };
}

describe('backends', () => {
  it('the same seed trains the same model on cpu and on wasm (up to float rounding)', async () => {
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    let worst = 0;
    for (let i = 0; i < cpu.proba.length; i++)
      worst = Math.max(worst, Math.abs(cpu.proba[i]! - wasm.proba[i]!));
    expect(worst).toBeLessThan(1e-4);

    // A model saved on one backend loads on another.
    await tf.setBackend('cpu');
    const loaded = await deserializeModel(wasm.saved);
    const again = await predict(loaded, s.x, s.rows);
    disposeModel(loaded);
    for (let i = 0; i < again.length; i++) expect(Math.abs(again[i]! - wasm.proba[i]!)).toBeLessThan(1e-5);
  });
});
