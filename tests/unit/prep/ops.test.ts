import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PrepError, applyPrepOp, type PrepOp } from '../../../src/core/prep';
import type { Table } from '../../../src/core/table/table';
import { col, names, rows, snapshot, table } from './helpers';

const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/transforms.json', import.meta.url), 'utf8'),
) as {
  x_train: (number | null)[];
  x_test: (number | null)[];
  impute_mean: { fill: number };
  impute_median: { fill: number };
  impute_most_frequent: { fill: string };
  onehot: { train: (string | null)[] };
  robust: { test: (number | null)[] };
};

const penguins = (): Table =>
  table(
    {
      id: [1, 2, 3, 4, 5, 6],
      species: ['Adelie', 'Gentoo', 'Adelie', null, 'Gentoo', 'Adelie'],
      mass: [3750, 5000, null, 3200, 5000, 3750],
      island: ['Biscoe', 'Dream', 'Biscoe', 'Dream', 'Dream', 'Biscoe'],
    },
    { id: 'integer', mass: 'integer' },
  );

/** Applies and checks the input table was not modified. */
function apply(op: PrepOp, t: Table = penguins(), inputs?: ReadonlyMap<string, Table>) {
  const before = snapshot(t);
  const result = applyPrepOp(op, t, inputs);
  expect(snapshot(t)).toEqual(before);
  return result;
}

