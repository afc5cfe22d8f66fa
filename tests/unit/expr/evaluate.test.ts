import { describe, expect, it } from 'vitest';
import { evaluateExpression, parseExpression } from '../../../src/core/expr';
import type { Column } from '../../../src/core/table/table';
import { cells, sampleTable } from './helpers';

const table = sampleTable();
const run = (source: string): Column => evaluateExpression(parseExpression(source), table);
const values = (source: string): (number | string | boolean | null)[] => cells(run(source));

// Rows of the sample table:
//   x:       1, -2.5, null, 4, 9          n (integer): 3, 0, 2, null, 7
//   species: Adelie, Gentoo, null, " chinstrap ", Adelie
//   flag:    true, false, null, true, false

describe('arithmetic', () => {
  it.each([
    ['x + n', [4, -2.5, null, null, 16]],
    ['x - 1', [0, -3.5, null, 3, 8]],
    ['x * 2', [2, -5, null, 8, 18]],
    ['n / 2', [1.5, 0, 1, null, 3.5]],
    ['-x', [-1, 2.5, null, -4, -9]],
    ['x ^ 2', [1, 6.25, null, 16, 81]],
    ['x ** 0', [1, 1, null, 1, 1]],
    ['2 ^ -1 + x * 0', [0.5, 0.5, null, 0.5, 0.5]],
    // Python modulo: the result takes the divisor's sign.
    ['x % 3', [1, 0.5, null, 1, 0]],
    ['-7 % 3 + x * 0', [2, 2, null, 2, 2]],
  ])('%s', (source, expected) => {
    expect(values(source)).toEqual(expected);
  });

  it('stores division by zero as missing rather than Infinity', () => {
    expect(values('x / n')).toEqual([1 / 3, null, null, null, 9 / 7]);
  });

  it('keeps integer type for integer-only + - * %, and number for / and ^', () => {
    expect(run('n + 1').type).toBe('integer');
    expect(run('n * n - n % 2').type).toBe('integer');
    expect(run('n / 1').type).toBe('number');
    expect(run('n ^ 2').type).toBe('number');
    expect(run('n + 0.5').type).toBe('number');
  });

  it('broadcasts a constant expression to every row', () => {
    const c = run('1 + 2 * 3');
    expect(cells(c)).toEqual([7, 7, 7, 7, 7]);
    expect(c.type).toBe('integer');
  });
});

describe('comparisons and logic', () => {
  it.each([
    ['x > 1', [false, false, null, true, true]],
    ['x >= 4', [false, false, null, true, true]],
    ['x < 1', [false, true, null, false, false]],
    ['x <= 1', [true, true, null, false, false]],
    ['x = 4', [false, false, null, true, false]],
    ['x != 4', [true, true, null, false, true]],
    ["species = 'Adelie'", [true, false, null, false, true]],
    ["'Adelie' == species", [true, false, null, false, true]],
    ["species <> 'Adelie'", [false, true, null, true, false]],
    ["species > 'B'", [false, true, null, false, false]],
    ["species = 'nope'", [false, false, null, false, false]],
    ['species = [Bill length (mm)]', [false, false, null, null, false]],
    ['flag = true', [true, false, null, true, false]],
    ["when >= '2023-01-01'", [true, true, null, false, false]],
    ["at < '2023-06-30T12:00'", [true, null, true, false, true]],
  ])('%s', (source, expected) => {
    expect(values(source)).toEqual(expected);
  });

  it('uses three-valued logic for and/or/not', () => {
    // flag: true, false, null, true, false;  x > 1: false, false, null, true, true
    expect(values('flag and x > 1')).toEqual([false, false, null, true, false]);
    expect(values('flag or x > 1')).toEqual([true, false, null, true, true]);
    expect(values('not flag')).toEqual([false, true, null, false, true]);
    expect(values('false and null')).toEqual([false, false, false, false, false]);
    expect(values('true or null')).toEqual([true, true, true, true, true]);
    expect(values('true and null')).toEqual([null, null, null, null, null]);
  });

  it('tests missing values only with is null / is not null', () => {
    expect(values('x is null')).toEqual([false, false, true, false, false]);
    expect(values('species is not null')).toEqual([true, true, false, true, true]);
    expect(values('x + n is null')).toEqual([false, false, true, true, false]);
    expect(values('flag is null')).toEqual([false, false, true, false, false]);
    expect(values('when is null')).toEqual([false, false, true, false, false]);
  });

  it('matches lists with in / not in, keeping missing operands missing', () => {
    expect(values("species in ('Adelie', 'Gentoo')")).toEqual([true, true, null, false, true]);
    expect(values("species not in ('Adelie')")).toEqual([false, true, null, true, false]);
    expect(values('n in (0, 7, null)')).toEqual([false, true, false, null, true]);
    expect(values("when in ('2000-03-01')")).toEqual([false, false, null, false, true]);
    expect(values('x in (n, 4)')).toEqual([false, false, null, true, false]);
  });
});

