import { describe, expect, it } from 'vitest';
import { dateFit, formatDate, parseDate, swapDayMonth } from '../../../src/core/table/dates';

const utc = (...a: [number, number, number, number?, number?, number?, number?]): number =>
  Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);

describe('parseDate', () => {
  it('reads ISO dates and datetimes, with zones converted to UTC', () => {
    expect(parseDate('2024-12-31', 'ymd')).toBe(utc(2024, 12, 31));
    expect(parseDate('2024-12-31T23:59:59', 'ymd')).toBe(utc(2024, 12, 31, 23, 59, 59));
    expect(parseDate('2024-12-31 23:59', 'ymd')).toBe(utc(2024, 12, 31, 23, 59));
    expect(parseDate('2024-12-31T23:59:59.5Z', 'ymd')).toBe(utc(2024, 12, 31, 23, 59, 59, 500));
    expect(parseDate('2024-06-01T12:00:00+02:00', 'ymd')).toBe(utc(2024, 6, 1, 10));
    expect(parseDate('2024-06-01T12:00:00-0530', 'ymd')).toBe(utc(2024, 6, 1, 17, 30));
    expect(parseDate('2024-06-01T00:30:00+01', 'ymd')).toBe(utc(2024, 5, 31, 23, 30));
    expect(parseDate('2024/06/01', 'ymd')).toBe(utc(2024, 6, 1));
    expect(parseDate('2024.6.1', 'ymd')).toBe(utc(2024, 6, 1));
  });

  it('reads day-first and month-first dates with any separator and an optional time', () => {
    expect(parseDate('31/12/2024', 'dmy')).toBe(utc(2024, 12, 31));
    expect(parseDate('31.12.2024', 'dmy')).toBe(utc(2024, 12, 31));
    expect(parseDate('12/31/2024', 'mdy')).toBe(utc(2024, 12, 31));
    expect(parseDate('12-31-2024 13:05', 'mdy')).toBe(utc(2024, 12, 31, 13, 5));
    expect(parseDate('12/31/2024 1:05 PM', 'mdy')).toBe(utc(2024, 12, 31, 13, 5));
    expect(parseDate('12/31/2024 12:05 AM', 'mdy')).toBe(utc(2024, 12, 31, 0, 5));
    expect(parseDate('31/12/24', 'dmy')).toBe(utc(2024, 12, 31));
    expect(parseDate('31/12/70', 'dmy')).toBe(utc(1970, 12, 31));
  });

  it('rejects impossible dates and texts that are not dates', () => {
    for (const [t, order] of [
      ['2023-02-29', 'ymd'],
      ['2024-13-01', 'ymd'],
      ['31/12/2024', 'mdy'],
      ['12/31/2024', 'dmy'],
      ['2024-12-31T24:00', 'ymd'],
      ['2024-12-31T10:61', 'ymd'],
      ['31/12/2024 10:00+02:00', 'dmy'],
      ['12.5', 'ymd'],
      ['10.0.0.1', 'dmy'],
      ['20240131', 'ymd'],
      ['2024-12-31 ', 'ymd'],
      ['hello', 'ymd'],
    ] as const) {
      expect(parseDate(t, order), `${t} as ${order}`).toBeNaN();
    }
    expect(parseDate('2024-02-29', 'ymd')).toBe(utc(2024, 2, 29));
    expect(parseDate('2000-02-29', 'ymd')).toBe(utc(2000, 2, 29));
    expect(parseDate('1900-02-29', 'ymd')).toBeNaN();
  });

  it('reports which orders fit', () => {
    expect(dateFit('05/04/2024')).toEqual({ ymd: false, dmy: true, mdy: true, hasTime: false });
    expect(dateFit('13/04/2024')).toEqual({ ymd: false, dmy: true, mdy: false, hasTime: false });
    expect(dateFit('2024-04-13T10:00Z')).toEqual({ ymd: true, dmy: false, mdy: false, hasTime: true });
  });

  it('swaps day and month exactly and formats ISO', () => {
    expect(swapDayMonth(utc(2024, 4, 5, 6, 7, 8))).toBe(utc(2024, 5, 4, 6, 7, 8));
    expect(formatDate(utc(2024, 4, 5), false)).toBe('2024-04-05');
    expect(formatDate(utc(2024, 4, 5, 6, 7, 8), true)).toBe('2024-04-05T06:07:08Z');
  });
});
