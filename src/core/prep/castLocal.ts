/**
 * A minimal castColumn kept here until src/core/table exports its own (same signature); then
 * cast.ts imports that one and this file goes. Reads ISO dates only and plain numbers.
 */
import { parseDateLiteral } from '../expr/staticTypes';
import {
  MISSING_BOOL,
  MISSING_CODE,
  cellText,
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isMissing,
  type Column,
  type ColumnType,
} from '../table/table';

const DAY_MS = 86_400_000;
const MAX_EXAMPLES = 5;

export interface CastOutcome {
  column: Column;
  /** Values present before that could not be read as the new type (now missing). */
  failures: number;
  examples: { row: number; value: string }[];
}

function parseBoolean(text: string): number {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 't', 'y', '1'].includes(t)) return 1;
  if (['false', 'no', 'f', 'n', '0'].includes(t)) return 0;
  return MISSING_BOOL;
}

/** Converts a column to another type; values that cannot be read become missing and are counted. */
export function castColumn(col: Column, type: ColumnType): CastOutcome {
  const n = isCategoricalColumn(col) ? col.codes.length : col.values.length;
  const examples: { row: number; value: string }[] = [];
  let failures = 0;
  const fail = (row: number): void => {
    failures++;
    if (examples.length < MAX_EXAMPLES) examples.push({ row, value: cellText(col, row) });
  };
  const name = col.name;

  if (type === 'category' || type === 'text' || type === 'identifier') {
    if (isCategoricalColumn(col)) return { column: { ...col, type }, failures, examples };
    const index = new Map<string, number>();
    const dictionary: string[] = [];
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (isMissing(col, i)) {
        codes[i] = MISSING_CODE;
        continue;
      }
      const s = cellText(col, i);
      let code = index.get(s);
      if (code === undefined) {
        index.set(s, (code = dictionary.length));
        dictionary.push(s);
      }
      codes[i] = code;
    }
    return { column: { name, type, codes, dictionary }, failures, examples };
  }

  if (type === 'boolean') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (isMissing(col, i)) {
        values[i] = MISSING_BOOL;
        continue;
      }
      let v: number = MISSING_BOOL;
      if (isBooleanColumn(col)) v = col.values[i]!;
      else if (isCategoricalColumn(col)) v = parseBoolean(col.dictionary[col.codes[i]!]!);
      else if (!isDateColumn(col)) v = col.values[i] === 1 ? 1 : col.values[i] === 0 ? 0 : MISSING_BOOL;
      if (v === MISSING_BOOL) fail(i);
      values[i] = v;
    }
    return { column: { name, type, values }, failures, examples };
  }

  const values = new Float64Array(n);
  const toDate = type === 'date' || type === 'datetime';
  for (let i = 0; i < n; i++) {
    if (isMissing(col, i)) {
      values[i] = NaN;
      continue;
    }
    let v: number;
    if (isCategoricalColumn(col)) {
      const text = col.dictionary[col.codes[i]!]!.trim();
      v = toDate ? (parseDateLiteral(text) ?? NaN) : text === '' ? NaN : Number(text);
    } else if (isBooleanColumn(col)) {
      v = toDate ? NaN : col.values[i]!;
    } else if (isDateColumn(col)) {
      v = toDate ? col.values[i]! : NaN;
    } else {
      v = toDate ? NaN : col.values[i]!;
    }
    if (type === 'integer' && !Number.isInteger(v)) v = NaN;
    if (type === 'date' && !Number.isNaN(v)) v = Math.floor(v / DAY_MS) * DAY_MS;
    if (!Number.isFinite(v)) {
      fail(i);
      v = NaN;
    }
    values[i] = v;
  }
  return { column: toDate ? { name, type, values } : { name, type, values }, failures, examples };
}
