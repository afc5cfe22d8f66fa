import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/core/expr';
import { filterProblem, filterRowIndices, pageRows, sortRowIndices } from '../../../src/core/explore';
import { tableSchema } from '../../../src/core/prep';
import { table } from '../prep/helpers';

const t = table(
  {
    name: ['item10', 'item2', null, 'Item1', 'item2'],
    price: [3.5, null, 1, 10, 3.5],
    paid: [true, false, null, true, false],
    day: ['2024-03-01', '2024-01-15', '2024-02-01', null, '2024-01-01'],
  },
  { day: 'date' },
);

describe('filterRowIndices', () => {
  it('keeps the rows where the condition is true, dropping false and undecidable rows', () => {
    expect([...filterRowIndices(t, 'price > 2')]).toEqual([0, 3, 4]);
    expect([...filterRowIndices(t, 'paid')]).toEqual([0, 3]);
    expect([...filterRowIndices(t, "price is null or name = 'Item1'")]).toEqual([1, 3]);
  });

  it('throws an ExpressionError at the position of the unknown column', () => {
    const e = (() => {
      try {
        filterRowIndices(t, 'price > 1 and prise < 3');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).position).toBe(14);
    expect((e as ExpressionError).message).toMatch(/did you mean "price"/);
  });

  it('refuses an expression that is not a condition, covering the whole expression', () => {
    const p = filterProblem('price * 2', tableSchema(t));
    expect(p).toMatchObject({ position: 0, length: 9 });
    expect(p?.message).toMatch(/true\/false condition/);
    expect(filterProblem('price * 2 > 3', tableSchema(t))).toBeNull();
  });

  it('reports a syntax error where it is', () => {
    expect(filterProblem('(price > 2', tableSchema(t))?.position).toBe(10);
  });
});

describe('sortRowIndices', () => {
  it('sorts numbers with missing values last in both directions, ties in row order', () => {
    expect([...sortRowIndices(t, 'price', 'ascending')]).toEqual([2, 0, 4, 3, 1]);
    expect([...sortRowIndices(t, 'price', 'descending')]).toEqual([3, 0, 4, 2, 1]);
  });

  it('sorts text in natural order (item2 before item10)', () => {
    expect([...sortRowIndices(t, 'name', 'ascending')]).toEqual([3, 1, 4, 0, 2]);
  });

  it('sorts dates and booleans, and only the rows it is given, keeping their order for ties', () => {
    expect([...sortRowIndices(t, 'day', 'ascending')]).toEqual([4, 1, 2, 0, 3]);
    const filtered = Int32Array.from([4, 3, 0, 1]);
    expect([...sortRowIndices(t, 'paid', 'descending', filtered)]).toEqual([3, 0, 4, 1]);
    expect([...filtered]).toEqual([4, 3, 0, 1]);
  });

  it('is stable on a large column with many ties', () => {
    const n = 50_000;
    const big = table({ k: Array.from({ length: n }, (_, i) => i % 7) });
    const order = sortRowIndices(big, 'k', 'ascending');
    for (let i = 1; i < n; i++) {
      const a = order[i - 1]!;
      const b = order[i]!;
      expect(a % 7 < b % 7 || (a % 7 === b % 7 && a < b)).toBe(true);
    }
  });
});

describe('pageRows', () => {
  it('returns one page of the ordered rows as display text, missing as empty', () => {
    const order = sortRowIndices(t, 'price', 'ascending');
    const page = pageRows(t, order, 3, 10);
    expect(page.rowNumbers).toEqual([3, 1]);
    expect(page.cells).toEqual([
      ['Item1', '10', 'true', ''],
      ['item2', '', 'false', '2024-01-15'],
    ]);
    expect(pageRows(t, order, 99, 10).cells).toEqual([]);
  });
});

describe('pageRows with a window of the columns', () => {
  it('returns the cells of the columns asked for only, in order', () => {
    const order = sortRowIndices(t, 'price', 'ascending');
    const page = pageRows(t, order, 3, 10, { start: 1, end: 3 });
    expect(page.rowNumbers).toEqual([3, 1]);
    expect(page.cells).toEqual([
      ['10', 'true'],
      ['', 'false'],
    ]);
    expect(pageRows(t, order, 3, 10, { start: 3, end: 99 }).cells).toEqual([[''], ['2024-01-15']]);
    expect(pageRows(t, order, 3, 1, { start: 4, end: 9 }).cells).toEqual([[]]);
  });
});
