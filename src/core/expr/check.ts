import type { ColumnType } from '../table/table';
import { formatExpression, type BinaryExpr, type Expr } from './ast';
import { ExpressionError, closestName, listNames } from './errors';
import { argKind, findFunction, type ArgKind } from './functions';
import {
  BOOLEAN,
  NULL_TYPE,
  NUMBER,
  UnifyError,
  columnStaticType,
  kindWord,
  parseDateLiteral,
  type StaticType,
} from './staticTypes';

import type { SchemaColumn } from '../table/table';

export type { SchemaColumn };

/** Static type of every node, keyed by node identity; the evaluator reads it to pick loops. */
export type TypeMap = ReadonlyMap<Expr, StaticType>;

/** How a message names an operand: the column, the literal, or the (shortened) subexpression. */
function describe(e: Expr, t: StaticType): string {
  switch (e.kind) {
    case 'column':
      return `${t.type ?? 'null'} column "${e.name}"`;
    case 'string':
      return `text ${formatExpression(e)}`;
    case 'number':
      return `number ${formatExpression(e)}`;
    case 'boolean':
    case 'null':
      return formatExpression(e);
    default: {
      const text = formatExpression(e);
      return `${kindWord(t.kind)} value ${text.length > 40 ? `${text.slice(0, 37)}…` : text}`;
    }
  }
}

function fits(t: StaticType, kind: ArgKind): boolean {
  if (t.kind === 'null' || kind === 'any') return true;
  if (kind === 'numberOrDate') return t.kind === 'number' || t.kind === 'date';
  return t.kind === kind;
}

const ARG_WORD: Record<ArgKind, string> = {
  number: 'a number',
  string: 'text',
  date: 'a date',
  boolean: 'a true/false condition',
  any: 'a value',
  numberOrDate: 'a number or a date',
};

/** Walks the tree once, assigning types and throwing at the first problem. */
class Checker {
  readonly types = new Map<Expr, StaticType>();
  private readonly columns: ReadonlyMap<string, ColumnType>;

  constructor(private readonly schema: readonly SchemaColumn[]) {
    this.columns = new Map(schema.map((c) => [c.name, c.type]));
  }

  check(e: Expr): StaticType {
    const t = this.infer(e);
    this.types.set(e, t);
    return t;
  }

  private infer(e: Expr): StaticType {
    switch (e.kind) {
      case 'number':
        return { kind: 'number', type: Number.isInteger(e.value) ? 'integer' : 'number', literal: true };
      case 'string':
        return { kind: 'string', type: 'category', literal: true };
      case 'boolean':
        return { ...BOOLEAN, literal: true };
      case 'null':
        return NULL_TYPE;
      case 'column':
        return this.column(e.name, e.start, e.end);
      case 'unary': {
        const t = this.check(e.operand);
        const want = e.op === 'not' ? 'boolean' : 'number';
        if (!fits(t, want)) {
          throw new ExpressionError(
            `"${e.op}" at ${e.start} needs ${ARG_WORD[want]} but ${describe(e.operand, t)} is ${kindWord(t.kind)}.`,
            e.start,
            e.end - e.start,
          );
        }
        return t.kind === 'null' ? (want === 'boolean' ? BOOLEAN : NUMBER) : { ...t, literal: false };
      }
      case 'binary':
        return this.binary(e);
      case 'isNull':
        this.check(e.operand);
        return BOOLEAN;
      case 'in': {
        const t = this.check(e.operand);
        for (const item of e.items) this.comparable(e.operand, t, item, this.check(item), e.opStart, 'in');
        return BOOLEAN;
      }
      case 'call':
        return this.call(e);
    }
  }

  private column(name: string, start: number, end: number): StaticType {
    const type = this.columns.get(name);
    if (type !== undefined) return columnStaticType(type);
    const names = this.schema.map((c) => c.name);
    const guess = closestName(name, names);
    const hint = guess
      ? `did you mean "${guess}"?`
      : names.length === 0
        ? 'the table has no columns.'
        : `the columns are ${listNames(names)}.`;
    throw new ExpressionError(`Unknown column "${name}" at ${start} — ${hint}`, start, end - start);
  }

  private binary(e: BinaryExpr): StaticType {
    const l = this.check(e.left);
    const r = this.check(e.right);
    const mismatch = (want: string): never => {
      throw new ExpressionError(
        `Cannot apply "${e.op}" at ${e.opStart} to ${describe(e.left, l)} and ${describe(e.right, r)} — it needs ${want}.`,
        e.opStart,
        e.op.length,
      );
    };
    switch (e.op) {
      case 'and':
      case 'or':
        if (!fits(l, 'boolean') || !fits(r, 'boolean')) mismatch('true/false conditions on both sides');
        return BOOLEAN;
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        this.comparable(e.left, l, e.right, r, e.opStart, e.op);
        return BOOLEAN;
      case '+':
      case '-': {
        // Dates shift by a number of days; two dates subtract to days between them.
        if (l.kind === 'date' && (r.kind === 'number' || r.kind === 'null')) return { ...l, literal: false };
        if (e.op === '+' && r.kind === 'date' && (l.kind === 'number' || l.kind === 'null'))
          return { ...r, literal: false };
        if (e.op === '-' && l.kind === 'date' && r.kind === 'date') return NUMBER;
        if (l.kind === 'string' || r.kind === 'string') {
          mismatch(e.op === '+' ? 'numbers — join texts with concat(a, b)' : 'numbers or dates');
        }
        if (!fits(l, 'number') || !fits(r, 'number')) mismatch('numbers (or a date and a number of days)');
        return this.arithmeticType(l, r, false);
      }
      case '*':
      case '%':
        if (!fits(l, 'number') || !fits(r, 'number')) mismatch('numbers on both sides');
        return this.arithmeticType(l, r, false);
      case '/':
      case '^':
        if (!fits(l, 'number') || !fits(r, 'number')) mismatch('numbers on both sides');
        return this.arithmeticType(l, r, true);
    }
  }

