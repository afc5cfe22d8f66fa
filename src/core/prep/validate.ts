import { ExpressionError, checkExpression, parseExpression } from '../expr';
import { COLUMN_TYPES } from '../table/table';
import { checkColumnList, family, unknownColumn } from './schema';
import type { PrepOp, PrepProblem, SchemaColumn } from './types';
import { appendProblems, joinProblems } from './validateMulti';
import { parseConstant } from './fill';

/** Parses and type-checks an expression, turning its error into a problem that keeps the position. */
export function expressionProblem(
  source: string,
  schema: readonly SchemaColumn[],
  field: string,
): { problem?: PrepProblem; type?: SchemaColumn['type'] } {
  try {
    return { type: checkExpression(parseExpression(source), schema).type };
  } catch (e) {
    if (e instanceof ExpressionError)
      return { problem: { message: e.message, field, position: e.position, length: e.length } };
    throw e;
  }
}

function columnProblems(op: PrepOp, schema: readonly SchemaColumn[]): PrepProblem[] {
  const byName = new Map(schema.map((c) => [c.name, c]));
  switch (op.kind) {
    case 'filter': {
      const { problem, type } = expressionProblem(op.expression, schema, 'expression');
      if (problem) return [problem];
      if (type !== 'boolean') {
        return [
          {
            message: `A filter needs a true/false condition, but "${op.expression}" gives ${type} values — compare it, e.g. ${op.expression} > 0.`,
            field: 'expression',
          },
        ];
      }
      return [];
    }
    case 'dropColumns': {
      if (op.columns.length === 0)
        return [{ message: 'Choose at least one column to drop.', field: 'columns' }];
      const problems = checkColumnList(op.columns, schema, 'columns');
      if (problems.length === 0 && new Set(op.columns).size >= schema.length) {
        problems.push({
          message: 'Dropping every column would leave an empty table — keep at least one.',
          field: 'columns',
        });
      }
      return problems;
    }
    case 'selectColumns':
      if (op.columns.length === 0)
        return [{ message: 'Choose at least one column to keep.', field: 'columns' }];
      return checkColumnList(op.columns, schema, 'columns');
    case 'renameColumns': {
      if (op.renames.length === 0)
        return [{ message: 'Give at least one column to rename.', field: 'renames' }];
      const problems = checkColumnList(
        op.renames.map((r) => r.from),
        schema,
        'renames',
      );
      const renamed = new Map(op.renames.map((r) => [r.from, r.to]));
      for (const r of op.renames) {
        if (r.to.trim() === '')
          problems.push({
            message: `Give a new name for column "${r.from}".`,
            column: r.from,
            field: 'renames',
          });
      }
      const finalNames = schema.map((c) => renamed.get(c.name) ?? c.name);
      const seen = new Set<string>();
      for (const name of finalNames) {
        if (seen.has(name)) {
          problems.push({
            message: `Renaming would give two columns the name "${name}" — choose another name.`,
            column: name,
            field: 'renames',
          });
        }
        seen.add(name);
      }
      return problems;
    }
    case 'cast': {
      if (!byName.has(op.column)) return [unknownColumn(op.column, schema, 'column')];
      if (!COLUMN_TYPES.includes(op.to)) {
        return [
          {
            message: `"${op.to}" is not a column type — use one of ${COLUMN_TYPES.join(', ')}.`,
            column: op.column,
            field: 'to',
          },
        ];
      }
      return [];
    }
    case 'dedupe':
      if (op.keep !== 'first' && op.keep !== 'last') {
        return [{ message: `Keep must be "first" or "last", not "${String(op.keep)}".`, field: 'keep' }];
      }
      if (op.columns && op.columns.length === 0) {
        return [
          {
            message: 'Choose at least one column to compare, or leave the list out to compare whole rows.',
            field: 'columns',
          },
        ];
      }
      return op.columns ? checkColumnList(op.columns, schema, 'columns') : [];
    case 'dropMissing':
      if (op.columns && op.columns.length === 0) {
        return [
          {
            message: 'Choose at least one column, or leave the list out to check every column.',
            field: 'columns',
          },
        ];
      }
      return op.columns ? checkColumnList(op.columns, schema, 'columns') : [];
    case 'fillMissing': {
      const col = byName.get(op.column);
      if (!col) return [unknownColumn(op.column, schema, 'column')];
      const f = family(col.type);
      if ((op.strategy === 'mean' || op.strategy === 'median') && f !== 'number' && f !== 'date') {
        return [
          {
            message: `Cannot fill "${op.column}" (${col.type}) with the ${op.strategy} — use the mode or a constant for ${col.type} columns.`,
            column: op.column,
            field: 'strategy',
          },
        ];
      }
      if (!['constant', 'mean', 'median', 'mode'].includes(op.strategy)) {
        return [
          {
            message: `Unknown fill strategy "${op.strategy}" — use constant, mean, median or mode.`,
            field: 'strategy',
          },
        ];
      }
      if (op.strategy === 'constant') {
        const parsed = parseConstant(op.value, col);
        if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed) {
          return [{ message: parsed.problem, column: op.column, field: 'value' }];
        }
      }
      return [];
    }
    case 'outliers': {
      const col = byName.get(op.column);
      if (!col) return [unknownColumn(op.column, schema, 'column')];
      const problems: PrepProblem[] = [];
      if (family(col.type) !== 'number') {
        problems.push({
          message: `Outliers can only be handled in number columns; "${op.column}" is ${col.type} — cast it to a number first.`,
          column: op.column,
          field: 'column',
        });
      }
      if (!(Number.isFinite(op.k) && op.k >= 0)) {
        problems.push({
          message: `The threshold k must be zero or a positive number (e.g. 1.5 for IQR, 3 for z-score), not ${op.k}.`,
          field: 'k',
        });
      }
      if (op.method !== 'iqr' && op.method !== 'zscore')
        problems.push({
          message: `Unknown method "${String(op.method)}" — use iqr or zscore.`,
          field: 'method',
        });
      if (op.action !== 'clip' && op.action !== 'remove')
        problems.push({
          message: `Unknown action "${String(op.action)}" — use clip or remove.`,
          field: 'action',
        });
      return problems;
    }
    case 'derive': {
      const problems: PrepProblem[] = [];
      if (op.name.trim() === '') problems.push({ message: 'Give the new column a name.', field: 'name' });
      const { problem } = expressionProblem(op.expression, schema, 'expression');
      if (problem) problems.push(problem);
      return problems;
    }
    case 'join':
    case 'append':
      return [];
  }
}

/**
 * Everything that would stop `op` from applying to a table with this schema, each naming the
 * column or field at fault; empty when the operation can run. `inputs` holds the schemas of
 * other dataset versions a join or append reads, by version id.
 */
export function validatePrepOp(
  op: PrepOp,
  schema: readonly SchemaColumn[],
  inputs?: ReadonlyMap<string, readonly SchemaColumn[]>,
): PrepProblem[] {
  if (op.kind === 'join') return joinProblems(op, schema, inputs);
  if (op.kind === 'append') return appendProblems(op, schema, inputs);
  return columnProblems(op, schema);
}
