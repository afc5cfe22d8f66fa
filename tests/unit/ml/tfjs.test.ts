import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classificationMetrics, logLoss } from '../../../src/core/ml/metrics';
import { defaultSpec, disposeModel, fitModel, isAbortError, predict } from '../../../src/core/ml/models';
import type { LinearSpec, MlpSpec, TrainingData } from '../../../src/core/ml/models';
import { createRng } from '../../../src/core/ml/rng';
import { linear, slice, xor } from './synthetic';
import type { Synthetic } from './synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const linearSpec = (over: Partial<LinearSpec> = {}): LinearSpec => ({
  ...(defaultSpec('linear', 'classification') as LinearSpec),
  earlyStopping: null,
  ...over,
});
const mlpSpec = (over: Partial<MlpSpec> = {}): MlpSpec => ({
  ...(defaultSpec('mlp', 'classification') as MlpSpec),
  earlyStopping: null,
  ...over,
});

function data(
  s: Synthetic,
  task: TrainingData['task'] = 'classification',
  nClasses = 2,
  seed = 1,
): TrainingData {
  return { task, nClasses, x: s.x, y: s.y, rows: s.rows, cols: s.cols, seed };
}

async function accuracy(model: Parameters<typeof predict>[0], s: Synthetic): Promise<number> {
  const p = await predict(model, s.x, s.rows);
  return classificationMetrics(Int32Array.from(s.y), p, 2).accuracy;
}

describe('linear family (tfjs)', () => {
  it('linear regression on minibatches (tfjs Adam) recovers its coefficients and intercept', async () => {
    const s = linear(400, [2, -1, 0.5], 3, 0.05, 7);
    const model = await fitModel(
      linearSpec({ solver: 'minibatch', alpha: 0, learningRate: 0.05, epochs: 60, batchSize: 32 }),
      data(s, 'regression', 1),
    );
    // Predictions at the origin and at each unit vector read off the fitted line.
    const probe = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const p = await predict(model, probe, 4);
    expect(p[0]).toBeCloseTo(3, 1);
    expect(p[1]! - p[0]!).toBeCloseTo(2, 1);
    expect(p[2]! - p[0]!).toBeCloseTo(-1, 1);
    expect(p[3]! - p[0]!).toBeCloseTo(0.5, 1);
    expect(model.info.solver?.name).toBe('tfjs-minibatch');
    disposeModel(model);
  });

  it('logistic regression separates linearly separable classes', async () => {
    const rng = createRng(2);
    const rows = 300;
    const x = Float32Array.from({ length: rows * 2 }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) => (x[2 * r]! + 2 * x[2 * r + 1]! > 0.1 ? 1 : 0));
    const s = { x, y, rows, cols: 2 };
    const model = await fitModel(linearSpec({ learningRate: 0.1, epochs: 40 }), data(s));
    expect(await accuracy(model, s)).toBeGreaterThan(0.97);
    disposeModel(model);
  });

  it('cannot learn XOR (the MLP below can)', async () => {
    const s = xor(400, 3);
    const model = await fitModel(linearSpec({ learningRate: 0.05, epochs: 20 }), data(s));
    expect(await accuracy(model, s)).toBeLessThan(0.7);
    disposeModel(model);
  });

  it('softmax regression: three classes, probabilities sum to 1', async () => {
    const rng = createRng(4);
    const rows = 300;
    const x = Float32Array.from({ length: rows * 2 }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) =>
      x[2 * r]! < -0.3 ? 0 : x[2 * r + 1]! < 0 ? 1 : 2,
    );
    const model = await fitModel(
      linearSpec({ learningRate: 0.1, epochs: 60 }),
      data({ x, y, rows, cols: 2 }, 'classification', 3),
    );
    const p = await predict(model, x, rows);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 5);
    expect(classificationMetrics(Int32Array.from(y), p, 3).accuracy).toBeGreaterThan(0.85);
    disposeModel(model);
  });
});

