import { evaluateExpression, parseExpression } from '../expr';
import { MISSING_BOOL, getColumn, isMissing, takeRows, type Table } from '../table/table';
import { groupRows } from './keys';

/** Rows where the condition is true; rows where it is false or missing are dropped (as SQL WHERE). */
export function filterRows(table: Table, expression: string): { table: Table; missingCondition: number } {
  const condition = evaluateExpression(parseExpression(expression), table);
  if (condition.type !== 'boolean') throw new Error(`internal: filter condition is ${condition.type}`);
  const keep: number[] = [];
  let missingCondition = 0;
  condition.values.forEach((v, i) => {
    if (v === 1) keep.push(i);
    else if (v === MISSING_BOOL) missingCondition++;
  });
  return { table: takeRows(table, keep), missingCondition };
}

/**
 * Drops rows that repeat an earlier (keep 'first') or later (keep 'last') row on the given
 * columns. Missing values count as equal to each other, as in pandas' drop_duplicates.
 * Surviving rows keep their original order.
 */
export function dedupeRows(
  table: Table,
  columns: readonly string[] | undefined,
  keep: 'first' | 'last',
): Table {
  const names = columns ?? table.columns.map((c) => c.name);
  if (table.rowCount === 0 || names.length === 0) return table;
  const { ids, count } = groupRows([names.map((n) => getColumn(table, n))], 'group');
  const group = ids[0]!;
  const seen = new Uint8Array(count);
  const kept = new Uint8Array(table.rowCount);
  const n = table.rowCount;
  for (let k = 0; k < n; k++) {
    const i = keep === 'first' ? k : n - 1 - k;
    const id = group[i]!;
    if (seen[id]) continue;
    seen[id] = 1;
    kept[i] = 1;
  }
  const rows: number[] = [];
  kept.forEach((v, i) => {
    if (v) rows.push(i);
  });
  return takeRows(table, rows);
}

/** Drops rows missing a value in any of the columns (all columns when none are given). */
export function dropMissingRows(table: Table, columns: readonly string[] | undefined): Table {
  const cols = (columns ?? table.columns.map((c) => c.name)).map((n) => getColumn(table, n));
  const rows: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (!cols.some((c) => isMissing(c, i))) rows.push(i);
  }
  return takeRows(table, rows);
}
