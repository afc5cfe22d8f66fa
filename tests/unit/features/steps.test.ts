/** Steps without a scikit-learn golden: each checked against values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { applyRecipe, describeStep, fitRecipe, fitTransform, traceRecipe } from '../../../src/core/features';
import type { StepSpec } from '../../../src/core/features';
import type { Table } from '../../../src/core/table/table';
import { cellValue } from '../../../src/core/table/table';
import { cat, num, table, values } from './helpers';

const y = (n: number) =>
  num(
    'y',
    Array.from({ length: n }, () => 0),
  );

function run(steps: StepSpec[], train: Table, apply: Table = train): Table {
  const fitted = fitRecipe({ formatVersion: 1, steps }, train, { target: 'y', task: 'regression' });
  return applyRecipe(fitted, apply);
}

describe('date parts', () => {
  // 2024-12-29 was a Sunday; 2025-03-05 a Wednesday.
  const when = {
    name: 'when',
    type: 'datetime' as const,
    values: Float64Array.from([Date.UTC(2024, 11, 29, 18, 30), Date.UTC(2025, 2, 5, 6), NaN]),
  };

  it('year, month, day of week and hour in UTC; a missing date gives missing parts', () => {
    const out = run([{ kind: 'dateParts', columns: ['when'] }], table(when, y(3)));
    expect(out.columns.map((c) => c.name)).toEqual([
      'when_year',
      'when_month',
      'when_dayOfWeek',
      'when_hour',
    ]);
    expect(values(out, 'when_year').slice(0, 2)).toEqual([2024, 2025]);
    expect(values(out, 'when_month').slice(0, 2)).toEqual([12, 3]);
    expect(values(out, 'when_dayOfWeek').slice(0, 2)).toEqual([0, 3]);
    expect(values(out, 'when_hour').slice(0, 2)).toEqual([18, 6]);
    expect(values(out, 'when_year')[2]).toBeNaN();
  });

  it('cyclical: December sits next to January', () => {
    const out = run(
      [{ kind: 'dateParts', columns: ['when'], parts: ['month'], cyclical: true }],
      table(when, y(3)),
    );
    expect(out.columns.map((c) => c.name)).toEqual(['when_month_sin', 'when_month_cos']);
    expect(values(out, 'when_month_sin')[0]).toBeCloseTo(Math.sin((2 * Math.PI * 11) / 12), 12);
    expect(values(out, 'when_month_cos')[0]).toBeCloseTo(Math.cos((2 * Math.PI * 11) / 12), 12);
    expect(values(out, 'when_month_cos')[1]).toBeCloseTo(Math.cos((2 * Math.PI * 2) / 12), 12);
  });
});

describe('products', () => {
  const t = table(num('p', [1, 2, null]), num('q', [3, 4, 5]), num('r', [2, 2, 2]), y(3));

  it('interactions: every pair, appended', () => {
    const out = run([{ kind: 'interactions', columns: ['p', 'q', 'r'] }], t);
    expect(out.columns.map((c) => c.name)).toEqual(['p', 'q', 'r', 'p*q', 'p*r', 'q*r']);
    expect(values(out, 'p*q').slice(0, 2)).toEqual([3, 8]);
    expect(values(out, 'p*q')[2]).toBeNaN();
  });

  it('polynomial degree 2 in scikit-learn order', () => {
    const out = run([{ kind: 'polynomial', columns: ['p', 'q'], degree: 2 }], t);
    expect(out.columns.map((c) => c.name)).toEqual(['p', 'q', 'r', 'p^2', 'p*q', 'q^2']);
    expect(values(out, 'q^2')).toEqual([9, 16, 25]);
  });
});

describe('encoders and small steps', () => {
  it('ordinal: sorted training categories (numerically for numbers); unseen and missing → −1', () => {
    const train = table(cat('size', ['m', 's', 'l', 'm']), num('n', [10, 9, 100, 9]), y(4));
    const out = run(
      [{ kind: 'ordinal', columns: ['size', 'n'] }],
      train,
      table(cat('size', ['l', 'xl', null]), num('n', [9, 100, 7])),
    );
    expect(values(out, 'size')).toEqual([0, -1, -1]);
    expect(values(out, 'n')).toEqual([0, 2, -1]);
    const ordered = run(
      [
        { kind: 'ordinal', columns: ['size'], categories: ['s', 'm', 'l'] },
        { kind: 'drop', columns: ['n'] },
      ],
      train,
    );
    expect(values(ordered, 'size')).toEqual([1, 0, 2, 1]);
  });

  it('one-hot top-k: frequent categories by count, the rest in (other), unseen all zeros, missing as zeros', () => {
    const train = table(cat('c', ['a', 'a', 'a', 'b', 'b', 'c', 'd', null]), y(8));
    const spec: StepSpec = { kind: 'oneHot', columns: ['c'], topK: 2, missing: 'zeros' };
    const out = run([spec], train, table(cat('c', ['a', 'c', 'zz', null])));
    expect(out.columns.map((c) => c.name)).toEqual(['c=a', 'c=b', 'c=(other)']);
    const rows = [0, 1, 2, 3].map((i) => out.columns.map((c) => cellValue(c, i)));
    expect(rows).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('impute: constant with indicator right after the column', () => {
    const out = run(
      [{ kind: 'impute', columns: ['v'], strategy: 'constant', value: -1, addIndicator: true }],
      table(num('v', [1, null, 3]), y(3)),
    );
    expect(out.columns.map((c) => c.name)).toEqual(['v', 'v_missing']);
    expect(values(out, 'v')).toEqual([1, -1, 3]);
    expect(values(out, 'v_missing')).toEqual([0, 1, 0]);
  });

  it('clip to training quantiles; log1p raises new values below the training minimum to it', () => {
    const train = table(num('v', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), y(11));
    const clipped = run(
      [{ kind: 'clipQuantiles', columns: ['v'], lower: 0.1, upper: 0.9 }],
      train,
      table(num('v', [-100, 5, 100])),
    );
    expect(values(clipped, 'v')).toEqual([1, 5, 9]);
    const logged = run([{ kind: 'power', columns: ['v'], method: 'log1p' }], train, table(num('v', [-5, 3])));
    expect(values(logged, 'v')).toEqual([0, Math.log1p(3)]);
  });

  it('a constant column gets one bin; a zero spread scales to 0, not NaN', () => {
    const t = table(num('v', [4, 4, 4]), y(3));
    expect(
      values(
        run(
          [{ kind: 'bin', columns: ['v'], strategy: 'quantile', nBins: 4, output: 'ordinal' }],
          t,
          table(num('v', [1, 4, 9])),
        ),
        'v',
      ),
    ).toEqual([0, 0, 0]);
    expect(
      values(run([{ kind: 'scale', columns: ['v'], method: 'standard' }], t, table(num('v', [4, 6]))), 'v'),
    ).toEqual([0, 2]);
  });

  it('booleans pass through as 0/1 and a drop removes columns', () => {
    const t = table(
      { name: 'b', type: 'boolean', values: Uint8Array.from([1, 0, 1]) },
      num('z', [1, 2, 3]),
      y(3),
    );
    const out = run([{ kind: 'drop', columns: ['z'] }], t);
    expect(out.columns.map((c) => [c.name, c.type])).toEqual([['b', 'number']]);
    expect(values(out, 'b')).toEqual([1, 0, 1]);
  });
});

describe('formula', () => {
  it('computes a new column with the expression language, reading columns as they are at that step', () => {
    const t = table(num('w', [2, 4, null]), num('h', [1, 2, 2]), y(3));
    const { fitted, features: out } = fitTransform(
      {
        formatVersion: 1,
        steps: [
          { kind: 'formula', name: 'bmi', expression: 'w / h ^ 2' },
          { kind: 'impute', columns: ['w', 'bmi'], strategy: 'constant', value: 0 },
          { kind: 'formula', name: 'heavy', expression: 'w > 3' },
        ],
      },
      t,
      { target: 'y', task: 'regression' },
    );
    expect(values(out, 'bmi')).toEqual([2, 1, 0]);
    expect(values(out, 'heavy')).toEqual([0, 1, 0]);
    expect(fitted.features.find((f) => f.name === 'bmi')?.sources).toEqual(['w', 'h']);
  });

  it('a formula that reads the target is refused', () => {
    const t = table(num('w', [2, 4]), y(2));
    expect(() =>
      fitRecipe({ formatVersion: 1, steps: [{ kind: 'formula', name: 'leak', expression: 'y * 2' }] }, t, {
        target: 'y',
        task: 'regression',
      }),
    ).toThrow(/reads the target "y"/);
  });
});

describe('describeStep', () => {
  it('says what each step does in words', () => {
    expect(
      describeStep({ kind: 'scale', columns: ['bill_length_mm', 'body_mass_g'], method: 'standard' }),
    ).toBe('Standardize bill_length_mm, body_mass_g');
    expect(describeStep({ kind: 'impute', columns: ['a'], strategy: 'median', addIndicator: true })).toBe(
      'Fill missing a with the median (+ missing indicator)',
    );
    expect(describeStep({ kind: 'oneHot', columns: ['a', 'b', 'c', 'd', 'e'], topK: 10 })).toBe(
      'One-hot encode a, b, c and 2 more (top 10 + other)',
    );
    expect(describeStep({ kind: 'formula', name: 'r', expression: 'a / b' })).toBe('New column r = a / b');
  });
});

describe('traceRecipe', () => {
  it('gives the columns before the first step and after each one', () => {
    const t = table(num('v', [1, null, 3]), cat('c', ['a', 'b', 'a']), y(3));
    const fitted = fitRecipe(
      {
        formatVersion: 1,
        steps: [
          { kind: 'impute', columns: ['v'], strategy: 'mean' },
          { kind: 'oneHot', columns: ['c'] },
        ],
      },
      t,
      { target: 'y', task: 'regression' },
    );
    const trace = traceRecipe(fitted, t);
    expect(trace.map((e) => [e.step, e.table.columns.map((c) => c.name)])).toEqual([
      [-1, ['v', 'c']],
      [0, ['v', 'c']],
      [1, ['v', 'c=a', 'c=b']],
    ]);
    expect(values(trace[0]!.table, 'v')[1]).toBeNaN();
    expect(values(trace[1]!.table, 'v')).toEqual([1, 2, 3]);
  });
});
