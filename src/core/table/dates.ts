/**
 * Dates and datetimes in the forms CSV files use: ISO 8601 (2024-12-31, 2024-12-31T23:59:59.5Z,
 * with an offset or a space instead of T), year-first with / or . separators, and day-first or
 * month-first (31/12/2024, 12/31/2024, 31.12.24) with an optional time (13:05, 1:05 PM).
 *
 * Values become epoch milliseconds, UTC. A time without a zone is read as UTC, so a value never
 * depends on the machine's time zone. Zones (Z, +02:00) are accepted only in year-first values:
 * that is where ISO puts them, and it keeps day/month reinterpretation exact (see columnBuilder).
 * Two-digit years (only in day-first and month-first forms) follow Python's %y: 00–68 → 2000s,
 * 69–99 → 1900s.
 */

/** Field order of a date: year-month-day (ISO), day-month-year, month-day-year. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

/** The parts of one date text, filled by `scanDate` (reused to avoid an allocation per cell). */
interface DateParts {
  a: number;
  b: number;
  c: number;
  aLen: number;
  cLen: number;
  hasTime: boolean;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC, or NaN when the text names no zone. */
  offset: number;
}

const parts: DateParts = {
  a: 0,
  b: 0,
  c: 0,
  aLen: 0,
  cLen: 0,
  hasTime: false,
  hour: 0,
  minute: 0,
  second: 0,
  ms: 0,
  offset: NaN,
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Reads up to `max` digits at `i`: returns how many, with their value in `num.v` and the index
 * after them in `num.end`.
 */
function readDigits(text: string, i: number, max: number): number {
  let v = 0;
  let len = 0;
  while (i < text.length && len < max) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) break;
    v = v * 10 + (c - 48);
    len++;
    i++;
  }
  num.v = v;
  num.end = i;
  return len;
}

const num = { v: 0, end: 0 };

/** Reads [T| ]HH:MM[:SS[.fff]][ AM|PM][Z|±HH[:MM]] starting at `i`; false when malformed. */
function scanTime(text: string, i: number): boolean {
  const n = text.length;
  let len = readDigits(text, i, 2);
  i = num.end;
  if (len === 0 || text.charCodeAt(i) !== 58) return false; // ':'
  let hour = num.v;
  len = readDigits(text, i + 1, 2);
  i = num.end;
  if (len !== 2) return false;
  parts.minute = num.v;
  parts.second = 0;
  parts.ms = 0;
  if (text.charCodeAt(i) === 58) {
    len = readDigits(text, i + 1, 2);
    i = num.end;
    if (len !== 2) return false;
    parts.second = num.v;
    if (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44) {
      len = readDigits(text, i + 1, 9);
      i = num.end;
      if (len === 0) return false;
      parts.ms = Math.floor(num.v / 10 ** (len - 3));
    }
  }
  // 12-hour clock, as US spreadsheets export it.
  if (i < n && text.charCodeAt(i) === 32) {
    const meridiem = text.slice(i + 1, i + 3).toUpperCase();
    if (meridiem === 'AM' || meridiem === 'PM') {
      if (hour < 1 || hour > 12) return false;
      hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
      i += 3;
    }
  }
  parts.hour = hour;
  parts.offset = NaN;
  if (i < n) {
    const c = text.charCodeAt(i);
    if (c === 90 && i === n - 1) return true; // Z
    if (c !== 43 && c !== 45) return false;
    const sign = c === 45 ? -1 : 1;
    len = readDigits(text, i + 1, 2);
    i = num.end;
    if (len !== 2) return false;
    let minutes = num.v * 60;
    if (text.charCodeAt(i) === 58) i++;
    if (i < n) {
      len = readDigits(text, i, 2);
      i = num.end;
      if (len !== 2) return false;
      minutes += num.v;
    }
    if (i !== n) return false;
    parts.offset = sign * minutes;
    return true;
  }
  return true;
}

