/**
 * Properties of fit → apply: the target is never read at apply time, every row is transformed on
 * its own (so fitting on train cannot depend on test rows), new data with unseen categories,
 * missing values and out-of-range numbers never crash, and a fitted recipe survives JSON.
 */
import { describe, expect, it } from 'vitest';
import {
  applyRecipe,
  fitRecipe,
  fitTransform,
  matrixFromFeatures,
  toFeatureMatrix,
} from '../../../src/core/features';
import type { FittedRecipe, RecipeSpec } from '../../../src/core/features';
import type { Column, Table } from '../../../src/core/table/table';
import { categoricalFromStrings, takeRows } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';
import { EVERY_STEP, mixedTable, WITH_ENCODERS } from './fixtures';
import { cat, num, table, values } from './helpers';

const train = mixedTable(400, 11);
const test = mixedTable(150, 99);
const options = { target: 'y', task: 'classification' as const, seed: 7 };
const fitted = fitRecipe(WITH_ENCODERS, train, options);

function without(t: Table, name: string): Table {
  return { rowCount: t.rowCount, columns: t.columns.filter((c) => c.name !== name) };
}

function replaced(t: Table, column: Column): Table {
  return { rowCount: t.rowCount, columns: t.columns.map((c) => (c.name === column.name ? column : c)) };
}

/** Exact equality of two feature tables, NaN equal to NaN. */
function expectSameTable(a: Table, b: Table): void {
  expect(a.columns.map((c) => c.name)).toEqual(b.columns.map((c) => c.name));
  a.columns.forEach((c, j) => {
    const x = values(a, c.name);
    const y = values(b, b.columns[j]!.name);
    expect(
      x.every((v, i) => Object.is(v, y[i])),
      `column ${c.name}`,
    ).toBe(true);
  });
}

describe('applying a fitted recipe never reads the target', () => {
  it('works on a table without the target column', () => {
    const out = applyRecipe(fitted, without(test, 'y'));
    expect(out.rowCount).toBe(test.rowCount);
    expect(out.columns.map((c) => c.name)).toEqual(fitted.features.map((f) => f.name));
    expect(out.columns.map((c) => c.name)).not.toContain('y');
  });

  it('gives identical output when the target values change', () => {
    const flipped = categoricalFromStrings(
      'y',
      Array.from({ length: test.rowCount }, (_, i) => (i % 3 === 0 ? 'yes' : 'no')),
    );
    expectSameTable(applyRecipe(fitted, test), applyRecipe(fitted, replaced(test, flipped)));
    expectSameTable(applyRecipe(fitted, test), applyRecipe(fitted, without(test, 'y')));
  });

  it('fitting without a target-encode step gives the same recipe whatever the target holds', () => {
    const a = fitRecipe(EVERY_STEP, train, options);
    const shuffledTarget = categoricalFromStrings(
      'y',
      Array.from({ length: train.rowCount }, (_, i) => (i % 2 === 0 ? 'yes' : 'no')),
    );
    const b = fitRecipe(EVERY_STEP, replaced(train, shuffledTarget), options);
    expect(b.steps).toEqual(a.steps);
  });
});

describe('each row is transformed on its own', () => {
  it('applying to single rows equals applying to the whole table', () => {
    const whole = applyRecipe(fitted, test);
    for (const row of [0, 7, 42, 149]) {
      const one = applyRecipe(fitted, takeRows(test, [row]));
      for (const c of whole.columns)
        expect(Object.is(values(one, c.name)[0], values(whole, c.name)[row])).toBe(true);
    }
  });

  it('the fitted state depends on training rows only: the same train gives the same state', () => {
    expect(fitRecipe(WITH_ENCODERS, train, options)).toEqual(fitted);
  });
});

