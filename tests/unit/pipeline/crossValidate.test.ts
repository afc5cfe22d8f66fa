import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitRecipe } from '../../../src/core/features';
import { defaultSpec, type GbdtSpec } from '../../../src/core/ml/models';
import { checkTraining, trainOnTable } from '../../../src/core/pipeline/train';
import { crossValidate } from '../../../src/core/pipeline/crossValidate';
import type { TrainJob } from '../../../src/core/pipeline/types';
import { categoricalFromStrings, takeRows, type Table } from '../../../src/core/table/table';
import { mixedTable, WITH_ENCODERS } from '../features/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const job = (over: Partial<TrainJob> = {}): TrainJob => ({
  target: 'y',
  task: 'classification',
  recipe: WITH_ENCODERS,
  model: { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 15, earlyStopping: null },
  split: { kind: 'kFold', folds: 4, testFraction: 0.2, stratify: true },
  seed: 11,
  ...over,
});

function prepared(table: Table, j: TrainJob) {
  const check = checkTraining(table, j);
  expect(check.problems).toEqual([]);
  return check.prepared!;
}

/** The table with `rows` (indices into the labelled rows) rewritten wildly: other values, other targets. */
function perturb(table: Table, rows: Int32Array): Table {
  const hit = new Set(rows);
  const columns = table.columns.map((c) => {
    if (c.name === 'a' && c.type === 'number') {
      return { ...c, values: Float64Array.from(c.values, (v, i) => (hit.has(i) ? 1e6 + i : v)) };
    }
    if (c.name === 'colour3' || c.name === 'y' || c.name === 'colour') {
      const texts = Array.from({ length: table.rowCount }, (_, i) =>
        c.type === 'category' && 'codes' in c ? (c.codes[i]! < 0 ? null : c.dictionary[c.codes[i]!]!) : null,
      );
      const swapped = texts.map((t, i) =>
        hit.has(i) ? (c.name === 'y' ? (t === 'yes' ? 'no' : 'yes') : 'violet') : t,
      );
      return categoricalFromStrings(c.name, swapped);
    }
    return c;
  });
  return { rowCount: table.rowCount, columns };
}

describe('cross-validation fits the recipe inside each fold', () => {
  it("fits each fold's recipe on its training rows only: its validation rows never change it", async () => {
    const table = mixedTable(240, 5);
    const j = job();
    const { data, plan } = prepared(table, j);
    const { fits } = await crossValidate(data, j, plan.folds!, {});
    // Each fold's recipe is exactly the recipe fit on that fold's training rows alone…
    plan.folds!.forEach((fold, i) => {
      const alone = fitRecipe(j.recipe, takeRows(data.table, fold.train), {
        target: 'y',
        task: 'classification',
        seed: 11,
      });
      expect(fits[i]!.fitted).toEqual(alone);
    });
    // …so rewriting fold 1's validation rows (features and targets) leaves fold 1's recipe as it was,
    // while every other fold, which trains on those rows, learns something else.
    const wild = { ...data, table: perturb(data.table, plan.folds![0]!.validation) };
    const again = await crossValidate(wild, j, plan.folds!, {});
    expect(again.fits[0]!.fitted).toEqual(fits[0]!.fitted);
    for (let i = 1; i < plan.folds!.length; i++) expect(again.fits[i]!.fitted).not.toEqual(fits[i]!.fitted);
  });

  it('stores mean ± std across folds and uses the fold mean as the validation score', async () => {
    const table = mixedTable(240, 6);
    const outcome = await trainOnTable(table, job());
    const cv = outcome.crossValidation!;
    expect(cv.folds).toBe(4);
    expect(cv.perFold).toHaveLength(4);
    const accs = cv.perFold.map((f) => (f.metrics.task === 'classification' ? f.metrics.accuracy : NaN));
    const mean = accs.reduce((a, b) => a + b) / 4;
    const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(cv.mean.accuracy).toBeCloseTo(mean, 12);
    expect(cv.std.accuracy).toBeCloseTo(std, 12);
    expect(cv.std.accuracy).toBeGreaterThan(0);
    const validation = outcome.metrics.validation!;
    expect(validation.task === 'classification' && validation.accuracy).toBeCloseTo(mean, 12);
    // The summed confusion matrix counts every non-test row once.
    const total =
      validation.task === 'classification' ? validation.confusion.flat().reduce((a, b) => a + b) : 0;
    expect(total).toBe(outcome.split.sizes.train);
    expect(outcome.metrics.test).toBeDefined();
    expect(outcome.baselineMetrics.validation).toBeDefined();
    expect(cv.mean.accuracy!).toBeGreaterThan(cv.baselineMean.accuracy!);
  });

  it('reports progress per fold, then for the final model', async () => {
    const stages: string[] = [];
    await trainOnTable(
      mixedTable(200, 7),
      job({ split: { kind: 'kFold', folds: 3, testFraction: 0, stratify: true } }),
      {
        onPhase: (phase, stage) => {
          if (phase === 'training') stages.push(`${stage.label} (${stage.index + 1}/${stage.count})`);
        },
      },
    );
    expect(stages).toEqual([
      'fold 1 of 3 (1/4)',
      'fold 2 of 3 (2/4)',
      'fold 3 of 3 (3/4)',
      'final model (4/4)',
    ]);
  });
});
