/**
 * The raw-rows grid of Explore: which rows a filter keeps, in which order a sort puts them, and
 * one page of them as display text. The worker keeps the resulting row order, so paging through
 * a million rows never sorts twice.
 */
import { argsortFloat64 } from './argsort';
import { clipText, MAX_CELL_CHARS } from './labels';
import { ExpressionError, checkExpression, evaluateExpression, parseExpression } from '../expr';
import {
  MISSING_BOOL,
  cellText,
  getColumn,
  isBooleanColumn,
  isCategoricalColumn,
  type Table,
} from '../table/table';

export type SortDirection = 'ascending' | 'descending';

/** Why a filter cannot run, with where in the expression the problem starts (0-based). */
export interface FilterProblem {
  message: string;
  position: number;
  length: number;
}

/**
 * The problem that stops `expression` from filtering a table with these columns, or null when
 * it parses, type-checks and gives true/false values.
 */
export function filterProblem(
  expression: string,
  schema: readonly { name: string; type: Table['columns'][number]['type'] }[],
): FilterProblem | null {
  try {
    const { type } = checkExpression(parseExpression(expression), schema);
    if (type === 'boolean') return null;
    return {
      message: `A filter needs a true/false condition, but this expression gives ${type} values — compare it, e.g. ${expression.trim()} > 0.`,
      position: 0,
      length: Math.max(1, expression.length),
    };
  } catch (e) {
    if (e instanceof ExpressionError) return { message: e.message, position: e.position, length: e.length };
    throw e;
  }
}

/**
 * Indices of the rows where `expression` is true, ascending. Rows where it is false or cannot be
 * decided (missing values) are left out, as SQL's WHERE does. Throws ExpressionError (with its
 * position) when the expression does not parse or type-check, or is not a condition.
 */
export function filterRowIndices(table: Table, expression: string): Int32Array {
  const problem = filterProblem(
    expression,
    table.columns.map((c) => ({ name: c.name, type: c.type })),
  );
  if (problem) throw new ExpressionError(problem.message, problem.position, problem.length);
  const condition = evaluateExpression(parseExpression(expression), table);
  if (!isBooleanColumn(condition)) throw new Error('internal: a checked filter gave no condition');
  let kept = 0;
  for (let i = 0; i < table.rowCount; i++) if (condition.values[i] === 1) kept++;
  const rows = new Int32Array(kept);
  let k = 0;
  for (let i = 0; i < table.rowCount; i++) if (condition.values[i] === 1) rows[k++] = i;
  return rows;
}

/** 0, 1, …, n − 1. */
export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

// Natural order for text ("item2" before "item10"), fixed to one locale so every user and
// every test sees the same order.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/**
 * Sort keys for a column: numbers, dates (epoch ms), booleans (0/1) as they are; text by the
 * rank of its dictionary entry in natural order. NaN marks a missing value.
 */
function sortKeys(table: Table, column: string): Float64Array {
  const col = getColumn(table, column);
  const n = table.rowCount;
  const keys = new Float64Array(n);
  if (isCategoricalColumn(col)) {
    const order = col.dictionary
      .map((_, i) => i)
      .sort((a, b) => collator.compare(col.dictionary[a]!, col.dictionary[b]!));
    const rank = new Float64Array(col.dictionary.length);
    order.forEach((code, r) => (rank[code] = r));
    for (let i = 0; i < n; i++) {
      const code = col.codes[i]!;
      keys[i] = code < 0 ? NaN : rank[code]!;
    }
  } else if (isBooleanColumn(col)) {
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      keys[i] = v === MISSING_BOOL ? NaN : v;
    }
  } else {
    keys.set(col.values);
  }
  return keys;
}

/**
 * `rows` (all rows when absent) ordered by `column`. The sort is stable (equal values keep
 * their order) and missing values come last in both directions, as pandas' sort_values does.
 * Returns a new array; `rows` is not modified.
 */
export function sortRowIndices(
  table: Table,
  column: string,
  direction: SortDirection,
  rows: Int32Array = allRows(table.rowCount),
): Int32Array {
  const keys = sortKeys(table, column);
  const sign = direction === 'ascending' ? 1 : -1;
  const m = rows.length;
  // Positions into `rows` of the present values; missing rows go last in their given order.
  const presentAt = new Int32Array(m);
  const missingRows = new Int32Array(m);
  let p = 0;
  let q = 0;
  for (let k = 0; k < m; k++) {
    const r = rows[k]!;
    if (keys[r] === keys[r]) presentAt[p++] = k;
    else missingRows[q++] = r;
  }
  // Descending = ascending on the negated keys: the stable sort then keeps ties in `rows` order.
  const presentKeys = new Float64Array(p);
  for (let i = 0; i < p; i++) presentKeys[i] = sign * keys[rows[presentAt[i]!]!]!;
  const order = argsortFloat64(presentKeys);
  const out = new Int32Array(m);
  for (let j = 0; j < p; j++) out[j] = rows[presentAt[order[j]!]!]!;
  out.set(missingRows.subarray(0, q), p);
  return out;
}

export interface RowPage {
  /** 0-based indices into the table of the rows shown. */
  rowNumbers: number[];
  /** Cells as display text (missing = ''), one array per row in column order. */
  cells: string[][];
}

/**
 * Rows `offset` … `offset + limit − 1` of the ordered `rows`, as display text (each cell at most
 * MAX_CELL_CHARS), with the cells of columns `columns.start` … `columns.end − 1` only (all by
 * default): a page shows a window of a wide table's columns, and 3,000 columns' cells cost the
 * page a long task to receive.
 */
export function pageRows(
  table: Table,
  rows: Int32Array,
  offset: number,
  limit: number,
  columns: { start: number; end: number } = { start: 0, end: table.columns.length },
): RowPage {
  const shown = table.columns.slice(Math.max(0, columns.start), Math.max(0, columns.end));
  const start = Math.max(0, Math.min(offset, rows.length));
  const end = Math.min(rows.length, start + Math.max(0, limit));
  const rowNumbers: number[] = [];
  const cells: string[][] = [];
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    rowNumbers.push(r);
    cells.push(shown.map((c) => clipText(cellText(c, r), MAX_CELL_CHARS)));
  }
  return { rowNumbers, cells };
}
