import { family, unknownColumn } from './schema';
import type { PrepOp, PrepProblem, SchemaColumn } from './types';

type JoinOp = Extract<PrepOp, { kind: 'join' }>;
type AppendOp = Extract<PrepOp, { kind: 'append' }>;

function missingInput(id: string, field: string, what: string): PrepProblem {
  return {
    message: `The dataset version "${id}" to ${what} is not available — choose a version that exists (it may have been deleted).`,
    field,
  };
}

/** Problems with a join: unknown or mismatched key columns, unavailable right table, name clashes. */
export function joinProblems(
  op: JoinOp,
  schema: readonly SchemaColumn[],
  inputs: ReadonlyMap<string, readonly SchemaColumn[]> | undefined,
): PrepProblem[] {
  const problems: PrepProblem[] = [];
  if (op.how !== 'inner' && op.how !== 'left') {
    problems.push({ message: `Unknown join type "${String(op.how)}" — use inner or left.`, field: 'how' });
  }
  if (op.on.length === 0) {
    problems.push({ message: 'Choose at least one pair of key columns to join on.', field: 'on' });
  }
  const right = inputs?.get(op.rightVersionId);
  if (!right) {
    problems.push(missingInput(op.rightVersionId, 'rightVersionId', 'join with'));
    return problems;
  }
  const leftByName = new Map(schema.map((c) => [c.name, c]));
  const rightByName = new Map(right.map((c) => [c.name, c]));
  for (const key of op.on) {
    const l = leftByName.get(key.left);
    const r = rightByName.get(key.right);
    if (!l) problems.push(unknownColumn(key.left, schema, 'on'));
    if (!r) problems.push(unknownColumn(key.right, right, 'on', 'the table to join with'));
    if (l && r && family(l.type) !== family(r.type)) {
      problems.push({
        message: `Cannot join "${key.left}" (${l.type}) with "${key.right}" (${r.type}) — keys must hold the same kind of value; cast one of them first.`,
        column: key.left,
        field: 'on',
      });
    }
  }
  if (op.suffix === '') {
    const rightKeys = new Set(op.on.map((k) => k.right));
    const clash = right.find((c) => !rightKeys.has(c.name) && leftByName.has(c.name));
    if (clash) {
      problems.push({
        message: `Both tables have a column "${clash.name}" — give a suffix (e.g. "_right") for the joined table's copy.`,
        column: clash.name,
        field: 'suffix',
      });
    }
  }
  return problems;
}

/** Problems with an append: unavailable versions, and every column that is missing, extra or of another kind. */
export function appendProblems(
  op: AppendOp,
  schema: readonly SchemaColumn[],
  inputs: ReadonlyMap<string, readonly SchemaColumn[]> | undefined,
): PrepProblem[] {
  if (op.otherVersionIds.length === 0) {
    return [{ message: 'Choose at least one dataset version to append.', field: 'otherVersionIds' }];
  }
  const problems: PrepProblem[] = [];
  const mine = new Map(schema.map((c) => [c.name, c]));
  for (const id of op.otherVersionIds) {
    const other = inputs?.get(id);
    if (!other) {
      problems.push(missingInput(id, 'otherVersionIds', 'append'));
      continue;
    }
    const theirs = new Map(other.map((c) => [c.name, c]));
    for (const c of schema) {
      const t = theirs.get(c.name);
      if (!t) {
        problems.push({
          message: `Version "${id}" has no column "${c.name}".`,
          column: c.name,
          field: 'otherVersionIds',
        });
      } else if (family(t.type) !== family(c.type)) {
        problems.push({
          message: `Column "${c.name}" is ${c.type} here but ${t.type} in version "${id}" — cast one of them first.`,
          column: c.name,
          field: 'otherVersionIds',
        });
      }
    }
    for (const t of other) {
      if (!mine.has(t.name)) {
        problems.push({
          message: `Version "${id}" has an extra column "${t.name}" — drop or rename it so both have the same columns.`,
          column: t.name,
          field: 'otherVersionIds',
        });
      }
    }
  }
  return problems;
}
