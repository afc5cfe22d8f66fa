import { getColumn, type ColumnType, type Table } from '../table/table';
import { castColumn } from '../table/cast';

/** Casts one column of a table; the summary counts values that could not be read (now missing). */
export function castTableColumn(
  table: Table,
  name: string,
  to: ColumnType,
): { table: Table; summary: string } {
  const col = getColumn(table, name);
  const { column, failures, examples } = castColumn(col, to);
  const renamed = { ...column, name };
  const columns = table.columns.map((c) => (c.name === name ? renamed : c));
  let summary = `Cast "${name}" from ${col.type} to ${to}`;
  if (failures > 0) {
    const shown = examples.map((e) => `row ${e.row + 1}: "${e.value}"`).join(', ');
    summary += `; ${failures.toLocaleString('en-US')} ${failures === 1 ? 'value' : 'values'} could not be read and ${failures === 1 ? 'is' : 'are'} now missing (${shown})`;
  }
  return { table: { rowCount: table.rowCount, columns }, summary };
}