/** Splits a date text into `parts`; false when it is not shaped like any supported date. */
function scanDate(text: string): boolean {
  const n = text.length;
  if (n < 6 || n > 40) return false;
  let len = readDigits(text, 0, 4);
  let i = num.end;
  if (len === 0 || i >= n) return false;
  parts.a = num.v;
  parts.aLen = len;
  const sep = text.charCodeAt(i);
  if (sep !== 45 && sep !== 47 && sep !== 46) return false; // - / .
  len = readDigits(text, i + 1, 2);
  i = num.end;
  if (len === 0 || text.charCodeAt(i) !== sep) return false;
  parts.b = num.v;
  len = readDigits(text, i + 1, 4);
  i = num.end;
  if (len === 0) return false;
  parts.c = num.v;
  parts.cLen = len;
  parts.hasTime = false;
  parts.offset = NaN;
  parts.hour = parts.minute = parts.second = parts.ms = 0;
  if (i === n) return true;
  const c = text.charCodeAt(i);
  if (c !== 84 && c !== 32) return false; // T or space
  parts.hasTime = true;
  return scanTime(text, i + 1);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function expandYear(y: number, len: number): number {
  if (len === 4) return y;
  if (len === 2) return y < 69 ? 2000 + y : 1900 + y;
  return NaN;
}

/** Epoch ms of the scanned parts read in `order`, or NaN when they are not a valid date that way. */
function valueOf(order: DateOrder): number {
  let year: number;
  let month: number;
  let day: number;
  if (order === 'ymd') {
    if (parts.aLen !== 4 || parts.cLen > 2) return NaN;
    year = parts.a;
    month = parts.b;
    day = parts.c;
  } else {
    if (parts.aLen > 2 || !Number.isNaN(parts.offset)) return NaN;
    year = expandYear(parts.c, parts.cLen);
    if (order === 'dmy') {
      day = parts.a;
      month = parts.b;
    } else {
      month = parts.a;
      day = parts.b;
    }
  }
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return NaN;
  let t = Date.UTC(year, month - 1, day, parts.hour, parts.minute, parts.second, parts.ms);
  // Date.UTC maps years 0–99 to 1900–1999.
  if (year < 100) t = new Date(t).setUTCFullYear(year);
  return Number.isNaN(parts.offset) ? t : t - parts.offset * 60_000;
}

/**
 * Parses a date or datetime text read in `order` (separators - / . are all accepted) to epoch
 * milliseconds UTC; NaN when the text is not a valid date in that order.
 */
export function parseDate(text: string, order: DateOrder): number {
  if (!scanDate(text)) return NaN;
  return valueOf(order);
}

/** What one text can be as a date: which orders fit and whether it carries a time. */
export interface DateFit {
  ymd: boolean;
  dmy: boolean;
  mdy: boolean;
  hasTime: boolean;
}

/** Which orders `text` is a valid date in (all false when it is not a date at all). */
export function dateFit(text: string): DateFit {
  if (!scanDate(text)) return { ymd: false, dmy: false, mdy: false, hasTime: false };
  return {
    ymd: !Number.isNaN(valueOf('ymd')),
    dmy: !Number.isNaN(valueOf('dmy')),
    mdy: !Number.isNaN(valueOf('mdy')),
    hasTime: parts.hasTime,
  };
}

/**
 * Parses `text` in `order` and reports in `out` whether it had a time part and whether it reads
 * as a valid date both day-first and month-first. Used on the hot path
 * by the column builder, which must know about times without a second scan.
 */
export function parseDateInto(
  text: string,
  order: DateOrder,
  out: { hasTime: boolean; bothOrders: boolean },
): number {
  if (!scanDate(text)) return NaN;
  out.hasTime = parts.hasTime;
  // Day and month both at most 12: valid read either way round (every month has 12+ days).
  out.bothOrders = parts.aLen <= 2 && parts.a <= 12 && parts.b <= 12;
  return valueOf(order);
}

/**
 * Reads a stored day-first value as month-first (or back): swaps the UTC month and day. Exact
 * for values whose day and month are both at most 12, the only ones ever reinterpreted.
 */
export function swapDayMonth(epochMs: number): number {
  if (Number.isNaN(epochMs)) return epochMs;
  const d = new Date(epochMs);
  const day = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  d.setUTCMonth(day - 1, month);
  return d.getTime();
}

/** The ISO text of an epoch-ms value: YYYY-MM-DD for dates, YYYY-MM-DDTHH:MM:SS[.sss]Z otherwise. */
export function formatDate(epochMs: number, withTime: boolean): string {
  const iso = new Date(epochMs).toISOString();
  return withTime ? iso.replace('.000Z', 'Z') : iso.slice(0, 10);
}