describe('new data is handled by rule, never by a crash', () => {
  const n = 5;
  const batch: Table = table(
    num('a', [null, -1e9, 1e9, 3, Number.NaN]),
    num('b', [null, -0.999, -50, 1e12, 2]),
    cat('colour', ['purple', null, 'red', 'amber', '']),
    { name: 'flag', type: 'boolean', values: Uint8Array.from([255, 1, 0, 255, 1]) },
    {
      name: 'when',
      type: 'datetime',
      values: Float64Array.from([NaN, Date.UTC(1970, 0, 1), Date.UTC(2099, 11, 31, 23), 0, NaN]),
    },
  );

  it('unseen categories, missing values and out-of-range numbers give finite features', () => {
    const m = toFeatureMatrix(fitted, batch);
    expect(m.rows).toBe(n);
    expect(m.cols).toBe(fitted.features.length);
    expect(Array.from(m.x).every(Number.isFinite)).toBe(true);
    const out = applyRecipe(fitted, batch);
    // "purple" was never seen: every one-hot column 0, ordinal −1, target encoding the prior.
    const oneHot = out.columns.filter((c) => c.name.startsWith('colour='));
    expect(oneHot.map((c) => values(out, c.name)[0])).toEqual(oneHot.map(() => 0));
    expect(values(out, 'colour2')[0]).toBe(-1);
    const te = fitted.steps.find((s) => s.kind === 'targetEncode');
    if (te?.kind !== 'targetEncode') throw new Error('no target encoding');
    expect(values(out, 'colour3')[0]).toBe(te.columns[0]!.prior[0]);
  });

  it('a scoring file typed differently (numbers as text, booleans as 0/1, an empty column) still replays', () => {
    const asText = categoricalFromStrings('a', ['1.5', null, '3', '-2', '7']);
    const flag01 = numericFromNumbers('flag', [0, 1, 1, null, 0], 'integer');
    const emptyWhen = categoricalFromStrings('when', [null, null, null, null, null], 'text');
    const typed = replaced(replaced(replaced(batch, asText), flag01), emptyWhen);
    const out = applyRecipe(fitted, typed);
    const reference = applyRecipe(
      fitted,
      replaced(replaced(batch, num('a', [1.5, null, 3, -2, 7])), {
        name: 'flag',
        type: 'boolean',
        values: Uint8Array.from([0, 1, 1, 255, 0]),
      }),
    );
    expectSameTable(
      { rowCount: n, columns: out.columns.filter((c) => !c.name.startsWith('when')) },
      { rowCount: n, columns: reference.columns.filter((c) => !c.name.startsWith('when')) },
    );
  });

  it('a missing input column is an error that names it; a column that is only dropped is not required', () => {
    expect(() => applyRecipe(fitted, without(batch, 'colour'))).toThrow(/no column "colour"/);
    expect(fitted.inputSchema.map((c) => c.name)).not.toContain('id');
    expect(() => applyRecipe(fitted, batch)).not.toThrow();
  });

  it('a text column that cannot become numbers is an error naming the column', () => {
    expect(() => applyRecipe(fitted, replaced(batch, cat('a', ['x', 'y', null, null, null])))).toThrow(
      /Column "a" holds category values/,
    );
  });
});

describe('a fitted recipe is plain JSON', () => {
  it('JSON.stringify → parse → apply gives identical output', () => {
    const restored = JSON.parse(JSON.stringify(fitted)) as FittedRecipe;
    expect(restored).toEqual(fitted);
    expectSameTable(applyRecipe(restored, test), applyRecipe(fitted, test));
  });

  it('apply on the training rows reproduces the fit-time transform when nothing is out-of-fold', () => {
    const { fitted: f, features: trained } = fitTransform(EVERY_STEP, train, options);
    expectSameTable(applyRecipe(JSON.parse(JSON.stringify(f)) as FittedRecipe, train), trained);
  });
});

