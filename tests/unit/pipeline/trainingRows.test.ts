/**
 * The rows the recipe preview fits on are the rows training fits on: trainingRowIndices (what the
 * data worker's preview uses) against checkTraining's own plan, for every kind of split.
 */
import { describe, expect, it } from 'vitest';
import { checkTraining } from '../../../src/core/pipeline/train';
import { trainingRowIndices } from '../../../src/core/pipeline/trainingRows';
import type { SplitConfig } from '../../../src/core/pipeline/split';
import type { TrainJob } from '../../../src/core/pipeline/types';
import { defaultSpec } from '../../../src/core/ml/models/spec';
import { encodeTarget } from '../../../src/core/ml/target';
import { createRng } from '../../../src/core/ml/rng';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

/** 300 rows, a class target with every tenth value missing, a numeric time column in shuffled order. */
function rows(): Table {
  const rng = createRng(3);
  const n = 300;
  const order = Array.from({ length: n }, (_, i) => i).sort(() => rng() - 0.5);
  return {
    rowCount: n,
    columns: [
      numericFromNumbers(
        'x',
        Array.from({ length: n }, () => rng()),
      ),
      numericFromNumbers('t', order),
      categoricalFromStrings(
        'y',
        Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : ['a', 'b', 'c'][i % 3]!)),
      ),
    ],
  };
}

const SPLITS: SplitConfig[] = [
  { kind: 'holdout', testFraction: 0.2, validationFraction: 0.2, stratify: true },
  {
    kind: 'outOfTime',
    timeColumn: 't',
    outOfTimeFraction: 0.2,
    validationFraction: 0.1,
    testFraction: 0.1,
    stratify: false,
  },
  { kind: 'kFold', folds: 4, testFraction: 0.2, stratify: true },
];

describe('training rows', () => {
  for (const split of SPLITS) {
    it(`are the rows training plans for a ${split.kind} split`, () => {
      const table = rows();
      const job: TrainJob = {
        target: 'y',
        task: 'classification',
        recipe: { formatVersion: 1, steps: [] },
        model: defaultSpec('linear', 'classification'),
        split,
        seed: 11,
      };
      const checked = checkTraining(table, job);
      expect(checked.problems).toEqual([]);
      const labelled = encodeTarget(table.columns[2]!, 'classification').rows;
      const planned = Array.from(checked.prepared!.plan.train, (i) => labelled[i]!);
      const preview = Array.from(trainingRowIndices(table, job));
      expect(preview).toEqual(planned);
      // Never a row without a target, never a held-out row.
      expect(preview.every((r) => r % 10 !== 0)).toBe(true);
      const heldOut = new Set(
        ['validation', 'test', 'outOfTime'].flatMap((part) =>
          Array.from(checked.prepared!.plan[part as 'test'], (i) => labelled[i]!),
        ),
      );
      expect(preview.some((r) => heldOut.has(r))).toBe(false);
      if (split.kind === 'kFold') {
        // Every non-test labelled row: where the final model's recipe is fit.
        expect(preview.length + checked.prepared!.plan.test.length).toBe(labelled.length);
      }
    });
  }

  it('out of time: every training row is earlier than every out-of-time row', () => {
    const table = rows();
    const job: TrainJob = {
      target: 'y',
      task: 'classification',
      recipe: { formatVersion: 1, steps: [] },
      model: defaultSpec('linear', 'classification'),
      split: SPLITS[1]!,
      seed: 5,
    };
    const time = table.columns[1]!;
    const t = (r: number) => ('values' in time ? time.values[r]! : NaN);
    const labelled = encodeTarget(table.columns[2]!, 'classification').rows;
    const outOfTime = Array.from(checkTraining(table, job).prepared!.plan.outOfTime, (i) => t(labelled[i]!));
    const train = Array.from(trainingRowIndices(table, job), t);
    expect(outOfTime.length).toBeGreaterThan(0);
    expect(Math.max(...train)).toBeLessThan(Math.min(...outOfTime));
  });
});
