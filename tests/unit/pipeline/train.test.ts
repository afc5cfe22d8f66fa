import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, disposeModel } from '../../../src/core/ml/models';
import type { GbdtSpec, LinearSpec } from '../../../src/core/ml/models';
import { checkTraining, trainOnTable, TrainingProblemsError } from '../../../src/core/pipeline/train';
import type { TrainJob } from '../../../src/core/pipeline/types';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';
import type { RecipeSpec } from '../../../src/core/features';
import { mixedTable } from '../features/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const linear: LinearSpec = {
  ...(defaultSpec('linear', 'classification') as LinearSpec),
  epochs: 30,
  learningRate: 0.05,
};

/** Plain and standardised, so a linear model can learn the fixture's target. */
const PLAIN: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b'], strategy: 'median' },
    { kind: 'impute', columns: ['flag'], strategy: 'mode' },
    { kind: 'scale', columns: ['a', 'b'], method: 'standard' },
    { kind: 'oneHot', columns: ['colour'] },
  ],
};

const job = (over: Partial<TrainJob> = {}): TrainJob => ({
  target: 'y',
  task: 'classification',
  recipe: PLAIN,
  model: linear,
  split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.15, stratify: true },
  seed: 3,
  ...over,
});

function withColumn(table: Table, name: string, values: (string | null)[]): Table {
  return {
    rowCount: table.rowCount,
    columns: [...table.columns.filter((c) => c.name !== name), categoricalFromStrings(name, values)],
  };
}

describe('a training', () => {
  it('fits the baseline on the same rows and scores it on every split', async () => {
    const outcome = await trainOnTable(mixedTable(300, 1), job());
    try {
      for (const split of ['train', 'validation', 'test'] as const) {
        const model = outcome.metrics[split]!;
        const base = outcome.baselineMetrics[split]!;
        expect(base.task === 'classification' && base.rocAuc).toBeCloseTo(0.5, 6);
        expect(model.task === 'classification' && model.accuracy).toBeGreaterThan(
          base.task === 'classification' ? base.accuracy : 1,
        );
      }
      expect(outcome.split.description).toMatch(
        /Holdout \(stratified, seed 3\): 195 training, 45 validation and 60 test rows/,
      );
      expect(outcome.history.length).toBeGreaterThan(0);
    } finally {
      disposeModel(outcome.model);
    }
  });

  it('gives the same result for the same data, recipe, spec and seed (tfjs and trees)', async () => {
    const table = mixedTable(240, 2);
    for (const model of [
      linear,
      { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 20 },
    ]) {
      const a = await trainOnTable(table, job({ model }));
      const b = await trainOnTable(table, job({ model }));
      const c = await trainOnTable(table, job({ model, seed: 4 }));
      expect(b.metrics).toEqual(a.metrics);
      expect(b.history).toEqual(a.history);
      expect(b.fittedRecipe).toEqual(a.fittedRecipe);
      expect(c.metrics).not.toEqual(a.metrics);
      [a, b, c].forEach((o) => disposeModel(o.model));
    }
  });

  it('scores out-of-time rows apart from the random test rows', async () => {
    const table = mixedTable(400, 3);
    const outcome = await trainOnTable(
      table,
      job({
        model: { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 10 },
        split: {
          kind: 'outOfTime',
          timeColumn: 'when',
          outOfTimeFraction: 0.2,
          validationFraction: 0.1,
          testFraction: 0.2,
          stratify: true,
        },
      }),
    );
    expect(Object.keys(outcome.metrics).sort()).toEqual(['outOfTime', 'test', 'train', 'validation']);
    expect(outcome.baselineMetrics.outOfTime).toBeDefined();
    const sizes = outcome.splitSizes;
    // Rows without a time (about 5% in the fixture) are in no part.
    expect(sizes.train! + sizes.validation! + sizes.test! + sizes.outOfTime!).toBe(
      400 - outcome.split.excluded,
    );
    expect(outcome.split.excluded).toBeGreaterThan(0);
  });
});

