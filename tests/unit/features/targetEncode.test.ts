/**
 * Target encoding: training rows are encoded out-of-fold (a row's own target never reaches its
 * feature), while the mapping kept for inference is learned from every training row.
 */
import { describe, expect, it } from 'vitest';
import { applyRecipe, fitTransform } from '../../../src/core/features';
import type { RecipeSpec } from '../../../src/core/features';
import type { Table } from '../../../src/core/table/table';
import { cellValue, getColumn } from '../../../src/core/table/table';
import { cat, num, table, values } from './helpers';
import { seededRandomForTests } from './random';

const SMOOTHING = 4;
const spec: RecipeSpec = {
  formatVersion: 1,
  steps: [{ kind: 'targetEncode', columns: ['city'], smoothing: SMOOTHING, folds: 5 }],
};

/** 200 rows, four cities with different "yes" rates, a few missing cities. */
function cities(seed: number): Table {
  const random = seededRandomForTests(seed);
  const rates: Record<string, number> = { oslo: 0.9, rome: 0.5, lima: 0.2, kyiv: 0.05 };
  const names = Object.keys(rates);
  const city: (string | null)[] = [];
  const y: string[] = [];
  for (let i = 0; i < 200; i++) {
    const c = random() < 0.05 ? null : names[i % names.length]!;
    city.push(c);
    y.push(random() < (c === null ? 0.5 : rates[c]!) ? 'yes' : 'no');
  }
  return table(cat('city', city), cat('y', y));
}

const train = cities(3);
const options = { target: 'y', task: 'classification' as const, seed: 1 };

describe('target encoding', () => {
  const { fitted, features: outOfFold } = fitTransform(spec, train, options);
  const inSample = applyRecipe(fitted, train);

  it('the inference mapping is the smoothed mean over all training rows', () => {
    const city = getColumn(train, 'city');
    const y = getColumn(train, 'y');
    const rows = Array.from({ length: train.rowCount }, (_, i) => i);
    const prior = rows.filter((i) => cellValue(y, i) === 'yes').length / rows.length;
    for (const name of ['oslo', 'rome', 'lima', 'kyiv']) {
      const mine = rows.filter((i) => cellValue(city, i) === name);
      const yes = mine.filter((i) => cellValue(y, i) === 'yes').length;
      const expected = (yes + SMOOTHING * prior) / (mine.length + SMOOTHING);
      const out = applyRecipe(fitted, table(cat('city', [name])));
      expect(values(out, 'city')[0]).toBeCloseTo(expected, 12);
    }
    // Unseen → the prior over all training rows.
    expect(values(applyRecipe(fitted, table(cat('city', ['paris']))), 'city')[0]).toBeCloseTo(prior, 12);
  });

  it('training rows are encoded out-of-fold: different from the in-sample mapping', () => {
    const oof = values(outOfFold, 'city');
    const full = values(inSample, 'city');
    const differing = oof.filter((v, i) => Math.abs(v - full[i]!) > 1e-12).length;
    expect(differing).toBeGreaterThan(train.rowCount * 0.9);
    // Out-of-fold values still carry the signal: oslo rows encode high, kyiv rows low.
    const city = getColumn(train, 'city');
    const mean = (name: string) => {
      const idx = oof.map((_, i) => i).filter((i) => cellValue(city, i) === name);
      return idx.reduce((a, i) => a + oof[i]!, 0) / idx.length;
    };
    expect(mean('oslo')).toBeGreaterThan(0.75);
    expect(mean('kyiv')).toBeLessThan(0.2);
  });

  it("a row's out-of-fold encoding does not depend on its own target", () => {
    for (const row of [0, 5, 77]) {
      const flipped = getColumn(train, 'y');
      const labels = Array.from({ length: train.rowCount }, (_, i) => cellValue(flipped, i) as string);
      labels[row] = labels[row] === 'yes' ? 'no' : 'yes';
      const changed = table(getColumn(train, 'city'), cat('y', labels));
      const before = values(outOfFold, 'city');
      const after = values(fitTransform(spec, changed, options).features, 'city');
      expect(after[row]).toBe(before[row]);
      // …while the rows in other folds, which did learn from it, move.
      expect(after.some((v, i) => v !== before[i])).toBe(true);
    }
  });

  it('folds follow the seed: same seed, same encoding; another seed, another one', () => {
    const again = values(fitTransform(spec, train, options).features, 'city');
    expect(again).toEqual(values(outOfFold, 'city'));
    const other = values(fitTransform(spec, train, { ...options, seed: 2 }).features, 'city');
    expect(other).not.toEqual(values(outOfFold, 'city'));
  });

  it('multiclass gives one column per class; regression one mean column', () => {
    const y3 = cat(
      'y',
      Array.from({ length: 90 }, (_, i) => ['a', 'b', 'c'][i % 3]!),
    );
    const t3 = table(
      cat(
        'city',
        Array.from({ length: 90 }, (_, i) => (i % 2 ? 'x' : 'z')),
      ),
      y3,
    );
    const f3 = fitTransform(spec, t3, options).fitted;
    expect(f3.features.map((f) => f.name)).toEqual(['city_te_a', 'city_te_b', 'city_te_c']);
    const out = applyRecipe(f3, table(cat('city', ['x'])));
    const sum = out.columns.reduce((a, c) => a + values(out, c.name)[0]!, 0);
    expect(sum).toBeCloseTo(1, 12);

    const tr = table(cat('city', ['p', 'p', 'q', 'q']), num('y', [1, 3, 10, 20]));
    const fr = fitTransform(
      { formatVersion: 1, steps: [{ kind: 'targetEncode', columns: ['city'], smoothing: 0, folds: 2 }] },
      tr,
      {
        target: 'y',
        task: 'regression',
      },
    ).fitted;
    expect(values(applyRecipe(fr, table(cat('city', ['p', 'q', 'r']))), 'city')).toEqual([2, 15, 8.5]);
  });
});
