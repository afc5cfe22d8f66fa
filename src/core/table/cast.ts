/**
 * Changing a column's type after ingest (the user's override, and the prepare step "cast").
 * Values that do not convert become missing and are counted, with examples, so the user sees
 * what was lost. Missing values stay missing and are never failures.
 *
 * Conversions: text ↔ anything through the same parsers ingest uses (the notation and date order
 * are chosen from the column's own values); integer ↔ number (non-integers fail); datetime → date
 * keeps the UTC day; dates → numbers give epoch milliseconds; booleans → numbers give 0/1;
 * 0/1 numbers → booleans. Anything else goes through the value's text and usually fails.
 */

import { dateFit, parseDate, type DateOrder } from './dates';
import {
  cellText,
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isMissing,
  isNumericColumn,
  MISSING_BOOL,
  MISSING_CODE,
  type CategoricalColumn,
  type Column,
  type ColumnType,
} from './table';
import {
  isMissingText,
  numberShape,
  NumberShape,
  parseBooleanText,
  parseNumber,
  type NumberStyle,
} from './values';

export interface CastResult {
  column: Column;
  /** Non-missing values that did not convert (now missing). */
  failures: number;
  /** The first few failures: row index and the original text. */
  examples: { row: number; value: string }[];
}

const MAX_EXAMPLES = 5;
const DAY_MS = 86_400_000;

/**
 * Converts `col` to `type`, returning the new column and how many values failed to convert.
 * The column keeps its name; a cast to the column's own type returns it unchanged.
 */
export function castColumn(col: Column, type: ColumnType): CastResult {
  if (col.type === type) return { column: col, failures: 0, examples: [] };
  const name = col.name;
  if (type === 'category' || type === 'text' || type === 'identifier') {
    if (isCategoricalColumn(col)) return { column: { ...col, type }, failures: 0, examples: [] };
    return { column: toCategorical(col, type), failures: 0, examples: [] };
  }
  if (isCategoricalColumn(col)) return fromTexts(col, type);

  const n = col.values.length;
  if (type === 'boolean' && isNumericColumn(col)) {
    const out = new Uint8Array(n);
    return fill(
      col,
      n,
      (i) => {
        const v = col.values[i]!;
        if (isMissing(col, i)) out[i] = MISSING_BOOL;
        else if (v === 0 || v === 1) out[i] = v;
        else return false;
        return true;
      },
      () => ({ name, type: 'boolean', values: out }),
      (i) => (out[i] = MISSING_BOOL),
    );
  }
  const out = new Float64Array(n);
  if (isBooleanColumn(col)) {
    if (type === 'integer' || type === 'number') {
      for (let i = 0; i < n; i++) out[i] = col.values[i] === MISSING_BOOL ? NaN : col.values[i]!;
      return { column: { name, type, values: out }, failures: 0, examples: [] };
    }
  } else if (isNumericColumn(col) && (type === 'integer' || type === 'number')) {
    return fill(
      col,
      n,
      (i) => {
        const v = col.values[i]!;
        out[i] = v;
        return v !== v || type === 'number' || Number.isInteger(v);
      },
      () => ({ name, type, values: out }),
      (i) => (out[i] = NaN),
    );
  } else if (isDateColumn(col)) {
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      out[i] = type === 'date' ? Math.floor(v / DAY_MS) * DAY_MS : v;
    }
    const outType = type === 'date' || type === 'datetime' ? type : type === 'integer' ? 'integer' : 'number';
    return { column: { name, type: outType, values: out }, failures: 0, examples: [] };
  }
  // No direct conversion: through the value's text (e.g. a number 20240131 → date fails).
  const texts: (string | null)[] = [];
  for (let i = 0; i < n; i++) texts.push(isMissing(col, i) ? null : cellText(col, i));
  return fromTexts(categoricalOf(name, texts), type);
}

/** Runs `convert` per row; rows where it returns false become missing (via `setMissing`) and count. */
function fill(
  col: Column,
  n: number,
  convert: (row: number) => boolean,
  build: () => Column,
  setMissing: (row: number) => void,
): CastResult {
  let failures = 0;
  const examples: { row: number; value: string }[] = [];
  for (let i = 0; i < n; i++) {
    if (convert(i)) continue;
    failures++;
    if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: cellText(col, i) });
    setMissing(i);
  }
  return { column: build(), failures, examples };
}

