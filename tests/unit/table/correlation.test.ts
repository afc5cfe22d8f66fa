import { describe, expect, it } from 'vitest';
import {
  correlationMatrix,
  MAX_CORRELATION_COLUMNS,
  correlationRatio,
  cramersV,
  missingMap,
  pearson,
} from '../../../src/core/table/correlation';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { goldenJson, numericFromNumbers } from './helpers';

interface Drift {
  categorical: { reference: string[]; current: string[]; chi2: number };
}

describe('correlation measures', () => {
  it("Pearson's r over pairwise-complete rows", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 14);
    // By hand: x = 1,2,3,4,5; y = 2,1,4,3,5 → Σdxdy = 8, Σdx² = Σdy² = 10 → 0.8
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 14);
    expect(pearson([1, 2, NaN, 3, 4, 5], [2, 1, 100, 4, 3, 5])).toBeCloseTo(0.8, 14);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it("Cramér's V (no bias correction) from SciPy's chi-square on the golden contingency", () => {
    const { categorical } = goldenJson<Drift>('drift.json');
    const source = categoricalFromStrings('source', [
      ...categorical.reference.map(() => 'reference'),
      ...categorical.current.map(() => 'current'),
    ]);
    const value = categoricalFromStrings('value', [...categorical.reference, ...categorical.current]);
    const n = categorical.reference.length + categorical.current.length;
    expect(cramersV(source, value)).toBeCloseTo(Math.sqrt(categorical.chi2 / (n * 1)), 12);
  });

  it("Cramér's V is 1 for a perfect association and ignores dictionary order", () => {
    const a = categoricalFromStrings('a', ['x', 'y', 'z', 'x', 'y', 'z']);
    const b = categoricalFromStrings('b', ['p', 'q', 'r', 'p', 'q', 'r']);
    expect(cramersV(a, b)).toBeCloseTo(1, 14);
    const reordered = { ...b, dictionary: ['r', 'q', 'p'], codes: Int32Array.from([2, 1, 0, 2, 1, 0]) };
    expect(cramersV(a, reordered)).toBeCloseTo(1, 14);
  });

  it('correlation ratio η by hand', () => {
    // Groups a: 1, 3 (mean 2); b: 5, 7 (mean 6). Grand mean 4.
    // SS_between = 2·4 + 2·4 = 16; SS_total = 9+1+1+9 = 20 → η = sqrt(0.8)
    const g = categoricalFromStrings('g', ['a', 'a', 'b', 'b', null]);
    expect(correlationRatio(g, [1, 3, 5, 7, 100])).toBeCloseTo(Math.sqrt(0.8), 14);
  });
});

describe('correlationMatrix', () => {
  it('mixes measures by kind and leaves out text columns', () => {
    const g = categoricalFromStrings('g', ['a', 'a', 'a', 'b', 'b', 'b']);
    const table: Table = {
      rowCount: 6,
      columns: [
        numericFromNumbers('x', [1, 2, 3, 4, 5, 6]),
        numericFromNumbers('y', [2, 4, 6, 8, 10, 12]),
        g,
        categoricalFromStrings('notes', ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'], 'text'),
        { name: 'flag', type: 'boolean', values: Uint8Array.from([0, 0, 0, 1, 1, 1]) },
      ],
    };
    const m = correlationMatrix(table);
    expect(m.names).toEqual(['x', 'y', 'g', 'flag']);
    expect(m.kinds).toEqual(['numeric', 'numeric', 'categorical', 'numeric']);
    expect(m.values[0]![1]).toBeCloseTo(1, 14);
    expect(m.values[0]![2]).toBe(m.values[2]![0]);
    expect(m.values[0]![2]).toBeCloseTo(correlationRatio(g, [1, 2, 3, 4, 5, 6]), 14);
    expect(m.values[2]![2]).toBe(1);
    expect(m.values[3]![0]).toBeCloseTo(pearson([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6]), 14);
    expect(m.total).toBe(4);
    // A window: the same values for the same pairs, and how many columns there are in all.
    const w = correlationMatrix(table, { offset: 1, limit: 2 });
    expect(w).toMatchObject({ total: 4, offset: 1, names: ['y', 'g'] });
    expect(w.values[0]![1]).toBe(m.values[1]![2]);
  });

  it('covers at most MAX_CORRELATION_COLUMNS columns of a wide table, quickly', () => {
    const n = 3000;
    const columns = Array.from({ length: n }, (_, c) =>
      numericFromNumbers(
        `c${c}`,
        Array.from({ length: 200 }, (_, r) => ((r * 31 + c * 17) % 997) / 10),
      ),
    );
    const started = performance.now();
    const m = correlationMatrix({ rowCount: 200, columns });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(m.total).toBe(n);
    expect(m.names).toHaveLength(MAX_CORRELATION_COLUMNS);
    expect(correlationMatrix({ rowCount: 200, columns }, { offset: 2990 }).names).toEqual(
      Array.from({ length: 10 }, (_, k) => `c${2990 + k}`),
    );
  });
});

describe('missingMap', () => {
  it('bins rows and gives the missing share per column', () => {
    const table: Table = {
      rowCount: 6,
      columns: [
        numericFromNumbers('a', [null, 1, 2, null, null, 5]),
        categoricalFromStrings('b', ['x', 'y', null, 'z', 'w', 'v']),
      ],
    };
    const m = missingMap(table, 3);
    expect(m.columns).toEqual(['a', 'b']);
    expect(m.binStarts).toEqual([0, 2, 4]);
    expect(m.values).toEqual([
      [0.5, 0],
      [0.5, 0.5],
      [0.5, 0],
    ]);
    expect(missingMap(table, 100).values).toHaveLength(6);
  });
});
