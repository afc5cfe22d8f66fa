// The monitoring reference a training hands over: its training rows' input columns and its
// held-out predictions, the same for the same job and seed.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, disposeModel } from '../../../src/core/ml/models';
import { trainOnTable, type TrainJob } from '../../../src/core/pipeline/train';
import { mixedTable } from '../features/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const job: TrainJob = {
  target: 'y',
  task: 'classification',
  recipe: {
    formatVersion: 1,
    steps: [
      { kind: 'drop', columns: ['id', 'when'] },
      { kind: 'impute', columns: ['a', 'b'], strategy: 'median' },
      { kind: 'impute', columns: ['flag'], strategy: 'mode' },
      { kind: 'oneHot', columns: ['colour'] },
    ],
  },
  model: defaultSpec('gbdt', 'classification'),
  split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.2, stratify: true },
  seed: 5,
};

describe('the training reference profile', () => {
  it('profiles the recipe inputs on the training rows and the validation predictions', async () => {
    const table = mixedTable(300, 2);
    const outcome = await trainOnTable(table, job);
    const again = await trainOnTable(table, job);
    try {
      const ref = outcome.reference!;
      expect(ref.columns.map((c) => c.name)).toEqual(outcome.fittedRecipe.inputSchema.map((c) => c.name));
      expect(ref.rows).toBe(outcome.splitSizes.train);
      expect(ref.predictionRows).toBe('validation');
      const pred = ref.prediction!;
      expect(pred.kind === 'categorical' && pred.counts.reduce((a, b) => a + b, 0)).toBe(
        outcome.splitSizes.validation,
      );
      expect(again.reference).toEqual(ref);
    } finally {
      disposeModel(outcome.model);
      disposeModel(again.model);
    }
  });
});
