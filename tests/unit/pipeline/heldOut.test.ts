import { describe, expect, it } from 'vitest';
import { defaultSpec, disposeModel, serializeModel } from '../../../src/core/ml/models';
import type { GbdtSpec } from '../../../src/core/ml/models';
import { classificationMetrics } from '../../../src/core/ml/metrics';
import { trainOnTable, type TrainJob } from '../../../src/core/pipeline/train';
import { scoreTableFast } from '../../../src/core/deploy/scoringPredict';
import { MISSING_CODE, type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';
import { mixedTable } from '../features/fixtures';

const gbdt: GbdtSpec = { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations: 10 };
const job = (over: Partial<TrainJob> = {}): TrainJob => ({
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
  model: gbdt,
  split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.2, stratify: true },
  seed: 5,
  ...over,
});

/** Gives a fifth of the rows no target, so labelled row indices differ from dataset row ids. */
function withMissingTargets(table: Table): Table {
  const y = table.columns.find((c) => c.name === 'y')!;
  const ids = table.columns.find((c) => c.name === 'id')!;
  if (!('codes' in y) || !('values' in ids)) throw new Error('fixture changed');
  const codes = Int32Array.from(y.codes, (c, i) => (i % 5 === 0 ? MISSING_CODE : c));
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((c) => (c === y ? { ...y, codes } : c)),
  };
}

describe('held-out predictions', () => {
  it('keeps validation and test predictions whose metrics are the run’s, with dataset row ids', async () => {
    const table = withMissingTargets(mixedTable(300, 1));
    const out = await trainOnTable(table, job());
    try {
      const { heldOut } = out;
      expect(heldOut.sets.map((s) => s.split)).toEqual(['validation', 'test']);
      expect(heldOut.width).toBe(2);
      for (const set of heldOut.sets) {
        expect(set.rowIds.length).toBe(out.splitSizes[set.split]);
        expect(set.predicted.length).toBe(set.rowIds.length * 2);
        const m = classificationMetrics(Int32Array.from(set.y), set.predicted, 2);
        const stored = out.metrics[set.split]!;
        expect(stored.task === 'classification' && stored.accuracy).toBeCloseTo(m.accuracy, 10);
        // No row without a target, and the id column of each row agrees with its stored position.
        const id = table.columns.find((c) => c.name === 'id')!;
        for (const r of set.rowIds) {
          expect(r % 5).not.toBe(0);
          expect('values' in id && id.values[r]).toBe(1000 + r);
        }
      }
    } finally {
      disposeModel(out.model);
    }
  });

  it('keeps out-of-fold predictions of every fold in cross-validation, and out-of-time rows', async () => {
    const cv = await trainOnTable(
      mixedTable(200, 2),
      job({ split: { kind: 'kFold', folds: 4, testFraction: 0.2, stratify: true } }),
    );
    const oof = cv.heldOut.sets.find((s) => s.split === 'validation')!;
    expect(oof.rowIds.length).toBe(cv.splitSizes.validation);
    expect(new Set(oof.fold).size).toBe(4);
    expect(new Set(oof.rowIds).size).toBe(oof.rowIds.length);
    disposeModel(cv.model);
    const oot = await trainOnTable(
      mixedTable(300, 3),
      job({
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
    expect(oot.heldOut.sets.map((s) => s.split)).toEqual(['validation', 'test', 'outOfTime']);
    disposeModel(oot.model);
  });

  it('keeps values for regression', async () => {
    const table = mixedTable(200, 4, 'regression');
    const out = await trainOnTable(
      table,
      job({
        task: 'regression',
        model: { ...(defaultSpec('gbdt', 'regression') as GbdtSpec), maxIterations: 5 },
      }),
    );
    expect(out.heldOut.width).toBe(1);
    const test = out.heldOut.sets.find((s) => s.split === 'test')!;
    expect(test.predicted.length).toBe(test.rowIds.length);
    expect(numericFromNumbers('p', Array.from(test.predicted)).values.every(Number.isFinite)).toBe(true);
    disposeModel(out.model);
  });
});

describe('scoring with a decision threshold', () => {
  it('labels a row with the second class when its probability reaches the threshold', async () => {
    const table = mixedTable(200, 6);
    const out = await trainOnTable(table, job());
    try {
      const labels = async (threshold?: number) => {
        const scored = await scoreTableFast(
          table,
          out.fittedRecipe,
          out.model,
          await serializeModel(out.model),
          'classification',
          out.classes,
          threshold,
        );
        const col = scored.table.columns.find((c) => c.name === scored.predictionColumn)!;
        const p = scored.table.columns.find((c) => c.name === `probability_${out.classes[1]}`)!;
        if (!('codes' in col) || !('values' in p)) throw new Error('columns');
        return { labels: Array.from(col.codes, (c) => col.dictionary[c]!), p: p.values };
      };
      const argmax = await labels();
      // A threshold inside the range of probabilities, so it moves rows across.
      const t = Float64Array.from(argmax.p).sort()[60]!;
      const low = await labels(t);
      for (let i = 0; i < 200; i++) {
        expect(low.labels[i]).toBe(low.p[i]! >= t ? out.classes[1] : out.classes[0]);
        expect(argmax.labels[i]).toBe(argmax.p[i]! > 0.5 ? out.classes[1] : out.classes[0]);
      }
      expect(low.labels.filter((l) => l === out.classes[1]).length).not.toBe(
        argmax.labels.filter((l) => l === out.classes[1]).length,
      );
    } finally {
      disposeModel(out.model);
    }
  });
});
