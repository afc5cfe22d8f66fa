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

  it('trains small tables on small batches; linear exactly (C = 1, alpha = 0, as scikit-learn)', () => {
    const linear = defaultSpec('linear', 'classification', 344) as LinearSpec;
    expect(linear).toMatchObject({ C: 1, alpha: 0, solver: 'auto', batchSize: 32, earlyStopping: null });
    const tiny = defaultSpec('mlp', 'classification', 150) as MlpSpec;
    // Below 300 rows a held-out tenth is too small to judge epochs by: the training loss is watched.
    expect(tiny).toMatchObject({
      batchSize: 32,
      earlyStopping: { patience: 10, validationFraction: 0 },
      learningRate: 3e-3,
      epochs: 200,
    });
    // Boosted trees early-stop only above 10,000 rows, as HistGradientBoosting's 'auto'.
    expect(defaultSpec('gbdt', 'classification', 344)).toMatchObject({ earlyStopping: null });
    expect(defaultSpec('gbdt', 'classification', 10_001)).toMatchObject({ earlyStopping: { patience: 10 } });
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

  it('early-stops the MLP on a held-out tenth from 300 rows', () => {
    for (const rows of [300, 569, 10_000]) {
      const mlp = defaultSpec('mlp', 'classification', rows) as MlpSpec;
      expect(mlp.earlyStopping).toEqual({ patience: 10, validationFraction: 0.1 });
    }
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