function toCategorical(col: Column, type: 'category' | 'text' | 'identifier'): CategoricalColumn {
  const n = isCategoricalColumn(col) ? col.codes.length : col.values.length;
  const texts: (string | null)[] = [];
  for (let i = 0; i < n; i++) texts.push(isMissing(col, i) ? null : cellText(col, i));
  return { ...categoricalOf(col.name, texts), type };
}

function categoricalOf(name: string, texts: readonly (string | null)[]): CategoricalColumn {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(texts.length);
  texts.forEach((t, i) => {
    if (t === null) {
      codes[i] = MISSING_CODE;
      return;
    }
    let c = index.get(t);
    if (c === undefined) {
      c = dictionary.length;
      index.set(t, c);
      dictionary.push(t);
    }
    codes[i] = c;
  });
  return { name, type: 'text', codes, dictionary };
}

/** Which notation and date order the dictionary's texts use most. */
function readingOf(dictionary: readonly string[]): { style: NumberStyle; order: DateOrder } {
  let dot = 0;
  let comma = 0;
  const orders: Record<DateOrder, number> = { ymd: 0, dmy: 0, mdy: 0 };
  for (const t of dictionary) {
    const sd = numberShape(t, 'dot');
    const sc = numberShape(t, 'comma');
    if (sd === NumberShape.Integer || sd === NumberShape.Decimal) dot++;
    if (sc === NumberShape.Integer || sc === NumberShape.Decimal) comma++;
    const f = dateFit(t);
    if (f.ymd) orders.ymd++;
    if (f.dmy) orders.dmy++;
    if (f.mdy) orders.mdy++;
  }
  const order: DateOrder =
    orders.ymd >= orders.dmy && orders.ymd >= orders.mdy ? 'ymd' : orders.dmy > orders.mdy ? 'dmy' : 'mdy';
  return { style: comma > dot ? 'comma' : 'dot', order };
}

/** Parses each dictionary entry once, then maps the codes. */
function fromTexts(col: CategoricalColumn, type: ColumnType): CastResult {
  const { dictionary, codes, name } = col;
  const { style, order } = readingOf(dictionary);
  // Per entry: the converted value, or NaN for "does not convert"; missing tokens stay missing.
  const parsed = new Float64Array(dictionary.length);
  const missingEntry = new Uint8Array(dictionary.length);
  dictionary.forEach((t, k) => {
    const trimmed = t.trim();
    if (isMissingText(trimmed)) {
      missingEntry[k] = 1;
      parsed[k] = NaN;
      return;
    }
    let v: number;
    if (type === 'boolean') {
      const b = parseBooleanText(trimmed);
      v = b !== -1 ? b : trimmed === '1' ? 1 : trimmed === '0' ? 0 : NaN;
    } else if (type === 'integer' || type === 'number') {
      v = parseNumber(trimmed, style);
      if (type === 'integer' && !Number.isInteger(v)) v = NaN;
    } else {
      v = parseDate(trimmed, order);
      if (type === 'date') v = Math.floor(v / DAY_MS) * DAY_MS;
    }
    parsed[k] = v;
  });
  const n = codes.length;
  let failures = 0;
  const examples: { row: number; value: string }[] = [];
  const values = type === 'boolean' ? new Uint8Array(n) : new Float64Array(n);
  const missing = type === 'boolean' ? MISSING_BOOL : NaN;
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code === MISSING_CODE) {
      values[i] = missing;
      continue;
    }
    const v = parsed[code]!;
    if (v !== v) {
      values[i] = missing;
      if (missingEntry[code] === 0) {
        failures++;
        if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: dictionary[code]! });
      }
    } else values[i] = v;
  }
  const column: Column =
    values instanceof Uint8Array
      ? { name, type: 'boolean', values }
      : type === 'integer' || type === 'number'
        ? { name, type, values }
        : { name, type: type === 'datetime' ? 'datetime' : 'date', values };
  return { column, failures, examples };
}
