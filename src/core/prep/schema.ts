import { closestName, listNames } from '../expr/errors';
import type { ColumnType, Table } from '../table/table';
import type { PrepProblem, SchemaColumn } from './types';

/** The name and type of every column, in order. */
export function tableSchema(table: Table): SchemaColumn[] {
  return table.columns.map((c) => ({ name: c.name, type: c.type }));
}

export type ValueFamily = 'number' | 'date' | 'text' | 'boolean';

/** Types that hold the same kind of value and so can be joined on, appended or compared. */
export function family(type: ColumnType): ValueFamily {
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'date' || type === 'datetime') return 'date';
  if (type === 'boolean') return 'boolean';
  return 'text';
}

/** A problem for a column name that is not in the schema, with the closest name as a hint. */
export function unknownColumn(
  name: string,
  schema: readonly SchemaColumn[],
  field: string,
  where = 'the table',
): PrepProblem {
  const names = schema.map((c) => c.name);
  const guess = closestName(name, names);
  const hint = guess ? `did you mean "${guess}"?` : `the columns are ${listNames(names)}.`;
  return { message: `Column "${name}" is not in ${where} — ${hint}`, column: name, field };
}

/** Problems for every listed column missing from the schema, and for names listed twice. */
export function checkColumnList(
  columns: readonly string[],
  schema: readonly SchemaColumn[],
  field: string,
): PrepProblem[] {
  const problems: PrepProblem[] = [];
  const known = new Set(schema.map((c) => c.name));
  const seen = new Set<string>();
  for (const name of columns) {
    if (!known.has(name)) problems.push(unknownColumn(name, schema, field));
    if (seen.has(name))
      problems.push({ message: `Column "${name}" is listed twice — list it once.`, column: name, field });
    seen.add(name);
  }
  return problems;
}
