import type { Expr } from '../../../src/core/expr';
import {
  MISSING_BOOL,
  categoricalFromStrings,
  type Column,
  type Table,
  cellValue,
} from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

/** Fully bracketed prefix form, so precedence tests read the tree shape directly. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'string':
      return `'${e.value}'`;
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
    case 'column':
      return e.name;
    case 'unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'isNull':
      return `(${e.negated ? 'notnull' : 'isnull'} ${sexpr(e.operand)})`;
    case 'in':
      return `(${e.negated ? 'notin' : 'in'} ${sexpr(e.operand)} ${e.items.map(sexpr).join(' ')})`;
    case 'call':
      return `(${e.name} ${e.args.map(sexpr).join(' ')})`;
  }
}

export function booleans(name: string, values: readonly (boolean | null)[]): Column {
  return {
    name,
    type: 'boolean',
    values: Uint8Array.from(values, (v) => (v === null ? MISSING_BOOL : v ? 1 : 0)),
  };
}

export function dates(
  name: string,
  values: readonly (string | null)[],
  type: 'date' | 'datetime' = 'date',
): Column {
  return { name, type, values: Float64Array.from(values, (v) => (v === null ? NaN : Date.parse(v))) };
}

/** A small table with one column of each kind, missing values in every column. */
export function sampleTable(): Table {
  const columns: Column[] = [
    numericFromNumbers('x', [1, -2.5, null, 4, 9]),
    numericFromNumbers('n', [3, 0, 2, null, 7], 'integer'),
    categoricalFromStrings('species', ['Adelie', 'Gentoo', null, ' chinstrap ', 'Adelie']),
    categoricalFromStrings('Bill length (mm)', ['39.1', '40', '41', null, '38'], 'text'),
    booleans('flag', [true, false, null, true, false]),
    dates('when', ['2023-01-02', '2024-02-29', null, '1969-12-31', '2000-03-01']),
    dates(
      'at',
      ['2023-01-02T13:45:00Z', null, '2023-06-30T00:00:00Z', '2023-06-30T23:59:59Z', '1960-01-01T05:00:00Z'],
      'datetime',
    ),
  ];
  return { rowCount: 5, columns };
}

/** The column's cells as plain values (null = missing). */
export function cells(c: Column): (number | string | boolean | null)[] {
  const n = 'codes' in c ? c.codes.length : c.values.length;
  return Array.from({ length: n }, (_, i) => cellValue(c, i));
}