  private arithmeticType(l: StaticType, r: StaticType, alwaysFractional: boolean): StaticType {
    const integer = !alwaysFractional && l.type === 'integer' && r.type === 'integer';
    return integer ? { kind: 'number', type: 'integer', literal: false } : NUMBER;
  }

  /** Whether two operands can be compared; a date may be compared with an ISO date literal. */
  private comparable(left: Expr, l: StaticType, right: Expr, r: StaticType, at: number, op: string): void {
    // A null in an `in` list is harmless (it never matches); elsewhere it is a mistake.
    if (op === 'in' && r.kind === 'null') return;
    if (l.kind === 'null' || r.kind === 'null') {
      const fix = op === '!=' ? 'is not null' : 'is null';
      throw new ExpressionError(
        `Comparing with null at ${at} is always missing — write "${formatExpression(l.kind === 'null' ? right : left)} ${fix}" instead.`,
        at,
      );
    }
    for (const [dateSide, other, otherType] of [
      [l, right, r],
      [r, left, l],
    ] as const) {
      if (dateSide.kind === 'date' && otherType.kind === 'string' && other.kind === 'string') {
        if (parseDateLiteral(other.value) === undefined) {
          throw new ExpressionError(
            `Cannot read ${formatExpression(other)} at ${other.start} as a date — write it as 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS'.`,
            other.start,
            other.end - other.start,
          );
        }
        return;
      }
    }
    if (l.kind === r.kind) return;
    let hint = 'both sides must be numbers, texts, dates or true/false values.';
    if (l.kind === 'string' && right.kind === 'number') {
      hint = `write '${right.value}' in quotes, or cast ${describe(left, l)} to a number first.`;
    } else if (r.kind === 'string' && left.kind === 'number') {
      hint = `write '${left.value}' in quotes, or cast ${describe(right, r)} to a number first.`;
    } else if (l.kind === 'number' && right.kind === 'string' && Number.isFinite(Number(right.value))) {
      hint = `write ${right.value} without quotes to compare with a number.`;
    } else if (r.kind === 'number' && left.kind === 'string' && Number.isFinite(Number(left.value))) {
      hint = `write ${left.value} without quotes to compare with a number.`;
    }
    const verb = op === 'in' ? 'look for' : 'compare';
    const joiner = op === 'in' ? 'in the list of' : 'with';
    throw new ExpressionError(
      `Cannot ${verb} ${describe(left, l)} ${joiner} ${describe(right, r)} at ${at} — ${hint}`,
      at,
      op.length,
    );
  }

  private call(e: Extract<Expr, { kind: 'call' }>): StaticType {
    const spec = findFunction(e.name);
    // The parser only builds calls to catalogue functions; a hand-made tree may not.
    if (!spec) throw new ExpressionError(`Unknown function "${e.name}" at ${e.start}.`, e.start);
    const types = e.args.map((a) => this.check(a));
    types.forEach((t, i) => {
      const want = argKind(spec, i);
      if (!fits(t, want)) {
        const arg = e.args[i]!;
        throw new ExpressionError(
          `${spec.name}() at ${arg.start} needs ${ARG_WORD[want]} as argument ${i + 1} but ${describe(arg, t)} is ${kindWord(t.kind)} — write ${spec.signature}.`,
          arg.start,
          arg.end - arg.start,
        );
      }
    });
    try {
      return spec.result(types);
    } catch (err) {
      if (!(err instanceof UnifyError)) throw err;
      const arg = e.args[err.index]!;
      const t = types[err.index]!;
      throw new ExpressionError(
        `${spec.name}() at ${arg.start} mixes kinds of value: ${describe(arg, t)} is ${kindWord(t.kind)} but earlier arguments are ${kindWord(err.expected)} — all results must be of one kind.`,
        arg.start,
        arg.end - arg.start,
      );
    }
  }
}

/**
 * Types every node of `expr` against a table schema. Throws `ExpressionError` naming the
 * column or operands at fault (unknown column with a suggestion, a number compared with text…).
 */
export function typeExpression(
  expr: Expr,
  schema: readonly SchemaColumn[],
): { type: StaticType; types: TypeMap } {
  const checker = new Checker(schema);
  const type = checker.check(expr);
  return { type, types: checker.types };
}

/**
 * Checks an expression against a table schema before anything is evaluated and returns the
 * column type it produces. Throws `ExpressionError` (with `position`) for unknown columns,
 * type mismatches, and an expression that can only ever be missing.
 */
export function checkExpression(expr: Expr, schema: readonly SchemaColumn[]): { type: ColumnType } {
  const { type } = typeExpression(expr, schema);
  if (type.kind === 'null') {
    throw new ExpressionError(
      `The expression at ${expr.start} is always missing — give it a value that is not null.`,
      expr.start,
      expr.end - expr.start,
    );
  }
  return { type: type.type };
}