describe('bad input is refused before any work starts', () => {
  const base = mixedTable(120, 4);

  it('a target with one class', async () => {
    const t = withColumn(
      base,
      'y',
      Array.from({ length: 120 }, () => 'yes'),
    );
    const err = await trainOnTable(t, job()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingProblemsError);
    expect((err as Error).message).toMatch(/one class only \("yes"\)/);
  });

  it('too few rows for the folds', () => {
    const t: Table = {
      rowCount: 12,
      columns: base.columns.map((c) => ({
        ...c,
        ...('codes' in c ? { codes: c.codes.slice(0, 12) } : { values: c.values.slice(0, 12) }),
      })) as Table['columns'],
    };
    const { problems } = checkTraining(
      t,
      job({ split: { kind: 'kFold', folds: 10, testFraction: 0, stratify: false } }),
    );
    expect(problems.join(' ')).toMatch(/at least 20 are needed/);
  });

  it('a test part without a class, a rare class, many missing targets', () => {
    const labels = Array.from({ length: 120 }, (_, i) => (i < 2 ? 'rare' : i % 2 ? 'yes' : 'no'));
    const rare = withColumn(base, 'y', labels);
    const unstratified = checkTraining(
      rare,
      job({ split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: false } }),
    );
    expect(unstratified.problems.join(' ')).toMatch(
      /"rare" \(2\) has fewer than the 3 rows|has no row of "rare"/,
    );
    const missing = withColumn(
      base,
      'y',
      Array.from({ length: 120 }, (_, i) => (i % 3 ? null : i % 2 ? 'yes' : 'no')),
    );
    expect(checkTraining(missing, job()).warnings.join(' ')).toMatch(
      /80 of 120 rows \(67%\) have no value in "y"/,
    );
  });

  it('a time column that cannot be parsed, or is missing', () => {
    const t = withColumn(
      base,
      'stamp',
      Array.from({ length: 120 }, (_, i) =>
        i === 7 ? 'next week' : `2021-01-${String((i % 28) + 1).padStart(2, '0')}`,
      ),
    );
    const split = {
      kind: 'outOfTime' as const,
      timeColumn: 'stamp',
      outOfTimeFraction: 0.2,
      validationFraction: 0.1,
      testFraction: 0,
      stratify: true,
    };
    const recipe = { ...PLAIN, steps: [...PLAIN.steps, { kind: 'drop' as const, columns: ['stamp'] }] };
    expect(checkTraining(t, job({ split, recipe })).problems).toEqual([
      'The time column "stamp" cannot be read as dates: "next week" is not a date. Choose a date or numeric column, or convert this one to dates in Preparation.',
    ]);
    expect(checkTraining(base, job({ split: { ...split, timeColumn: 'nope' } })).problems).toEqual([
      'The time column "nope" is not in this dataset version.',
    ]);
    // Reported beside a target problem, not hidden behind it.
    const rareAndBadTime = withColumn(
      t,
      'y',
      Array.from({ length: 120 }, (_, i) => (i < 1 ? 'rare' : i % 2 ? 'yes' : 'no')),
    );
    const both = checkTraining(rareAndBadTime, job({ split, recipe })).problems;
    expect(both).toHaveLength(2);
    expect(both[0]).toMatch(/"rare" \(1\) has fewer than the 2 rows/);
    expect(both[1]).toMatch(/"next week" is not a date/);
    const numeric: Table = {
      rowCount: 120,
      columns: [
        ...base.columns,
        numericFromNumbers(
          't',
          Array.from({ length: 120 }, () => 5),
        ),
      ],
    };
    expect(checkTraining(numeric, job({ split: { ...split, timeColumn: 't' } })).problems[0]).toMatch(
      /Cannot split 120 timed rows by "t"/,
    );
  });

  it('an allocation failure while checking is thrown, not reported as a problem with the data', () => {
    const split = {
      kind: 'outOfTime' as const,
      timeColumn: 't',
      outOfTimeFraction: 0.2,
      validationFraction: 0.1,
      testFraction: 0,
      stratify: true,
    };
    // A time column whose values cannot be read because memory ran out.
    const t = numericFromNumbers(
      't',
      Array.from({ length: 120 }, (_, i) => i),
    );
    const failing = Object.defineProperty({ ...t }, 'values', {
      get() {
        throw new RangeError('Array buffer allocation failed');
      },
    });
    const table: Table = { rowCount: 120, columns: [...base.columns, failing] };
    expect(() => checkTraining(table, job({ split }))).toThrow(RangeError);
    // The same column readable: no problem at all, so the throw came from the allocation.
    expect(checkTraining({ rowCount: 120, columns: [...base.columns, t] }, job({ split })).problems).toEqual(
      [],
    );
  });
});
