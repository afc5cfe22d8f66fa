import {
  MISSING_BOOL,
  categoricalFromStrings,
  cellValue,
  type Column,
  type ColumnType,
  type Table,
} from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

type Cell = number | string | boolean | null;

/**
 * A table from plain columns. The type is inferred from the first non-null value (numbers →
 * 'number', strings → 'category', booleans → 'boolean') unless given in `types`; date types
 * read ISO strings.
 */
export function table(data: Record<string, readonly Cell[]>, types: Record<string, ColumnType> = {}): Table {
  const columns: Column[] = Object.entries(data).map(([name, values]) => {
    const sample = values.find((v) => v !== null);
    const type: ColumnType =
      types[name] ??
      (typeof sample === 'number' ? 'number' : typeof sample === 'boolean' ? 'boolean' : 'category');
    switch (type) {
      case 'integer':
      case 'number':
        return numericFromNumbers(name, values as (number | null)[], type);
      case 'date':
      case 'datetime':
        return {
          name,
          type,
          values: Float64Array.from(values, (v) => (v === null ? NaN : Date.parse(String(v)))),
        };
      case 'boolean':
        return {
          name,
          type,
          values: Uint8Array.from(values, (v) => (v === null ? MISSING_BOOL : v ? 1 : 0)),
        };
      default:
        return categoricalFromStrings(
          name,
          values.map((v) => (v === null ? null : String(v))),
          type,
        );
    }
  });
  return { rowCount: Object.values(data)[0]?.length ?? 0, columns };
}

/** The table as an array of rows of plain values (dates as epoch ms, missing as null). */
export function rows(t: Table): Cell[][] {
  return Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => cellValue(c, r)));
}

/** One column's values as plain values. */
export function col(t: Table, name: string): Cell[] {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from({ length: t.rowCount }, (_, r) => cellValue(c, r));
}

export function names(t: Table): string[] {
  return t.columns.map((c) => c.name);
}

/** A deep copy of every array, to prove an operation left its input untouched. */
export function snapshot(t: Table): unknown {
  return t.columns.map((c) =>
    'codes' in c ? [c.name, c.type, [...c.codes], [...c.dictionary]] : [c.name, c.type, [...c.values]],
  );
}
