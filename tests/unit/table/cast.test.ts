import { describe, expect, it } from 'vitest';
import { castColumn } from '../../../src/core/table/cast';
import {
  categoricalFromStrings,
  cellValue,
  columnLength,
  MISSING_BOOL,
  type Column,
} from '../../../src/core/table/table';
import { numericFromNumbers } from './helpers';

const values = (c: Column): unknown[] => Array.from({ length: columnLength(c) }, (_, i) => cellValue(c, i));

describe('castColumn', () => {
  it('text → integer: non-numbers and non-integers fail, missing stays missing', () => {
    const col = categoricalFromStrings('q', ['1', '2', 'x', null, '2.5', 'NA', '3'], 'text');
    const r = castColumn(col, 'integer');
    expect(r.column.type).toBe('integer');
    expect(values(r.column)).toEqual([1, 2, null, null, null, null, 3]);
    expect(r.failures).toBe(2);
    expect(r.examples).toEqual([
      { row: 2, value: 'x' },
      { row: 4, value: '2.5' },
    ]);
  });

  it('text → number picks the decimal-comma notation the values use', () => {
    const r = castColumn(categoricalFromStrings('p', ['1,5', '2.000,25', '3']), 'number');
    expect(values(r.column)).toEqual([1.5, 2000.25, 3]);
    expect(r.failures).toBe(0);
  });

  it('text → date picks the order that fits, datetime keeps the time', () => {
    const r = castColumn(categoricalFromStrings('d', ['31/12/2024', '01/02/2024', 'soon']), 'date');
    expect(values(r.column)).toEqual([Date.UTC(2024, 11, 31), Date.UTC(2024, 1, 1), null]);
    expect(r.failures).toBe(1);
    const dt = castColumn(categoricalFromStrings('d', ['2024-01-02T03:04:05Z']), 'datetime');
    expect(values(dt.column)).toEqual([Date.UTC(2024, 0, 2, 3, 4, 5)]);
  });

  it('text → boolean accepts words and 0/1', () => {
    const r = castColumn(categoricalFromStrings('b', ['yes', '0', 'maybe', 'TRUE']), 'boolean');
    expect(values(r.column)).toEqual([true, false, null, true]);
    expect(r.failures).toBe(1);
  });

  it('number → integer fails non-integers; integer → number is lossless', () => {
    const r = castColumn(numericFromNumbers('n', [1, 2.5, null, 4]), 'integer');
    expect(values(r.column)).toEqual([1, null, null, 4]);
    expect(r.failures).toBe(1);
    expect(r.examples).toEqual([{ row: 1, value: '2.5' }]);
    const back = castColumn(numericFromNumbers('n', [1, 2], 'integer'), 'number');
    expect(back.column.type).toBe('number');
    expect(values(back.column)).toEqual([1, 2]);
  });

  it('numbers → text and back keep the values', () => {
    const col = numericFromNumbers('n', [0.1, -3, null, 1e21]);
    const text = castColumn(col, 'category');
    expect(values(text.column)).toEqual(['0.1', '-3', null, '1e+21']);
    expect(values(castColumn(text.column, 'number').column)).toEqual([0.1, -3, null, 1e21]);
  });

  it('0/1 numbers → boolean; other numbers fail', () => {
    const r = castColumn(numericFromNumbers('f', [0, 1, 2, null], 'integer'), 'boolean');
    expect(r.column.type).toBe('boolean');
    expect(r.column.type === 'boolean' && Array.from(r.column.values)).toEqual([
      0,
      1,
      MISSING_BOOL,
      MISSING_BOOL,
    ]);
    expect(r.failures).toBe(1);
  });

  it('datetime → date keeps the UTC day; date → number gives epoch ms', () => {
    const col: Column = {
      name: 't',
      type: 'datetime',
      values: Float64Array.from([Date.UTC(2024, 0, 2, 15), NaN]),
    };
    expect(values(castColumn(col, 'date').column)).toEqual([Date.UTC(2024, 0, 2), null]);
    expect(values(castColumn(col, 'number').column)).toEqual([Date.UTC(2024, 0, 2, 15), null]);
  });

  it('between text kinds only the label changes; the same type is a no-op', () => {
    const col = categoricalFromStrings('c', ['a', 'b']);
    const r = castColumn(col, 'identifier');
    expect(r.column.type).toBe('identifier');
    expect(r.column.type !== 'boolean' && 'codes' in r.column && r.column.codes).toBe(col.codes);
    expect(castColumn(col, 'category').column).toBe(col);
  });

  it('booleans → integer as 0/1; → date fails through the text', () => {
    const b: Column = { name: 'b', type: 'boolean', values: Uint8Array.from([1, 0, MISSING_BOOL]) };
    expect(values(castColumn(b, 'integer').column)).toEqual([1, 0, null]);
    const d = castColumn(b, 'date');
    expect(d.failures).toBe(2);
  });
});
