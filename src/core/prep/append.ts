import {
  MISSING_CODE,
  getColumn,
  isCategoricalColumn,
  type Column,
  type ColumnType,
  type Table,
} from '../table/table';
import { family } from './schema';

/** The type a column takes when tables are stacked: the common type, widened where they differ. */
export function appendedType(types: readonly ColumnType[]): ColumnType {
  const first = types[0]!;
  if (types.every((t) => t === first)) return first;
  switch (family(first)) {
    case 'number':
      return 'number';
    case 'date':
      return 'datetime';
    default:
      return 'text';
  }
}

function stackColumn(parts: readonly Column[], type: ColumnType, total: number): Column {
  const first = parts[0]!;
  if (isCategoricalColumn(first)) {
    const index = new Map<string, number>();
    const dictionary: string[] = [];
    const codes = new Int32Array(total);
    let offset = 0;
    for (const p of parts) {
      if (!isCategoricalColumn(p)) throw new Error(`internal: column "${p.name}" is not text`);
      const map = Int32Array.from(p.dictionary, (s) => {
        let code = index.get(s);
        if (code === undefined) {
          index.set(s, (code = dictionary.length));
          dictionary.push(s);
        }
        return code;
      });
      for (let i = 0; i < p.codes.length; i++) {
        const c = p.codes[i]!;
        codes[offset + i] = c === MISSING_CODE ? MISSING_CODE : map[c]!;
      }
      offset += p.codes.length;
    }
    const textType = type === 'category' || type === 'identifier' ? type : 'text';
    return { name: first.name, type: textType, codes, dictionary };
  }
  if (first.type === 'boolean') {
    const values = new Uint8Array(total);
    let offset = 0;
    for (const p of parts) {
      if (isCategoricalColumn(p)) throw new Error(`internal: column "${p.name}" is text`);
      values.set(p.values, offset);
      offset += p.values.length;
    }
    return { name: first.name, type: 'boolean', values };
  }
  const values = new Float64Array(total);
  let offset = 0;
  for (const p of parts) {
    if (isCategoricalColumn(p)) throw new Error(`internal: column "${p.name}" is text`);
    values.set(p.values, offset);
    offset += p.values.length;
  }
  if (type === 'date' || type === 'datetime') return { name: first.name, type, values };
  return { name: first.name, type: type === 'integer' ? 'integer' : 'number', values };
}

/**
 * Stacks tables with the same columns (matched by name, in the first table's order). Columns
 * of one family are widened (integer + number → number, date + datetime → datetime, mixed
 * text kinds → text) and categorical dictionaries merged. Compatibility is checked beforehand
 * by validatePrepOp.
 */
export function appendTables(tables: readonly Table[]): Table {
  const first = tables[0]!;
  const total = tables.reduce((s, t) => s + t.rowCount, 0);
  const columns = first.columns.map((c) => {
    const parts = tables.map((t) => getColumn(t, c.name));
    return stackColumn(parts, appendedType(parts.map((p) => p.type)), total);
  });
  return { rowCount: total, columns };
}
