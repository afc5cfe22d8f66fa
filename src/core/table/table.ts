/**
 * The columnar Table every layer shares: typed arrays for numbers, dates and booleans,
 * dictionary codes for categories and text. Never an array of row objects: a 5M-row file
 * must fit in a browser tab.
 *
 * Missing values: NaN in Float64Array columns, MISSING_BOOL in boolean columns, MISSING_CODE in
 * categorical columns.
 */

export type NumericType = 'integer' | 'number';
export type DateType = 'date' | 'datetime';
export type CategoricalType = 'category' | 'text' | 'identifier';
export type ColumnType = NumericType | DateType | CategoricalType | 'boolean';

/**
 * A column's name and type: what a dataset version's schema lists. The one definition: the store
 * persists it, and preparation, the recipe and the expression checker read it.
 */
export interface SchemaColumn {
  name: string;
  type: ColumnType;
  /** A boolean column's texts as the file wrote them ("no"/"yes"); absent for "false"/"true". */
  labels?: BooleanLabels;
}

export const COLUMN_TYPES: readonly ColumnType[] = [
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'category',
  'text',
  'identifier',
];

export const MISSING_BOOL = 255;
export const MISSING_CODE = -1;

export interface NumericColumn {
  readonly name: string;
  readonly type: NumericType;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface DateColumn {
  readonly name: string;
  readonly type: DateType;
  /** Milliseconds since the Unix epoch, UTC; NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface BooleanColumn {
  readonly name: string;
  readonly type: 'boolean';
  /** 0 false, 1 true, MISSING_BOOL missing. */
  readonly values: Uint8Array;
  /**
   * The texts the file used ("no"/"yes", "N"/"Y"…), so a yes/no target stays yes/no in classes,
   * predictions and charts. Absent: "false"/"true".
   */
  readonly labels?: BooleanLabels;
}

/** How a boolean column writes its two values. */
export interface BooleanLabels {
  readonly false: string;
  readonly true: string;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly type: CategoricalType;
  /** Index into `dictionary`; MISSING_CODE marks a missing value. */
  readonly codes: Int32Array;
  /** Distinct values. May hold entries no row uses (after a filter); never duplicates. */
  readonly dictionary: readonly string[];
}

export type Column = NumericColumn | DateColumn | BooleanColumn | CategoricalColumn;

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export function isNumericColumn(c: Column): c is NumericColumn {
  return c.type === 'integer' || c.type === 'number';
}

export function isDateColumn(c: Column): c is DateColumn {
  return c.type === 'date' || c.type === 'datetime';
}

export function isBooleanColumn(c: Column): c is BooleanColumn {
  return c.type === 'boolean';
}

export function isCategoricalColumn(c: Column): c is CategoricalColumn {
  return c.type === 'category' || c.type === 'text' || c.type === 'identifier';
}

/** The column called `name`; throws an error that names the missing column and what exists. */
export function getColumn(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  if (!found) {
    const names = table.columns.map((c) => `"${c.name}"`).join(', ');
    throw new Error(`Column "${name}" is not in this table (columns: ${names}).`);
  }
  return found;
}

export function columnLength(c: Column): number {
  return isCategoricalColumn(c) ? c.codes.length : c.values.length;
}

export function isMissing(c: Column, row: number): boolean {
  if (isCategoricalColumn(c)) return c.codes[row] === MISSING_CODE;
  if (isBooleanColumn(c)) return c.values[row] === MISSING_BOOL;
  return Number.isNaN(c.values[row]);
}

/** The text of a boolean value as the column's file wrote it ("yes"), else "true"/"false". */
export function booleanText(c: BooleanColumn, value: number): string {
  return value === 1 ? (c.labels?.true ?? 'true') : (c.labels?.false ?? 'false');
}

/** A cell as a plain JS value: number, string, boolean, or null when missing. Dates are epoch ms. */
export function cellValue(c: Column, row: number): number | string | boolean | null {
  if (isMissing(c, row)) return null;
  if (isCategoricalColumn(c)) return c.dictionary[c.codes[row]!]!;
  if (isBooleanColumn(c)) return c.values[row] === 1;
  return c.values[row]!;
}

/** A cell as text for display and CSV export; missing is the empty string. */
export function cellText(c: Column, row: number): string {
  const v = cellValue(c, row);
  if (v === null) return '';
  if (c.type === 'date') return new Date(v as number).toISOString().slice(0, 10);
  if (c.type === 'datetime') return new Date(v as number).toISOString().replace('.000Z', 'Z');
  if (isBooleanColumn(c)) return booleanText(c, c.values[row]!);
  return String(v);
}

/**
 * The column as numbers: numeric and date values as they are, booleans as 0/1, categorical
 * codes as NaN (they have no order). Missing values are NaN.
 */
export function numericValues(c: Column): Float64Array {
  if (isNumericColumn(c) || isDateColumn(c)) return c.values;
  const out = new Float64Array(columnLength(c));
  if (isBooleanColumn(c)) {
    for (let i = 0; i < out.length; i++) {
      const v = c.values[i]!;
      out[i] = v === MISSING_BOOL ? NaN : v;
    }
  } else {
    out.fill(NaN);
  }
  return out;
}

/** A column of the same name and type holding only the given rows, in the given order. */
export function takeColumn(c: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  if (isCategoricalColumn(c)) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!;
    return { name: c.name, type: c.type, codes, dictionary: c.dictionary };
  }
  if (isBooleanColumn(c)) {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
    return { ...c, values } satisfies BooleanColumn;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
  return { ...c, values } satisfies NumericColumn | DateColumn;
}

/** A table holding only the given rows (indices into `table`), in the given order. */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  return { rowCount: rows.length, columns: table.columns.map((c) => takeColumn(c, rows)) };
}

/** A table with only the named columns, in the order named. */
export function selectColumns(table: Table, names: readonly string[]): Table {
  return { rowCount: table.rowCount, columns: names.map((n) => getColumn(table, n)) };
}

/** Builds a categorical column from plain strings (null = missing), dictionary in first-seen order. */
export function categoricalFromStrings(
  name: string,
  values: readonly (string | null)[],
  type: CategoricalType = 'category',
): CategoricalColumn {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = MISSING_CODE;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      index.set(v, code);
      dictionary.push(v);
    }
    codes[i] = code;
  }
  return { name, type, codes, dictionary };
}

/** Checks that every column has `rowCount` values and names are unique; throws naming the fault. */
export function assertValidTable(table: Table): void {
  const seen = new Set<string>();
  for (const c of table.columns) {
    if (seen.has(c.name)) throw new Error(`Column name "${c.name}" appears twice.`);
    seen.add(c.name);
    const len = columnLength(c);
    if (len !== table.rowCount) {
      throw new Error(`Column "${c.name}" has ${len} values but the table has ${table.rowCount} rows.`);
    }
  }
}
