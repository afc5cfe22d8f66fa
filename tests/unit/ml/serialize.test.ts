import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSpec,
  deserializeModel,
  disposeModel,
  fitModel,
  predict,
  serializeModel,
} from '../../../src/core/ml/models';
import type { ModelFamily, ModelSpec, TrainingData } from '../../../src/core/ml/models';
import type { SerializedModel } from '../../../src/core/ml/types';
import { gbdtReference, linear } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function small(family: ModelFamily, task: 'classification' | 'regression'): ModelSpec {
  const spec = defaultSpec(family, task);
  if (spec.family === 'linear' || spec.family === 'mlp')
    return { ...spec, epochs: 3, hiddenLayers: [8], earlyStopping: null } as ModelSpec;
  if (spec.family === 'gbdt') return { ...spec, maxIterations: 10 };
  return spec;
}

describe('serializeModel → deserializeModel', () => {
  const cls = gbdtReference(300, 5);
  // tfjs models cannot take NaN features: fill the missing column for them.
  const clean = cls.x.map((v) => (Number.isNaN(v) ? 0 : v));
  const reg = linear(300, [1, -2], 0.5, 0.1, 6);
  const cases: [ModelFamily, TrainingData][] = [];
  for (const family of ['baseline', 'linear', 'mlp', 'gbdt'] as const) {
    cases.push([
      family,
      {
        task: 'classification',
        nClasses: 2,
        x: family === 'gbdt' ? cls.x : clean,
        y: cls.y,
        rows: 300,
        cols: 6,
        seed: 3,
      },
    ]);
    cases.push([
      family,
      { task: 'regression', nClasses: 1, x: reg.x, y: reg.y, rows: 300, cols: 2, seed: 3 },
    ]);
  }

  it.each(cases.map(([family, data]) => [family, data.task, data] as const))(
    '%s %s predicts identically after a round trip, through structured clone',
    async (family, _task, data) => {
      const before = tf.memory().numTensors;
      const model = await fitModel(small(family, data.task), data);
      const expected = await predict(model, data.x, data.rows);
      // What IndexedDB stores: a structured clone of the serialised form.
      const stored = structuredClone(await serializeModel(model));
      expect(stored.formatVersion).toBe(1);
      const loaded = await deserializeModel(stored);
      expect(loaded.family).toBe(family);
      expect(loaded.task).toBe(data.task);
      expect(await predict(loaded, data.x, data.rows)).toEqual(expected);
      disposeModel(model);
      disposeModel(loaded);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('tfjs models store topology and weight specs in json and float32 weights', async () => {
    const model = await fitModel(small('mlp', 'classification'), cases[2]![1]);
    const s = await serializeModel(model);
    disposeModel(model);
    expect(s.format).toBe('tfjs-layers');
    const json = s.json as { modelTopology: { class_name?: string }; weightSpecs: { shape: number[] }[] };
    expect(json.modelTopology.class_name).toBe('Sequential');
    const values = json.weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(s.weights!.byteLength).toBe(values * 4);
  });
});

describe('baseline', () => {
  it('predicts class proportions (majority wins) or the mean, with or without features', async () => {
    const y = Float32Array.from([0, 2, 2, 1, 2]);
    const m = await fitModel(
      { family: 'baseline' },
      { task: 'classification', nClasses: 3, x: new Float32Array(0), y, rows: 5, cols: 0, seed: 1 },
    );
    expect([...(await predict(m, new Float32Array(0), 2))]).toEqual(
      [0.2, 0.2, 0.6, 0.2, 0.2, 0.6].map(Math.fround),
    );
    const r = await fitModel(
      { family: 'baseline' },
      {
        task: 'regression',
        nClasses: 1,
        x: new Float32Array(3),
        y: Float32Array.from([1, 2, 6]),
        rows: 3,
        cols: 1,
        seed: 1,
      },
    );
    expect([...(await predict(r, new Float32Array(2), 2))]).toEqual([3, 3]);
  });
});

describe('deserializeModel rejects what it cannot read', () => {
  const ok: SerializedModel = {
    format: 'baseline',
    formatVersion: 1,
    json: {
      constant: [0.5, 0.5],
      meta: { spec: { family: 'baseline' }, task: 'classification', nClasses: 2, cols: 3, info: {} },
    },
  };

  it('reads a valid baseline', async () => {
    const m = await deserializeModel(ok);
    expect(await predict(m, new Float32Array(3), 1)).toEqual(Float32Array.from([0.5, 0.5]));
  });

  it('names a newer format version and an unknown format', async () => {
    await expect(deserializeModel({ ...ok, formatVersion: 2 as 1 })).rejects.toThrow(
      /format version 2, newer than .* \(1\)\. Update/,
    );
    await expect(deserializeModel({ ...ok, format: 'onnx' as 'gbdt' })).rejects.toThrow(
      /Unknown model format "onnx"/,
    );
  });

  it('reports damaged parts', async () => {
    await expect(deserializeModel({ ...ok, json: { constant: [1] } })).rejects.toThrow(
      /damaged.*description/,
    );
    await expect(deserializeModel({ ...ok, format: 'gbdt' })).rejects.toThrow(/weights are missing/);
    const gbdt = await serializeModel(await fitModel(small('gbdt', 'regression'), cases()));
    await expect(deserializeModel({ ...gbdt, weights: gbdt.weights!.slice(0, 16) })).rejects.toThrow(
      /cut short/,
    );
  });
});

function cases(): TrainingData {
  const reg = linear(100, [1], 0, 0.1, 1);
  return { task: 'regression', nClasses: 1, x: reg.x, y: reg.y, rows: 100, cols: 1, seed: 1 };
}