describe('functions', () => {
  it.each([
    ['abs(x)', [1, 2.5, null, 4, 9]],
    ['sqrt(x)', [1, null, null, 2, 3]],
    ['floor(x)', [1, -3, null, 4, 9]],
    ['ceil(x)', [1, -2, null, 4, 9]],
    ['round(x)', [1, -3, null, 4, 9]],
    ['round(x / 3, 2)', [0.33, -0.83, null, 1.33, 3]],
    ['round(1.005, 2) + x * 0', [1.01, 1.01, null, 1.01, 1.01]],
    ['round(1234 + x, -2)', [1200, 1200, null, 1200, 1200]],
    ['min(x, n)', [1, -2.5, null, null, 7]],
    ['max(x, n, 5)', [5, 5, null, null, 9]],
    ['pow(x, 2)', [1, 6.25, null, 16, 81]],
    ['clip(x, 0, 5)', [1, 0, null, 4, 5]],
    ['clip(x, 2, null)', [2, 2, null, 4, 9]],
    ['coalesce(x, n, 0)', [1, -2.5, 2, 4, 9]],
    ['coalesce(x, null)', [1, -2.5, null, 4, 9]],
    ['if(x > 2, x, 0)', [0, 0, null, 4, 9]],
    ["if(flag, 'yes', 'no')", ['yes', 'no', null, 'yes', 'no']],
    ['if(flag, species, null)', ['Adelie', null, null, ' chinstrap ', null]],
    ['if(x > 0, flag, true)', [true, true, null, true, false]],
    ['lower(species)', ['adelie', 'gentoo', null, ' chinstrap ', 'adelie']],
    ['upper(species)', ['ADELIE', 'GENTOO', null, ' CHINSTRAP ', 'ADELIE']],
    ['trim(species)', ['Adelie', 'Gentoo', null, 'chinstrap', 'Adelie']],
    ['len(species)', [6, 6, null, 11, 6]],
    ["concat(species, '-', n)", ['Adelie-3', 'Gentoo-0', null, null, 'Adelie-7']],
    [
      "concat(flag, ':', when)",
      ['true:2023-01-02', 'false:2024-02-29', null, 'true:1969-12-31', 'false:2000-03-01'],
    ],
    ["contains(species, 'e')", [true, true, null, false, true]],
    ["startsWith(species, 'Ad')", [true, false, null, false, true]],
    ["endsWith(species, 'oo')", [false, true, null, false, false]],
    ['contains([Bill length (mm)], species)', [false, false, null, null, false]],
    ['year(when)', [2023, 2024, null, 1969, 2000]],
    ['month(when)', [1, 2, null, 12, 3]],
    ['day(when)', [2, 29, null, 31, 1]],
    // 2023-01-02 Monday, 2024-02-29 Thursday, 1969-12-31 Wednesday, 2000-03-01 Wednesday.
    ['weekday(when)', [0, 3, null, 2, 2]],
    ['hour(at)', [13, null, 0, 23, 5]],
    ['year(at)', [2023, null, 2023, 2023, 1960]],
  ])('%s', (source, expected) => {
    const got = values(source);
    expected.forEach((v, i) => {
      if (typeof v === 'number') expect(got[i]).toBeCloseTo(v, 10);
      else expect(got[i]).toEqual(v);
    });
  });

  it('computes logarithms and exponentials, missing outside their domain', () => {
    const log = values('log(x)');
    expect(log[0]).toBe(0);
    expect(log[1]).toBeNull();
    expect(log[3]).toBeCloseTo(Math.log(4), 12);
    expect(values('log(x, 2)')[3]).toBeCloseTo(2, 12);
    expect(values('log1p(x)')[3]).toBeCloseTo(Math.log1p(4), 12);
    expect(values('exp(x)')[4]).toBeCloseTo(Math.exp(9), 6);
    expect(values('log(0 * x)')).toEqual([null, null, null, null, null]);
  });

  it('shifts dates by days and subtracts dates to days', () => {
    expect(cells(run('when + 1')).slice(0, 2)).toEqual([Date.parse('2023-01-03'), Date.parse('2024-03-01')]);
    expect(run('when + 1').type).toBe('date');
    expect(values('when - when')).toEqual([0, 0, null, 0, 0]);
    expect(values('at - when')[0]).toBeCloseTo(13.75 / 24, 12);
  });

  it('returns the categorical type of its source for text functions, text for concat', () => {
    expect(run('lower(species)').type).toBe('category');
    expect(run('upper([Bill length (mm)])').type).toBe('text');
    expect(run("concat(species, 'x')").type).toBe('text');
    expect(run("if(flag, 'a', 'b')").type).toBe('category');
    expect(run('round(x)').type).toBe('integer');
    expect(run('len(species)').type).toBe('integer');
  });

  it('never hands back an array that aliases the input table', () => {
    const c = run('x');
    expect(c.name).toBe('');
    expect('values' in c && c.values).not.toBe(
      table.columns[0] && 'values' in table.columns[0] ? table.columns[0].values : null,
    );
    expect(cells(c)).toEqual([1, -2.5, null, 4, 9]);
  });

  it('produces a dictionary without duplicates when a text function merges values', () => {
    const t = {
      rowCount: 3,
      columns: [
        {
          name: 's',
          type: 'category' as const,
          codes: Int32Array.from([0, 1, 2]),
          dictionary: ['A', 'a', 'B'],
        },
      ],
    };
    const c = evaluateExpression(parseExpression('lower(s)'), t);
    expect('dictionary' in c && c.dictionary).toEqual(['a', 'b']);
    expect(cells(c)).toEqual(['a', 'a', 'b']);
  });

  it('handles a table without rows', () => {
    const c = evaluateExpression(parseExpression('x * 2 + 1'), {
      rowCount: 0,
      columns: [{ name: 'x', type: 'number', values: new Float64Array(0) }],
    });
    expect(cells(c)).toEqual([]);
  });
});
