import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, disposeModel } from '../../../src/core/ml/models';
import type { GbdtSpec } from '../../../src/core/ml/models';
import { trainOnTable } from '../../../src/core/pipeline/train';
import type { RecipeFit, TrainingOutcome, TrainJob } from '../../../src/core/pipeline/types';
import type { FittedTargetEncode } from '../../../src/core/features/types';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

// The guided tour's leakage demonstration, in Node: the same job trained with the recipe fit on
// the training rows (the product) and fit on all rows (teaching only), on a table whose `day`
// column is unique per row, as seattle-weather's date is. Target-encoding it can only help a
// model that has seen the held-out rows' labels.

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** 600 rows: `x` tells the label 75% of the time; `day` is a unique name per row. */
function dayTable(n = 600): Table {
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const x: number[] = [];
  const label: string[] = [];
  for (let i = 0; i < n; i++) {
    const yes = rand() < 0.5;
    label.push(yes ? 'yes' : 'no');
    x.push((yes ? 0.7 : -0.7) + (rand() + rand() + rand() - 1.5) * 1.6);
  }
  return {
    rowCount: n,
    columns: [
      categoricalFromStrings(
        'day',
        label.map((_, i) => `day ${String(i).padStart(4, '0')}`),
      ),
      numericFromNumbers('x', x),
      categoricalFromStrings('label', label),
    ],
  };
}

const job = (recipeFit?: RecipeFit): TrainJob => ({
  target: 'label',
  task: 'classification',
  recipe: {
    formatVersion: 1,
    steps: [
      { kind: 'targetEncode', columns: ['day'] },
      { kind: 'scale', columns: ['x'], method: 'standard' },
    ],
  },
  model: { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 40 },
  split: { kind: 'holdout', testFraction: 0.25, validationFraction: 0.1, stratify: true },
  seed: 5,
  ...(recipeFit ? { recipeFit } : {}),
});

const accuracy = (o: TrainingOutcome) => {
  const m = o.metrics.test!;
  if (m.task !== 'classification') throw new Error('classification expected');
  return m.accuracy;
};
const encoder = (o: TrainingOutcome) =>
  o.fittedRecipe.steps.find((s): s is FittedTargetEncode => s.kind === 'targetEncode')!.columns[0]!;
const testDays = (o: TrainingOutcome, table: Table) => {
  const day = table.columns[0]!;
  if (day.type !== 'category') throw new Error('category expected');
  const rows = o.heldOut.sets.find((s) => s.split === 'test')!.rowIds;
  return Array.from(rows, (r) => day.dictionary[day.codes[r]!]!);
};

describe('where the recipe is fit', () => {
  it('fit on all rows and replayed on the whole table, the test score is too good; on training rows it is honest', async () => {
    const table = dayTable();
    const honest = await trainOnTable(table, job());
    const whole = await trainOnTable(table, job('wholeTable'));
    const allRows = await trainOnTable(table, job('allRows'));
    try {
      // The mechanism: fit on training rows, the encoder has never seen a test day (each gets the
      // prior); fit on all rows, it holds every test day with that day's own label in its mean.
      const days = testDays(honest, table);
      expect(days.length).toBe(150);
      const honestDays = new Set(encoder(honest).categories);
      expect(days.filter((d) => honestDays.has(d))).toEqual([]);
      const wholeDays = new Set(encoder(whole).categories);
      expect(days.every((d) => wholeDays.has(d))).toBe(true);
      expect(encoder(whole).categories.length).toBe(table.rowCount);

      const a = { honest: accuracy(honest), whole: accuracy(whole), allRows: accuracy(allRows) };
      // Honest: about what `x` alone tells (75% by construction), far from perfect.
      expect(a.honest).toBeGreaterThan(0.6);
      expect(a.honest).toBeLessThan(0.85);
      // Leaked: each test row's encoding carries its own label.
      expect(a.whole).toBeGreaterThanOrEqual(0.98);
      expect(a.whole - a.honest).toBeGreaterThan(0.15);
      // Fit on all rows but with the training rows encoded out of fold, the model never learns to
      // read the encoding (a unique day's out-of-fold value is the prior): the leak is muted.
      expect(Math.abs(a.allRows - a.honest)).toBeLessThan(0.06);
      // The training rows' scores say the same: in-sample encodings are learnt perfectly.
      const train = (o: TrainingOutcome) => o.metrics.train as { accuracy: number };
      expect(train(whole).accuracy).toBe(1);
    } finally {
      for (const o of [honest, whole, allRows]) disposeModel(o.model);
    }
  });
});