describe('filter', () => {
  it('keeps rows where the condition is true and drops missing conditions', () => {
    const r = apply({ kind: 'filter', expression: "species = 'Adelie' and mass > 3500" });
    expect(col(r.table, 'id')).toEqual([1, 6]);
    expect([r.rowsBefore, r.rowsAfter]).toEqual([6, 2]);
    expect(r.summary).toBe(
      "Kept 2 of 6 rows where species = 'Adelie' and mass > 3500; 1 row where it could not be decided (missing values) were removed",
    );
  });

  it('refuses a condition that is not true/false, naming the expression', () => {
    expect(() => apply({ kind: 'filter', expression: 'mass + 1' })).toThrow(
      /needs a true\/false condition.*gives integer values/,
    );
  });

  it('reports an expression error with its position', () => {
    try {
      apply({ kind: 'filter', expression: 'mas > 1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PrepError);
      const p = (e as PrepError).problems[0]!;
      expect(p.message).toBe('Unknown column "mas" at 0 — did you mean "mass"?');
      expect([p.field, p.position, p.length]).toEqual(['expression', 0, 3]);
    }
  });
});

describe('column operations', () => {
  it('drops columns', () => {
    const r = apply({ kind: 'dropColumns', columns: ['mass', 'island'] });
    expect(names(r.table)).toEqual(['id', 'species']);
    expect(r.summary).toBe('Dropped columns "mass", "island"');
  });

  it('refuses to drop an unknown column or every column', () => {
    expect(() => apply({ kind: 'dropColumns', columns: ['islands'] })).toThrow(
      'Column "islands" is not in the table — did you mean "island"?',
    );
    expect(() => apply({ kind: 'dropColumns', columns: ['id', 'species', 'mass', 'island'] })).toThrow(
      /empty table/,
    );
  });

  it('selects columns in the order given', () => {
    const r = apply({ kind: 'selectColumns', columns: ['island', 'id'] });
    expect(names(r.table)).toEqual(['island', 'id']);
    expect(rows(r.table)[0]).toEqual(['Biscoe', 1]);
  });

  it('renames simultaneously, so two columns can swap names', () => {
    const r = apply({
      kind: 'renameColumns',
      renames: [
        { from: 'species', to: 'island' },
        { from: 'island', to: 'species' },
      ],
    });
    expect(names(r.table)).toEqual(['id', 'island', 'mass', 'species']);
    expect(col(r.table, 'island')[0]).toBe('Adelie');
  });

  it('refuses a rename that creates a duplicate name', () => {
    expect(() => apply({ kind: 'renameColumns', renames: [{ from: 'species', to: 'island' }] })).toThrow(
      'Renaming would give two columns the name "island" — choose another name.',
    );
  });

  it('derives a new column and replaces an existing one in place', () => {
    const added = apply({ kind: 'derive', name: 'kg', expression: 'mass / 1000' });
    expect(names(added.table)).toEqual(['id', 'species', 'mass', 'island', 'kg']);
    expect(col(added.table, 'kg')).toEqual([3.75, 5, null, 3.2, 5, 3.75]);
    expect(added.summary).toBe('Added column "kg" = mass / 1000');
    const replaced = apply({ kind: 'derive', name: 'species', expression: 'lower(species)' });
    expect(names(replaced.table)).toEqual(['id', 'species', 'mass', 'island']);
    expect(col(replaced.table, 'species')).toEqual(['adelie', 'gentoo', 'adelie', null, 'gentoo', 'adelie']);
  });
});

describe('dedupe and dropMissing', () => {
  it('removes duplicates by chosen columns keeping the first or the last, in original order', () => {
    const first = apply({ kind: 'dedupe', columns: ['species', 'island'], keep: 'first' });
    expect(col(first.table, 'id')).toEqual([1, 2, 4]);
    expect(first.summary).toBe('Removed 3 duplicate rows (same "species", "island"), keeping the first');
    const last = apply({ kind: 'dedupe', columns: ['species', 'island'], keep: 'last' });
    expect(col(last.table, 'id')).toEqual([4, 5, 6]);
  });

  it('compares whole rows when no columns are given, missing equal to missing', () => {
    const t = table({ a: [1, 1, null, null, 1], b: ['x', 'x', null, null, 'y'] });
    const r = apply({ kind: 'dedupe', keep: 'first' }, t);
    expect(rows(r.table)).toEqual([
      [1, 'x'],
      [null, null],
      [1, 'y'],
    ]);
    expect(r.summary).toBe('Removed 2 duplicate rows, keeping the first');
  });

  it('drops rows with missing values in the given or all columns', () => {
    expect(col(apply({ kind: 'dropMissing', columns: ['mass'] }).table, 'id')).toEqual([1, 2, 4, 5, 6]);
    const all = apply({ kind: 'dropMissing' });
    expect(col(all.table, 'id')).toEqual([1, 2, 5, 6]);
    expect(all.summary).toBe('Removed 2 rows with missing values');
  });
});

describe('fillMissing', () => {
  const train = () => table({ x: golden.x_train });

  it('fills with the mean and median scikit-learn computes', () => {
    const mean = apply({ kind: 'fillMissing', column: 'x', strategy: 'mean' }, train());
    const filled = col(mean.table, 'x');
    golden.x_train.forEach((v, i) => {
      if (v === null) expect(filled[i]).toBeCloseTo(golden.impute_mean.fill, 12);
      else expect(filled[i]).toBe(v);
    });
    expect(mean.summary).toBe(`Filled 3 missing values in "x" with the mean (35.37)`);
    const median = apply({ kind: 'fillMissing', column: 'x', strategy: 'median' }, train());
    expect(col(median.table, 'x')[golden.x_train.indexOf(null)]).toBeCloseTo(golden.impute_median.fill, 12);
  });

  it('fills a category with the most frequent value as scikit-learn does', () => {
    const t = table({ colour: golden.onehot.train });
    const r = apply({ kind: 'fillMissing', column: 'colour', strategy: 'mode' }, t);
    const missingAt = golden.onehot.train.indexOf(null);
    expect(missingAt).toBeGreaterThanOrEqual(0);
    expect(col(r.table, 'colour')[missingAt]).toBe(golden.impute_most_frequent.fill);
  });

  it('breaks mode ties towards the smallest value', () => {
    const t = table({ n: [3, 1, 3, 1, null] }, { n: 'integer' });
    expect(col(apply({ kind: 'fillMissing', column: 'n', strategy: 'mode' }, t).table, 'n')[4]).toBe(1);
  });

  it('fills with a constant, adding a new category when needed', () => {
    const r = apply({ kind: 'fillMissing', column: 'species', strategy: 'constant', value: 'unknown' });
    expect(col(r.table, 'species')[3]).toBe('unknown');
    const n = apply({ kind: 'fillMissing', column: 'mass', strategy: 'constant', value: 0 });
    expect(col(n.table, 'mass')[2]).toBe(0);
    expect(n.table.columns[2]!.type).toBe('integer');
  });

  it('makes an integer column a number column when filled with its mean', () => {
    const r = apply({ kind: 'fillMissing', column: 'mass', strategy: 'mean' });
    expect(r.table.columns[2]!.type).toBe('number');
    expect(col(r.table, 'mass')[2]).toBe(4140);
  });

  it('fills dates and booleans', () => {
    const t = table(
      { d: ['2020-01-01', null, '2020-01-04', '2020-01-05'], b: [true, null, true, false] },
      { d: 'date' },
    );
    const d = apply({ kind: 'fillMissing', column: 'd', strategy: 'median' }, t);
    expect(col(d.table, 'd')[1]).toBe(Date.parse('2020-01-04'));
    const c = apply({ kind: 'fillMissing', column: 'd', strategy: 'constant', value: '1999-12-31' }, t);
    expect(col(c.table, 'd')[1]).toBe(Date.parse('1999-12-31'));
    expect(col(apply({ kind: 'fillMissing', column: 'b', strategy: 'mode' }, t).table, 'b')[1]).toBe(true);
  });

  it('explains values that do not fit and statistics that do not apply', () => {
    expect(() => apply({ kind: 'fillMissing', column: 'mass', strategy: 'constant', value: 2.5 })).toThrow(
      'The fill value 2.5 is not a whole number, but column "mass" (integer) holds integers',
    );
    expect(() => apply({ kind: 'fillMissing', column: 'species', strategy: 'mean' })).toThrow(
      'Cannot fill "species" (category) with the mean — use the mode or a constant for category columns.',
    );
    expect(() => apply({ kind: 'fillMissing', column: 'mass', strategy: 'constant' })).toThrow(
      'Give the value to fill',
    );
    const empty = table({ x: [null, null] }, { x: 'number' });
    expect(() => apply({ kind: 'fillMissing', column: 'x', strategy: 'median' }, empty)).toThrow(
      'Column "x" has no values to compute the median from — fill it with a constant.',
    );
  });
});

describe('outliers', () => {
  // x: 1..9 plus 100. Q1 = 3.25, Q3 = 7.75 (linear), IQR = 4.5, fences [-3.5, 14.5].
  const t = () =>
    table({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, null], id: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

  it('clips to the IQR fences', () => {
    const r = apply({ kind: 'outliers', column: 'x', method: 'iqr', k: 1.5, action: 'clip' }, t());
    expect(col(r.table, 'x')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 14.5, null]);
    expect(r.summary).toBe('Clipped 1 value of "x" to [-3.5, 14.5] (IQR, k = 1.5)');
  });

  it('uses the same quartiles as scikit-learn (RobustScaler scale = IQR)', () => {
    const train = table({ x: golden.x_train });
    const r = apply({ kind: 'outliers', column: 'x', method: 'iqr', k: 0, action: 'remove' }, train);
    // With k = 0 exactly the values within [Q1, Q3] survive; derive the golden IQR from two test points.
    const [a, b] = [golden.x_test[0]!, golden.x_test[1]!];
    const iqr = (a - b) / (golden.robust.test[0]! - golden.robust.test[1]!);
    const kept = (col(r.table, 'x').filter((v) => v !== null) as number[]).sort((p, q) => p - q);
    expect(kept[kept.length - 1]! - kept[0]!).toBeLessThanOrEqual(iqr + 1e-9);
    const clipped = apply({ kind: 'outliers', column: 'x', method: 'iqr', k: 0, action: 'clip' }, train);
    const values = col(clipped.table, 'x').filter((v) => v !== null) as number[];
    expect(Math.max(...values) - Math.min(...values)).toBeCloseTo(iqr, 9);
  });

  it('removes rows beyond k population standard deviations, keeping missing values', () => {
    // mean 14.5, population sd ≈ 28.5; 100 is 3.0 sd out.
    const r = apply({ kind: 'outliers', column: 'x', method: 'zscore', k: 2, action: 'remove' }, t());
    expect(col(r.table, 'id')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]);
    expect(r.summary).toMatch(/^Removed 1 row with "x" outside \[-42\.\d+, 71\.\d+\] \(z-score, k = 2\)$/);
  });

  it('keeps integer columns integer by clipping to whole numbers inside the fences', () => {
    const ints = table({ n: [1, 2, 3, 4, 100] }, { n: 'integer' });
    const r = apply({ kind: 'outliers', column: 'n', method: 'iqr', k: 1, action: 'clip' }, ints);
    // Q1 2, Q3 4, IQR 2, fences [0, 6].
    expect(col(r.table, 'n')).toEqual([1, 2, 3, 4, 6]);
    expect(r.table.columns[0]!.type).toBe('integer');
  });

  it('refuses text columns and negative k', () => {
    expect(() =>
      apply({ kind: 'outliers', column: 'species', method: 'iqr', k: 1.5, action: 'clip' }),
    ).toThrow('Outliers can only be handled in number columns; "species" is category');
    expect(() =>
      apply({ kind: 'outliers', column: 'mass', method: 'zscore', k: -1, action: 'clip' }),
    ).toThrow('zero or a positive number');
  });
});

describe('cast', () => {
  it('reads text as numbers and reports what could not be read', () => {
    const t = table({ v: ['1', ' 2 ', 'abc', null, '4.5'] }, { v: 'text' });
    const r = apply({ kind: 'cast', column: 'v', to: 'number' }, t);
    expect(col(r.table, 'v')).toEqual([1, 2, null, null, 4.5]);
    expect(r.table.columns[0]!.type).toBe('number');
    expect(r.summary).toBe(
      'Cast "v" from text to number; 1 value could not be read and is now missing (row 3: "abc")',
    );
  });

  it('turns numbers into text and dates into ISO text', () => {
    const t = table({ n: [1, 2.5, null], d: ['2020-01-02', null, '1999-12-31'] }, { d: 'date' });
    expect(col(apply({ kind: 'cast', column: 'n', to: 'category' }, t).table, 'n')).toEqual([
      '1',
      '2.5',
      null,
    ]);
    expect(col(apply({ kind: 'cast', column: 'd', to: 'text' }, t).table, 'd')).toEqual([
      '2020-01-02',
      null,
      '1999-12-31',
    ]);
  });

  it('reads true/false text as booleans', () => {
    const t = table({ b: ['yes', 'no', 'maybe', 'TRUE'] }, { b: 'text' });
    const r = apply({ kind: 'cast', column: 'b', to: 'boolean' }, t);
    expect(col(r.table, 'b')).toEqual([true, false, null, true]);
  });

  it('refuses an unknown type', () => {
    expect(() => apply({ kind: 'cast', column: 'mass', to: 'float' as never })).toThrow(
      '"float" is not a column type',
    );
  });
});
