import { describe, expect, it } from 'vitest';
import { defaultSpec, MODEL_FAMILIES, specProblems } from '../../../src/core/ml/models';
import type { LinearSpec, MlpSpec } from '../../../src/core/ml/models';
import { cosineScale } from '../../../src/core/ml/models/tfjs/schedule';

const SIZES = [undefined, 1, 344, 1461, 10_000, 10_001, 20_000, 200_000, 5_000_000];

describe('defaultSpec', () => {
  it('is valid for every family, task and table size', () => {
    for (const family of MODEL_FAMILIES)
      for (const task of ['classification', 'regression'] as const)
        for (const rows of SIZES) expect(specProblems(defaultSpec(family, task, rows))).toEqual([]);
  });

  it('trains small tables without early stopping, on small batches with a decaying rate', () => {
    const linear = defaultSpec('linear', 'classification', 344) as LinearSpec;
    const mlp = defaultSpec('mlp', 'classification', 344) as MlpSpec;
    expect(linear).toMatchObject({ batchSize: 32, earlyStopping: null, learningRate: 0.05, epochs: 100 });
    expect(mlp).toMatchObject({ batchSize: 32, earlyStopping: null, learningRate: 3e-3, epochs: 150 });
    // Boosted trees early-stop at any size, like before.
    expect(defaultSpec('gbdt', 'classification', 344)).toMatchObject({ earlyStopping: { patience: 10 } });
  });

  it('early-stops large tables and grows the batch with the rows, in powers of two', () => {
    const linear = defaultSpec('linear', 'classification', 200_000) as LinearSpec;
    const mlp = defaultSpec('mlp', 'classification', 200_000) as MlpSpec;
    expect(linear).toMatchObject({ batchSize: 4096, learningRate: 0.02, earlyStopping: { patience: 5 } });
    expect(mlp).toMatchObject({ batchSize: 512, learningRate: 2e-3, earlyStopping: { patience: 5 } });
    let last = 0;
    for (const rows of SIZES.slice(1)) {
      const b = (defaultSpec('mlp', 'regression', rows) as MlpSpec).batchSize;
      expect(Math.log2(b) % 1).toBe(0);
      expect(b).toBeGreaterThanOrEqual(last);
      last = b;
    }
    expect(last).toBe(512);
  });

  it('gives a mid-sized table without early stopping a bounded number of epochs', () => {
    const mlp = defaultSpec('mlp', 'classification', 10_000) as MlpSpec;
    expect(mlp.earlyStopping).toBeNull();
    expect(mlp.epochs).toBeGreaterThanOrEqual(30);
    expect(mlp.epochs).toBeLessThan(150);
  });
});

describe('cosineScale', () => {
  it('starts at 1, ends at the floor and never rises', () => {
    expect(cosineScale(1, 50)).toBe(1);
    expect(cosineScale(50, 50)).toBeCloseTo(1 / 32, 12);
    expect(cosineScale(1, 1)).toBe(1);
    let last = Infinity;
    for (let e = 1; e <= 50; e++) {
      const s = cosineScale(e, 50);
      expect(s).toBeLessThanOrEqual(last);
      last = s;
    }
  });
});
