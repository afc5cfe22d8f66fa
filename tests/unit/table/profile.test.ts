import { describe, expect, it } from 'vitest';
import { histogramEdges, profileColumn, profileTable, quantileSorted } from '../../../src/core/table/profile';
import { categoricalFromStrings, MISSING_BOOL, type DateColumn } from '../../../src/core/table/table';
import { goldenJson, numericFromNumbers } from './helpers';

interface Transforms {
  x_train: (number | null)[];
  standard: { mean: number; scale: number };
  impute_median: { fill: number };
  kbins_quantile: { edges: number[] };
  kbins_uniform: { edges: number[] };
}
interface Drift {
  reference: number[];
  psi: { edges: number[] };
}

describe('numeric profile against scikit-learn / numpy values', () => {
  const golden = goldenJson<Transforms>('transforms.json');
  const col = numericFromNumbers('x', golden.x_train);
  const p = profileColumn(col);
  const present = golden.x_train.filter((v): v is number => v !== null);

  it('counts, mean and sample std (ddof = 1)', () => {
    expect(p.count).toBe(present.length);
    expect(p.missing).toBe(golden.x_train.length - present.length);
    expect(p.mean).toBeCloseTo(golden.standard.mean, 12);
    // StandardScaler's scale is the population std (ddof = 0).
    const n = present.length;
    expect(p.std! * Math.sqrt((n - 1) / n)).toBeCloseTo(golden.standard.scale, 10);
    expect(p.min).toBe(Math.min(...present));
    expect(p.max).toBe(Math.max(...present));
  });

  it('quantiles interpolate linearly like numpy', () => {
    expect(p.quantiles!.p50).toBeCloseTo(golden.impute_median.fill, 12);
    const sorted = Float64Array.from(present).sort();
    golden.kbins_quantile.edges.forEach((edge, i) =>
      expect(quantileSorted(sorted, i / 5)).toBeCloseTo(edge, 10),
    );
    const drift = goldenJson<Drift>('drift.json');
    const ref = Float64Array.from(drift.reference).sort();
    drift.psi.edges.forEach((edge, i) => expect(quantileSorted(ref, (i + 1) / 10)).toBeCloseTo(edge, 12));
  });

  it('equal-width histogram edges match numpy / KBinsDiscretizer(uniform)', () => {
    const edges = histogramEdges(p.min!, p.max!, false, 5);
    golden.kbins_uniform.edges.forEach((e, i) => expect(edges[i]).toBeCloseTo(e, 10));
    if (p.histogram.kind !== 'bins') throw new Error('expected bins');
    expect(p.histogram.edges).toHaveLength(21);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(present.length);
  });
});