describe('MLP (tfjs)', () => {
  it('learns XOR', async () => {
    const s = xor(400, 3);
    const model = await fitModel(
      mlpSpec({ hiddenLayers: [16], learningRate: 0.03, epochs: 60, dropout: 0, batchSize: 32 }),
      data(slice(s, 0, 300)),
    );
    expect(await accuracy(model, slice(s, 300, 400))).toBeGreaterThan(0.9);
    disposeModel(model);
  });

  it('early stopping restores the weights of the best validation epoch', async () => {
    // Few noisy rows and a large network: validation loss turns up after a few epochs.
    const rng = createRng(13);
    const rows = 120;
    const x = Float32Array.from({ length: rows * 8 }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) => (x[8 * r]! + rng() - 0.5 > 0 ? 1 : 0));
    const validRows = 60;
    const xValid = Float32Array.from({ length: validRows * 8 }, () => rng() * 2 - 1);
    const yValid = Float32Array.from({ length: validRows }, (_, r) =>
      xValid[8 * r]! + rng() - 0.5 > 0 ? 1 : 0,
    );
    const valLosses: number[] = [];
    const metrics: (number | undefined)[] = [];
    const model = await fitModel(
      mlpSpec({
        hiddenLayers: [64, 64],
        dropout: 0,
        l2: 0,
        learningRate: 0.02,
        epochs: 80,
        batchSize: 16,
        earlyStopping: { patience: 5, validationFraction: 0.2 },
      }),
      { ...data({ x, y, rows, cols: 8 }), xValid, yValid, validRows },
      {
        onEpoch: (e) => {
          valLosses.push(e.valLoss!);
          metrics.push(e.metricName === 'accuracy' ? e.metric : undefined);
        },
      },
    );
    expect(model.info.stoppedEarly).toBe(true);
    expect(model.info.validation).toBe('given');
    // Validation accuracy is reported each epoch, as a share.
    expect(metrics.every((m) => m !== undefined && m >= 0 && m <= 1)).toBe(true);
    const best = Math.min(...valLosses);
    expect(model.info.bestEpoch).toBe(valLosses.indexOf(best) + 1);
    // Patience counts from the last improvement of at least 1e-4, which may precede the best.
    expect(model.info.epochsRun).toBeGreaterThan(model.info.bestEpoch!);
    expect(model.info.epochsRun).toBeLessThanOrEqual(model.info.bestEpoch! + 5);
    const restored = logLoss(Int32Array.from(yValid), await predict(model, xValid, validRows), 2);
    expect(restored).toBeCloseTo(best, 4);
    expect(Math.abs(restored - valLosses[valLosses.length - 1]!)).toBeGreaterThan(1e-3);
    disposeModel(model);
  });

  it('balanced class weights raise the recall of a rare class', async () => {
    const rng = createRng(17);
    const rows = 400;
    const x = Float32Array.from({ length: rows * 2 }, () => rng() * 2 - 1);
    // About 10% positives, overlapping the negatives.
    const y = Float32Array.from({ length: rows }, (_, r) => (x[2 * r]! + 0.6 * (rng() - 0.5) > 0.75 ? 1 : 0));
    const spec = { hiddenLayers: [8], dropout: 0, learningRate: 0.02, epochs: 25 };
    const recall = async (classWeights: 'balanced' | 'none') => {
      const m = await fitModel(mlpSpec({ ...spec, classWeights }), data({ x, y, rows, cols: 2 }));
      const p = await predict(m, x, rows);
      disposeModel(m);
      let tp = 0;
      let pos = 0;
      for (let r = 0; r < rows; r++) {
        if (y[r] !== 1) continue;
        pos++;
        if (p[2 * r + 1]! > 0.5) tp++;
      }
      return tp / pos;
    };
    const plain = await recall('none');
    const balanced = await recall('balanced');
    expect(balanced).toBeGreaterThan(plain + 0.1);
  });

  it('is reproducible for a seed, dropout included', async () => {
    const s = xor(200, 8);
    const spec = mlpSpec({ hiddenLayers: [8, 8], dropout: 0.3, epochs: 3, batchSize: 16 });
    const run = async (seed: number) => {
      const m = await fitModel(spec, data(s, 'classification', 2, seed));
      const p = await predict(m, s.x, s.rows);
      disposeModel(m);
      return p;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('refuses missing features, naming the feature and the row', async () => {
    const s = xor(50, 1);
    s.x[7] = NaN;
    await expect(fitModel(mlpSpec(), { ...data(s), featureNames: ['a', 'b'] })).rejects.toThrow(
      /Feature "b" is missing .* training row 4.*impute/,
    );
  });
});

describe('tensor hygiene', () => {
  it('fit + predict + dispose leaves tf.memory() where it began, for every optimizer', async () => {
    const s = xor(200, 4);
    const before = tf.memory().numTensors;
    for (const optimizer of ['adam', 'sgd', 'rmsprop'] as const) {
      const m = await fitModel(
        mlpSpec({
          optimizer,
          epochs: 4,
          classWeights: 'balanced',
          earlyStopping: { patience: 2, validationFraction: 0.2 },
        }),
        data(s),
      );
      await predict(m, s.x, s.rows);
      disposeModel(m);
      disposeModel(m);
    }
    const lin = await fitModel(linearSpec({ epochs: 3 }), data(s));
    await predict(lin, s.x, s.rows);
    disposeModel(lin);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancel via shouldStop rejects with AbortError and frees every tensor', async () => {
    const s = xor(300, 4);
    const before = tf.memory().numTensors;
    let epochs = 0;
    const err = await fitModel(
      mlpSpec({ epochs: 50, earlyStopping: { patience: 20, validationFraction: 0.2 } }),
      data(s),
      {
        onEpoch: () => void epochs++,
        shouldStop: () => epochs >= 2,
      },
    ).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(epochs).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancel in the middle of an epoch stops between batches', async () => {
    const s = xor(300, 4);
    const before = tf.memory().numTensors;
    let polls = 0;
    const err = await fitModel(mlpSpec({ epochs: 5, batchSize: 10 }), data(s), {
      shouldStop: () => ++polls > 5,
    }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    // Polled once before the epoch, then after batches: stopped long before 5 × 30 batches.
    expect(polls).toBeLessThan(10);
    expect(tf.memory().numTensors).toBe(before);
  });
});
