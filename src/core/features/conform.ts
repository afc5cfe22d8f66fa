/**
 * Brings a scoring table's input columns to the types the recipe was trained on. A new batch is
 * typed by inference on its own values, so a column can come back as text ("1", "2") or, when
 * every cell is empty, as anything at all; the recipe must still replay by rule.
 */

import type { CategoricalType, Column, ColumnType } from '../table/table';
import {
  columnLength,
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isMissing,
  isNumericColumn,
  MISSING_BOOL,
  MISSING_CODE,
  numericValues,
} from '../table/table';
import type { SchemaColumn } from './types';

type Group = 'numeric' | 'date' | 'boolean' | 'categorical';

function groupOf(type: ColumnType): Group {
  if (type === 'integer' || type === 'number') return 'numeric';
  if (type === 'date' || type === 'datetime') return 'date';
  if (type === 'boolean') return 'boolean';
  return 'categorical';
}

function allMissing(c: Column): boolean {
  const n = columnLength(c);
  for (let i = 0; i < n; i++) if (!isMissing(c, i)) return false;
  return true;
}

function emptyColumn(expected: SchemaColumn, n: number): Column {
  const { name, type } = expected;
  switch (type) {
    case 'integer':
    case 'number':
    case 'date':
    case 'datetime':
      return { name, type, values: new Float64Array(n).fill(NaN) };
    case 'boolean':
      return { name, type, values: new Uint8Array(n).fill(MISSING_BOOL) };
    default:
      return { name, type, codes: new Int32Array(n).fill(MISSING_CODE), dictionary: [] };
  }
}

function categoricalType(type: ColumnType): CategoricalType {
  return type === 'text' || type === 'identifier' ? type : 'category';
}

/** Parses every dictionary entry with `parse`; null when one entry that rows use fails. */
function parseDictionary(
  c: Column & { codes: Int32Array; dictionary: readonly string[] },
  parse: (s: string) => number,
): Float64Array | null {
  const byCode = c.dictionary.map(parse);
  const out = new Float64Array(c.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i]!;
    if (code < 0) {
      out[i] = NaN;
      continue;
    }
    const v = byCode[code]!;
    if (Number.isNaN(v)) return null;
    out[i] = v;
  }
  return out;
}

const parseNumber = (s: string): number => (s.trim() === '' ? NaN : Number(s));
// A Map: a category "constructor" or "__proto__" must not find Object.prototype's members.
const BOOLEAN_TEXT = new Map<string, number>([
  ['true', 1],
  ['false', 0],
  ['1', 1],
  ['0', 0],
]);
const parseBoolean = (s: string): number => BOOLEAN_TEXT.get(s.trim().toLowerCase()) ?? NaN;

/**
 * The column converted to the expected type when the conversion is lossless (numbers written as
 * text, 0/1 as booleans, booleans as categories…); an all-empty column of any type becomes an
 * all-missing column of the expected type. Throws naming the column when values do not fit.
 */
export function conformColumn(expected: SchemaColumn, actual: Column): Column {
  const want = groupOf(expected.type);
  const have = groupOf(actual.type);
  if (want === have) return actual;
  const n = columnLength(actual);
  if (allMissing(actual)) return emptyColumn(expected, n);
  const name = expected.name;
  let converted: Column | null = null;
  if (want === 'numeric' && isBooleanColumn(actual)) {
    converted = { name, type: 'number', values: numericValues(actual) };
  } else if (want === 'numeric' && isCategoricalColumn(actual)) {
    const values = parseDictionary(actual, parseNumber);
    if (values) converted = { name, type: 'number', values };
  } else if (want === 'date' && isCategoricalColumn(actual)) {
    const values = parseDictionary(actual, (s) => Date.parse(s.trim()));
    if (values) converted = { name, type: expected.type === 'datetime' ? 'datetime' : 'date', values };
  } else if (want === 'boolean' && (isNumericColumn(actual) || isCategoricalColumn(actual))) {
    const values = isNumericColumn(actual) ? actual.values : parseDictionary(actual, parseBoolean);
    if (values && values.every((v) => Number.isNaN(v) || v === 0 || v === 1)) {
      converted = {
        name,
        type: 'boolean',
        values: Uint8Array.from(values, (v) => (Number.isNaN(v) ? MISSING_BOOL : v)),
      };
    }
  } else if (want === 'categorical' && !isDateColumn(actual)) {
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    const values = numericValues(actual);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) {
        codes[i] = MISSING_CODE;
        continue;
      }
      const key = isBooleanColumn(actual) ? (v === 1 ? 'true' : 'false') : String(v);
      let code = index.get(key);
      if (code === undefined) {
        code = dictionary.length;
        index.set(key, code);
        dictionary.push(key);
      }
      codes[i] = code;
    }
    converted = { name, type: categoricalType(expected.type), codes, dictionary };
  }
  if (converted) return converted;
  throw new Error(
    `Column "${name}" holds ${actual.type} values, but the recipe was fit on ${expected.type} values ` +
      `and they cannot be converted. Check that the file has the same columns, in the same format, as ` +
      `the training data.`,
  );
}
