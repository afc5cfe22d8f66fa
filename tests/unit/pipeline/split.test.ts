import { describe, expect, it } from 'vitest';
import { holdoutSplit } from '../../../src/core/ml/splits';
import {
  planSplit,
  splitConfigProblems,
  splitProblems,
  timeValues,
  type SplitInput,
} from '../../../src/core/pipeline/split';
import { categoricalFromStrings, type Column } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

const DAY = 86_400_000;

/** n rows, classes cycling a, b, c (row i → i % 3), times one day apart in shuffled order. */
function rows(n: number, seed = 7): SplitInput & { time: Column } {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const values = Float64Array.from(order, (k) => Date.UTC(2020, 0, 1) + k * DAY);
  return {
    task: 'classification',
    y: Float32Array.from({ length: n }, (_, i) => i % 3),
    classes: ['a', 'b', 'c'],
    seed: 42,
    time: { name: 'when', type: 'date', values },
  };
}

function covers(n: number, parts: Int32Array[]): void {
  const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe('holdout', () => {
  it('is the seeded holdoutSplit the recipe preview also uses', () => {
    const input = rows(90);
    const plan = planSplit(
      { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1, stratify: true },
      input,
    );
    const direct = holdoutSplit(90, {
      testFraction: 0.2,
      validationFraction: 0.1,
      seed: 42,
      stratify: Int32Array.from(input.y),
    });
    expect(plan.train).toEqual(direct.train);
    expect(plan.test).toEqual(direct.test);
    expect(plan.summary.sizes).toEqual({ train: 63, validation: 9, test: 18 });
    expect(plan.summary.description).toContain('stratified');
    covers(90, [plan.train, plan.validation, plan.test]);
  });
});

describe('out of time', () => {
  const config = {
    kind: 'outOfTime' as const,
    timeColumn: 'when',
    outOfTimeFraction: 0.2,
    validationFraction: 0.1,
    testFraction: 0.25,
    stratify: true,
  };

  it('trains on the earliest rows, validates on later ones, keeps the latest out of time', () => {
    const input = rows(100);
    const plan = planSplit(config, input);
    const t = (r: number) => (input.time as { values: Float64Array }).values[r]!;
    const latest = (p: Int32Array) => Math.max(...Array.from(p, t));
    const earliest = (p: Int32Array) => Math.min(...Array.from(p, t));
    expect(plan.outOfTime.length).toBe(20);
    expect(plan.validation.length).toBe(10);
    expect(latest(plan.train)).toBeLessThan(earliest(plan.validation));
    expect(latest(plan.validation)).toBeLessThan(earliest(plan.outOfTime));
    // The out-of-sample test is a random part of the training period, not a later one.
    expect(latest(plan.test)).toBeLessThan(earliest(plan.validation));
    expect(plan.test.length).toBe(18);
    expect(plan.summary.outOfTimeStart).toBe(earliest(plan.outOfTime));
    expect(plan.summary.description).toMatch(/out-of-time from 2020-03-2/);
    covers(100, [plan.train, plan.validation, plan.test, plan.outOfTime]);
  });

  it('reads dates written as text, and names a value that is not one', () => {
    const text = categoricalFromStrings('day', ['2021-03-01', '2021-01-05', null, '2021-02-10']);
    expect(Array.from(timeValues(text))).toEqual([
      Date.UTC(2021, 2, 1),
      Date.UTC(2021, 0, 5),
      NaN,
      Date.UTC(2021, 1, 10),
    ]);
    const bad = categoricalFromStrings('day', ['2021-03-01', 'soon', '2021-02-10']);
    expect(() => timeValues(bad)).toThrow(/"day" cannot be read as dates: "soon" is not a date/);
  });

  it('leaves rows without a time out and says so', () => {
    const input = rows(60);
    const values = Float64Array.from((input.time as { values: Float64Array }).values);
    values[3] = NaN;
    const plan = planSplit(config, { ...input, time: { name: 'when', type: 'date', values } });
    expect(plan.summary.excluded).toBe(1);
    expect(plan.summary.notes[0]).toMatch(/1 rows have no time in "when"/);
    for (const part of [plan.train, plan.validation, plan.test, plan.outOfTime])
      expect(Array.from(part)).not.toContain(3);
  });

  it('notes a class that the later period lacks instead of refusing', () => {
    const input = rows(60);
    const t = (input.time as { values: Float64Array }).values;
    // Class "c" only in the earliest half.
    const y = Float32Array.from(input.y, (c, i) => (c === 2 && t[i]! > Date.UTC(2020, 0, 30) ? 0 : c));
    const plan = planSplit({ ...config, testFraction: 0 }, { ...input, y });
    expect(plan.summary.notes.join(' ')).toMatch(/out-of-time part has no row of "c"/);
    expect(splitProblems(plan, { ...input, y })).toEqual([]);
  });
});

describe('k-fold', () => {
  it('holds a test part out first, then folds the rest so each row validates once', () => {
    const input = rows(90);
    const plan = planSplit({ kind: 'kFold', folds: 4, testFraction: 0.2, stratify: true }, input);
    expect(plan.test.length).toBe(18);
    expect(plan.folds).toHaveLength(4);
    covers(90, [plan.test, ...plan.folds!.map((f) => f.validation)]);
    for (const f of plan.folds!) {
      covers(
        72,
        [f.train, f.validation].map((p) => Int32Array.from(p, (r) => Array.from(plan.train).indexOf(r))),
      );
      expect(new Set(Array.from(f.validation, (r) => input.y[r])).size).toBe(3);
    }
    expect(plan.summary.foldSizes).toEqual([18, 18, 18, 18]);
  });

  it('refuses too many folds for the rows, naming both numbers', () => {
    expect(() => planSplit({ kind: 'kFold', folds: 10, testFraction: 0, stratify: false }, rows(15))).toThrow(
      /15 rows are too few for 10 folds/,
    );
  });
});

describe('checks', () => {
  it('finds a random test part without some class when not stratified', () => {
    const y = Float32Array.from({ length: 40 }, (_, i) => (i < 3 ? 1 : 0));
    const config = { kind: 'holdout' as const, testFraction: 0.2, validationFraction: 0, stratify: false };
    // The first seed whose random test part misses all three "yes" rows.
    const input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      .map((seed): SplitInput => ({ task: 'classification', y, classes: ['no', 'yes'], seed }))
      .find((i) => !Array.from(planSplit(config, i).test).some((r) => r < 3))!;
    expect(splitProblems(planSplit(config, input), input)).toEqual([
      'The test part (8 rows) has no row of "yes". Turn on stratified splitting, raise its share, or merge rare classes.',
    ]);
    const stratified = planSplit({ ...config, stratify: true }, input);
    expect(splitProblems(stratified, input)).toEqual([]);
  });

  it('words bad settings as the form does', () => {
    expect(
      splitConfigProblems({ kind: 'holdout', testFraction: 0.6, validationFraction: 0.5, stratify: true }),
    ).toEqual(['Test and validation shares together leave no rows to train on: keep their sum below 1.']);
    expect(splitConfigProblems({ kind: 'kFold', folds: 1, testFraction: 0, stratify: true })[0]).toMatch(
      /Folds must be/,
    );
    expect(
      splitConfigProblems({
        kind: 'outOfTime',
        timeColumn: '',
        outOfTimeFraction: 0,
        validationFraction: 0.1,
        testFraction: 0,
        stratify: true,
      }),
    ).toEqual([
      'Out-of-time share must be above 0 and below 1 (got 0).',
      'Choose the time column for the out-of-time split.',
    ]);
    expect(numericFromNumbers('x', [1]).type).toBe('number');
  });
});
