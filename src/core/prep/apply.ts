import { evaluateExpression, parseExpression } from '../expr';
import { getColumn, isNumericColumn, selectColumns, takeRows, type Column, type Table } from '../table/table';
import { appendTables } from './append';
import { castTableColumn } from './cast';
import { fillColumn } from './fill';
import { joinTables } from './join';
import { clipColumn, describeBounds, outlierBounds, rowsWithin } from './outliers';
import { dedupeRows, dropMissingRows, filterRows } from './rowOps';
import { tableSchema } from './schema';
import { PrepError, type PrepOp, type PrepResult, type SchemaColumn } from './types';
import { validatePrepOp } from './validate';

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function replaceColumn(table: Table, name: string, column: Column): Table {
  return { rowCount: table.rowCount, columns: table.columns.map((c) => (c.name === name ? column : c)) };
}

function input(inputs: ReadonlyMap<string, Table> | undefined, id: string): Table {
  const t = inputs?.get(id);
  if (!t) throw new Error(`internal: input ${id} vanished after validation`);
  return t;
}

/** The operation's effect, assuming validatePrepOp found no problem. */
function run(
  op: PrepOp,
  table: Table,
  inputs: ReadonlyMap<string, Table> | undefined,
): { table: Table; summary: string } {
  const before = table.rowCount;
  switch (op.kind) {
    case 'filter': {
      const { table: out, missingCondition } = filterRows(table, op.expression);
      const note =
        missingCondition > 0
          ? `; ${plural(missingCondition, 'row')} where it could not be decided (missing values) were removed`
          : '';
      return {
        table: out,
        summary: `Kept ${out.rowCount.toLocaleString('en-US')} of ${plural(before, 'row')} where ${op.expression}${note}`,
      };
    }
    case 'dropColumns': {
      const drop = new Set(op.columns);
      const out = { rowCount: before, columns: table.columns.filter((c) => !drop.has(c.name)) };
      return {
        table: out,
        summary: `Dropped ${op.columns.length === 1 ? 'column' : 'columns'} ${quoted(op.columns)}`,
      };
    }
    case 'selectColumns': {
      const dropped = table.columns.length - op.columns.length;
      return {
        table: selectColumns(table, op.columns),
        summary: `Kept ${plural(op.columns.length, 'column')} (${quoted(op.columns)}), dropped ${dropped}`,
      };
    }
    case 'renameColumns': {
      const to = new Map(op.renames.map((r) => [r.from, r.to]));
      const columns = table.columns.map((c) => (to.has(c.name) ? { ...c, name: to.get(c.name)! } : c));
      return {
        table: { rowCount: before, columns },
        summary: `Renamed ${op.renames.map((r) => `"${r.from}" to "${r.to}"`).join(', ')}`,
      };
    }
    case 'cast':
      return castTableColumn(table, op.column, op.to);
    case 'dedupe': {
      const out = dedupeRows(table, op.columns, op.keep);
      const by = op.columns ? ` (same ${quoted(op.columns)})` : '';
      return {
        table: out,
        summary: `Removed ${plural(before - out.rowCount, 'duplicate row')}${by}, keeping the ${op.keep}`,
      };
    }
    case 'dropMissing': {
      const out = dropMissingRows(table, op.columns);
      const where = op.columns ? ` in ${quoted(op.columns)}` : '';
      return {
        table: out,
        summary: `Removed ${plural(before - out.rowCount, 'row')} with missing values${where}`,
      };
    }
    case 'fillMissing': {
      const { column, filled, description } = fillColumn(getColumn(table, op.column), op.strategy, op.value);
      return {
        table: replaceColumn(table, op.column, column),
        summary: `Filled ${plural(filled, 'missing value')} in "${op.column}" with ${description}`,
      };
    }
    case 'outliers': {
      const col = getColumn(table, op.column);
      if (!isNumericColumn(col)) throw new Error(`internal: "${op.column}" is not numeric`);
      const bounds = outlierBounds(col.values, op.method, op.k);
      const how = `${op.method === 'iqr' ? 'IQR' : 'z-score'}, k = ${op.k}`;
      if (op.action === 'clip') {
        const { column, changed } = clipColumn(col, bounds);
        return {
          table: replaceColumn(table, op.column, column),
          summary: `Clipped ${plural(changed, 'value')} of "${op.column}" to ${describeBounds(bounds)} (${how})`,
        };
      }
      const out = takeRows(table, rowsWithin(col.values, bounds));
      return {
        table: out,
        summary: `Removed ${plural(before - out.rowCount, 'row')} with "${op.column}" outside ${describeBounds(bounds)} (${how})`,
      };
    }
    case 'derive': {
      const column = {
        ...evaluateExpression(parseExpression(op.expression), table),
        name: op.name,
      } satisfies Column;
      const exists = table.columns.some((c) => c.name === op.name);
      return exists
        ? {
            table: replaceColumn(table, op.name, column),
            summary: `Replaced column "${op.name}" with ${op.expression}`,
          }
        : {
            table: { rowCount: before, columns: [...table.columns, column] },
            summary: `Added column "${op.name}" = ${op.expression}`,
          };
    }
    case 'join': {
      const { table: out, matchedLeftRows } = joinTables(
        table,
        input(inputs, op.rightVersionId),
        op.on,
        op.how,
        op.suffix,
      );
      return {
        table: out,
        summary: `${op.how === 'inner' ? 'Inner' : 'Left'} join on ${op.on.map((k) => (k.left === k.right ? `"${k.left}"` : `"${k.left}" = "${k.right}"`)).join(', ')}: ${matchedLeftRows.toLocaleString('en-US')} of ${plural(before, 'row')} matched, ${plural(out.rowCount, 'row')} in the result`,
      };
    }
    case 'append': {
      const out = appendTables([table, ...op.otherVersionIds.map((id) => input(inputs, id))]);
      return {
        table: out,
        summary: `Appended ${plural(op.otherVersionIds.length, 'dataset')}: ${before.toLocaleString('en-US')} → ${plural(out.rowCount, 'row')}`,
      };
    }
  }
}

/**
 * Applies one preparation operation and returns a new table; the input table and its arrays are
 * never modified. `inputs` holds the other dataset versions a join or append reads, by id.
 * Throws `PrepError` listing every problem (unknown column, bad expression, missing input…)
 * before touching any row, or the problem met while running (e.g. a join that would explode).
 */
export function applyPrepOp(op: PrepOp, table: Table, inputs?: ReadonlyMap<string, Table>): PrepResult {
  const schemas =
    inputs && new Map<string, readonly SchemaColumn[]>([...inputs].map(([id, t]) => [id, tableSchema(t)]));
  const problems = validatePrepOp(op, tableSchema(table), schemas);
  if (problems.length > 0) throw new PrepError(problems, op);
  try {
    const { table: out, summary } = run(op, table, inputs);
    return { table: out, summary, rowsBefore: table.rowCount, rowsAfter: out.rowCount };
  } catch (e) {
    if (e instanceof PrepError || !(e instanceof Error) || e.message.startsWith('internal:')) throw e;
    throw new PrepError([{ message: e.message }], op);
  }
}