describe('feature list and matrix', () => {
  it('says where each feature came from', () => {
    const info = (name: string) => fitted.features.find((f) => f.name === name);
    expect(info('ratio')).toMatchObject({ sources: ['a', 'b'] });
    expect(info('a*b')).toMatchObject({
      sources: ['a', 'b'],
      step: EVERY_STEP.steps.findIndex((s) => s.kind === 'interactions') + 2,
    });
    expect(info('colour=red')?.sources).toEqual(['colour']);
    expect(info('flag')?.sources).toEqual(['flag']);
  });

  it('a missing value left without an impute step is an error naming the feature and the fix', () => {
    const spec: RecipeSpec = {
      formatVersion: 1,
      steps: [
        { kind: 'scale', columns: ['a'], method: 'standard' },
        { kind: 'drop', columns: ['colour', 'when'] },
      ],
    };
    const f = fitRecipe(spec, train, options);
    expect(() => toFeatureMatrix(f, test)).toThrow(
      /Feature "a" \(from column "a", made by step 1 \(Standardize a\)\) is missing in row \d+\. Add an impute step/,
    );
  });

  it('the matrix is row-major in feature order', () => {
    const t = table(num('p', [1, 2, 3]), num('q', [10, 20, 30]), num('y', [0, 0, 0]));
    const f = fitRecipe({ formatVersion: 1, steps: [] }, t, { target: 'y', task: 'regression' });
    const m = matrixFromFeatures(applyRecipe(f, t), f);
    expect(Array.from(m.x)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(m.names).toEqual(['p', 'q']);
  });
});

describe('fit errors name the step and the column', () => {
  it('log1p on values ≤ −1', () => {
    const t = table(num('v', [-3, 1, 2]), num('y', [0, 1, 0]));
    expect(() =>
      fitRecipe({ formatVersion: 1, steps: [{ kind: 'power', columns: ['v'], method: 'log1p' }] }, t, {
        target: 'y',
        task: 'regression',
      }),
    ).toThrow(/Step 1 \(Log-transform \(log1p\) v\): column "v" has values down to -3.*Yeo-Johnson/);
  });

  it('a column with no training values cannot be imputed with its mean', () => {
    const t = table(num('v', [null, null]), num('y', [0, 1]));
    expect(() =>
      fitRecipe({ formatVersion: 1, steps: [{ kind: 'impute', columns: ['v'], strategy: 'mean' }] }, t, {
        target: 'y',
        task: 'regression',
      }),
    ).toThrow(/Step 1 .*column "v" has no values in the training split/);
  });

  it('an invalid recipe throws every problem validateRecipe finds', () => {
    expect(() =>
      fitRecipe(
        { formatVersion: 1, steps: [{ kind: 'scale', columns: ['colour', 'nope'], method: 'standard' }] },
        train,
        options,
      ),
    ).toThrow(/cannot apply to category column "colour"[\s\S]*no column "nope"/);
  });
});

describe('matrix edge values', () => {
  it('clamps magnitudes beyond float32 instead of producing Infinity', () => {
    const t = table(num('p', [1e300, -Infinity, 2]), num('y', [0, 0, 0]));
    const f = fitRecipe({ formatVersion: 1, steps: [] }, t, { target: 'y', task: 'regression' });
    const m = toFeatureMatrix(f, t);
    expect(Array.from(m.x)).toEqual([
      Math.fround(3.4028234663852886e38),
      -Math.fround(3.4028234663852886e38),
      2,
    ]);
  });
});

describe('fitted state stays finite', () => {
  it('values at the edge of the float range give a clear error, not a recipe full of nulls', () => {
    const t = table(num('v', [1e308, -1e308, 5]), num('y', [0, 1, 0]));
    expect(() =>
      fitRecipe({ formatVersion: 1, steps: [{ kind: 'scale', columns: ['v'], method: 'standard' }] }, t, {
        target: 'y',
        task: 'regression',
      }),
    ).toThrow(/Step 1 \(Standardize v\): the values learned from the training split are not finite/);
  });

  it('Yeo-Johnson on very large values still fits a finite lambda', () => {
    const big = Array.from({ length: 50 }, (_, i) => 1e6 * (i + 1) ** 3);
    const t = table(
      num('v', big),
      num(
        'y',
        big.map(() => 0),
      ),
    );
    const f = fitRecipe(
      { formatVersion: 1, steps: [{ kind: 'power', columns: ['v'], method: 'yeoJohnson' }] },
      t,
      {
        target: 'y',
        task: 'regression',
      },
    );
    const s = f.steps[0]!;
    if (s.kind !== 'power') throw new Error('wrong step');
    expect(Number.isFinite(s.columns[0]!.lambda)).toBe(true);
    expect(values(applyRecipe(f, t), 'v').every(Number.isFinite)).toBe(true);
  });
});
