import { describe, expect, it } from 'vitest';
import { classifyStrings, inferColumnType } from '../../../src/core/table/infer';

const repeat = (values: string[], times: number): string[] =>
  Array.from({ length: times }, () => values).flat();

describe('inferColumnType', () => {
  it('keeps integer-like codes with leading zeros as identifiers, never numbers', () => {
    expect(inferColumnType(['0700', '1200', '0015', '2359']).type).toBe('identifier');
    expect(inferColumnType(['700', '1200', '15']).type).toBe('integer');
    expect(inferColumnType(['12345678901234567', '12345678901234568']).type).toBe('identifier');
  });

  it('tells integers from numbers by how they are written', () => {
    expect(inferColumnType(['1', '-2', '', '30']).type).toBe('integer');
    expect(inferColumnType(['1', '2.0', '3']).type).toBe('number');
    expect(inferColumnType(['1e3', '2']).type).toBe('number');
  });

  it('detects decimal commas and thousands separators', () => {
    expect(inferColumnType(['3,14', '2,5', '10'])).toEqual({ type: 'number', decimalComma: true });
    expect(inferColumnType(['1.234,5', '987,25'])).toEqual({ type: 'number', decimalComma: true });
    expect(inferColumnType(['1,234,567', '12', '3,000'])).toEqual({ type: 'integer' });
    // "1.234" could be either; the file's delimiter decides.
    expect(inferColumnType(['1.234', '5.678']).decimalComma).toBeUndefined();
    expect(inferColumnType(['1.234', '5.678'], { delimiter: ';' })).toEqual({
      type: 'integer',
      decimalComma: true,
    });
  });

  it('reads 0/1 as integers and word pairs as booleans', () => {
    expect(inferColumnType(['0', '1', '1', '0']).type).toBe('integer');
    expect(inferColumnType(['yes', 'no', 'Yes', '']).type).toBe('boolean');
    expect(inferColumnType(['TRUE', 'FALSE']).type).toBe('boolean');
    expect(inferColumnType(['t', 'f', 'x']).type).not.toBe('boolean');
  });

  it('marks dates that fit day-first and month-first as ambiguous, month-first by default', () => {
    expect(inferColumnType(['01/02/2024', '03/04/2024'])).toEqual({
      type: 'date',
      dateFormat: 'mdy',
      ambiguousDate: true,
    });
    expect(inferColumnType(['01/02/2024', '03/04/2024'], { dayFirst: true }).dateFormat).toBe('dmy');
    expect(inferColumnType(['01/02/2024', '30/04/2023', '13/01/2024'])).toEqual({
      type: 'date',
      dateFormat: 'dmy',
    });
    expect(inferColumnType(['01/02/2024', '12/31/2024'])).toEqual({ type: 'date', dateFormat: 'mdy' });
    expect(inferColumnType(['2024-01-02', '2024-02-03'])).toEqual({ type: 'date', dateFormat: 'ymd' });
  });

  it('reads ISO datetimes with zones as datetime', () => {
    const r = inferColumnType(['2024-01-02T10:00:00Z', '2024-01-02T12:00:00+02:00', '2024-01-03']);
    expect(r).toEqual({ type: 'datetime', dateFormat: 'ymd' });
  });

  it('chooses category, text or identifier from the whole column', () => {
    expect(inferColumnType(repeat(['red', 'green', 'blue'], 30)).type).toBe('category');
    const ids = Array.from({ length: 50 }, (_, i) => `ID-${1000 + i}`);
    expect(inferColumnType(ids).type).toBe('identifier');
    const sentences = Array.from({ length: 50 }, (_, i) => `note number ${i} about things`);
    expect(inferColumnType(sentences).type).toBe('text');
    expect(classifyStrings({ nonMissing: 1000, distinct: 400, codes: false, spacedShare: 0 })).toBe('text');
    expect(classifyStrings({ nonMissing: 1000, distinct: 100, codes: false, spacedShare: 0 })).toBe(
      'category',
    );
  });

  it('reports a mostly numeric column with a stray word as mixed, naming the first misfit', () => {
    const values = Array.from({ length: 30 }, (_, i) => String(i));
    values[17] = 'twelve';
    const r = inferColumnType(['', ...values]);
    // 30 distinct values: too many for a category, and a mixed column is never an identifier.
    expect(r.type).toBe('text');
    expect(r.mixedFrom).toEqual({ index: 18, value: 'twelve', wouldBe: 'integer' });
  });

  it('treats an all-missing column as text', () => {
    expect(inferColumnType(['', 'NA', '?']).type).toBe('text');
  });
});