describe('profile statistics checked by hand', () => {
  it('small integer column: quantiles, top values, unit bins, outliers and flags', () => {
    // Sorted: 1 2 2 3 3 3 4 10 (n = 8), one missing.
    const p = profileColumn(numericFromNumbers('k', [3, 1, 2, null, 3, 10, 2, 3, 4], 'integer'));
    expect(p.count).toBe(8);
    expect(p.missing).toBe(1);
    expect(p.distinct).toBe(5);
    expect(p.mean).toBe(3.5);
    // Σ(x − 3.5)² = 6.25+2.25+2.25+.25+.25+.25+.25+42.25 = 54 → sqrt(54 / 7)
    expect(p.std).toBeCloseTo(Math.sqrt(54 / 7), 14);
    // h = 7p: p25 → 1.75 → 2 + .75·(2 − 2) = 2; p75 → 5.25 → 3 + .25·(4 − 3) = 3.25; p05 → .35 → 1.35
    const q = p.quantiles!;
    expect([q.p05, q.p25, q.p50, q.p75, q.p95].map((v) => +v.toFixed(12))).toEqual([1.35, 2, 3, 3.25, 7.9]);
    expect(p.top).toEqual([
      { value: '3', count: 3 },
      { value: '2', count: 2 },
      { value: '1', count: 1 },
      { value: '4', count: 1 },
      { value: '10', count: 1 },
    ]);
    // IQR 1.25: fences 0.125 and 5.125; 10 is out. z of 10 = 6.5/2.78 < 3.
    expect(p.outliers).toMatchObject({ iqr: 1, zScore: 0, lowerFence: 0.125, upperFence: 5.125 });
    expect(p.flags).toEqual(['outliers']);
    if (p.histogram.kind !== 'bins') throw new Error('expected bins');
    expect(p.histogram.edges[0]).toBe(0.5);
    expect(p.histogram.edges).toHaveLength(11);
    expect(p.histogram.counts).toEqual([1, 2, 3, 1, 0, 0, 0, 0, 0, 1]);
    expect(p.histogram.integer).toBe(true);
  });

  it('whole numbers in a number column (a date part) get one bin per value; fractions do not', () => {
    // Day of week as a recipe writes it: 0…6 stored as float64.
    const days = profileColumn(numericFromNumbers('dow', [0, 1, 2, 3, 4, 5, 6, 6, 0, null], 'number'));
    if (days.histogram.kind !== 'bins') throw new Error('expected bins');
    expect(days.histogram.integer).toBe(true);
    expect(days.histogram.edges).toEqual([-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    expect(days.histogram.counts).toEqual([2, 1, 1, 1, 1, 1, 2]);

    const halves = profileColumn(numericFromNumbers('h', [0, 0.5, 1, 6], 'number'));
    if (halves.histogram.kind !== 'bins') throw new Error('expected bins');
    expect(halves.histogram.integer).toBeUndefined();
    expect(halves.histogram.edges).toHaveLength(21);

    // Whole numbers over a wide range keep 20 equal bins.
    const wide = profileColumn(numericFromNumbers('w', [0, 100, 1000], 'number'));
    if (wide.histogram.kind !== 'bins') throw new Error('expected bins');
    expect(wide.histogram.integer).toBeUndefined();
    expect(wide.histogram.edges).toHaveLength(21);
  });

  it('z-score outliers need |z| > 3', () => {
    const values: number[] = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0 : 1));
    values.push(50);
    const p = profileColumn(numericFromNumbers('z', values));
    expect(p.outliers!.zScore).toBe(1);
  });

  it('categorical column: counts, bars with "other", flags', () => {
    const values: (string | null)[] = [];
    for (let k = 0; k < 25; k++) for (let r = 0; r <= k; r++) values.push(`c${k}`);
    values.push(null, null);
    const p = profileColumn(categoricalFromStrings('c', values));
    expect(p.count).toBe(325);
    expect(p.missing).toBe(2);
    expect(p.distinct).toBe(25);
    expect(p.top[0]).toEqual({ value: 'c24', count: 25 });
    expect(p.top).toHaveLength(10);
    if (p.histogram.kind !== 'bars') throw new Error('expected bars');
    expect(p.histogram.labels).toHaveLength(20);
    // The five smallest (c0..c4: 1+2+3+4+5) fall into "other".
    expect(p.histogram.other).toBe(15);
    expect(p.mean).toBeNull();
  });

  it('flags constant, identifier-like and heavy-missing columns', () => {
    expect(profileColumn(numericFromNumbers('c', [5, 5, 5, null])).flags).toEqual(['constant']);
    const ids = categoricalFromStrings(
      'id',
      Array.from({ length: 40 }, (_, i) => `u${i}`),
      'identifier',
    );
    expect(profileColumn(ids).flags).toEqual(['identifier-like']);
    expect(profileColumn(numericFromNumbers('m', [1, null, null, 2, null])).flags).toContain('heavy-missing');
    expect(profileColumn(numericFromNumbers('m', [1, null, 3, 2, null])).flags).not.toContain(
      'heavy-missing',
    );
  });

  it('booleans profile as shares and bars; dates as epoch ms with ISO top values', () => {
    const b = profileColumn({ name: 'b', type: 'boolean', values: Uint8Array.from([1, 0, 1, MISSING_BOOL]) });
    expect(b).toMatchObject({ count: 3, missing: 1, distinct: 2, mean: 2 / 3, min: 0, max: 1 });
    expect(b.top).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    const day = 86_400_000;
    const d: DateColumn = { name: 'd', type: 'date', values: Float64Array.from([0, day, day, NaN]) };
    const dp = profileColumn(d);
    expect(dp).toMatchObject({ count: 3, min: 0, max: day, outliers: null });
    expect(dp.top[0]).toEqual({ value: '1970-01-02', count: 2 });
  });

  it('an all-missing column has counts and no statistics', () => {
    const p = profileColumn(numericFromNumbers('e', [null, null]));
    expect(p).toMatchObject({ count: 0, missing: 2, distinct: 0, mean: null, quantiles: null });
    expect(p.flags).toEqual(['constant', 'heavy-missing']);
  });

  it('profiles a whole table', () => {
    const t = profileTable({
      rowCount: 3,
      columns: [numericFromNumbers('a', [1, null, 3]), categoricalFromStrings('b', ['x', null, null])],
    });
    expect(t).toMatchObject({ rowCount: 3, columnCount: 2, missingCells: 3 });
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });
});
