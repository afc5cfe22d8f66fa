import { MISSING_BOOL, MISSING_CODE, type Column, type Table } from '../table/table';
import type { BinaryExpr, ComparisonOp, Expr } from './ast';
import { ExpressionError } from './errors';
import { callFunction } from './evalFunctions';
import { typeExpression, type TypeMap } from './check';
import { parseDateLiteral, type StaticType } from './staticTypes';
import {
  boolArg,
  boolAt,
  compareNum,
  mapNum,
  mapNum2,
  missingMask,
  numArg,
  strArg,
  type NumArg,
  type StrArg,
  type Vec,
} from './vectors';

const DAY_MS = 86_400_000;

const ORDER: Record<ComparisonOp, (x: number, y: number) => boolean> = {
  '=': (x, y) => x === y,
  '!=': (x, y) => x !== y,
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

const STRING_ORDER: Record<ComparisonOp, (x: string, y: string) => boolean> = {
  '=': (x, y) => x === y,
  '!=': (x, y) => x !== y,
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

/** Booleans as 0/1 numbers (missing NaN) so they compare with the numeric loops. */
function boolAsNum(v: Vec, n: number): NumArg {
  const b = boolArg(v);
  if (typeof b === 'number') return b === MISSING_BOOL ? NaN : b;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = b[i] === MISSING_BOOL ? NaN : b[i]!;
  return out;
}

/**
 * Text comparison. Equality with a literal compares dictionary codes; other orderings are
 * decided once per distinct string, so cost grows with rows only through an array lookup.
 */
function compareStrings(a: StrArg, b: StrArg, n: number, op: ComparisonOp): Uint8Array {
  const out = new Uint8Array(n);
  const f = STRING_ORDER[op];
  if (a === null || b === null) return out.fill(MISSING_BOOL);
  if (typeof a === 'string' && typeof b === 'string') return out.fill(f(a, b) ? 1 : 0);
  if (typeof a !== 'string' && typeof b !== 'string') {
    for (let i = 0; i < n; i++) {
      const ca = a.codes[i]!;
      const cb = b.codes[i]!;
      out[i] =
        ca === MISSING_CODE || cb === MISSING_CODE
          ? MISSING_BOOL
          : f(a.dictionary[ca]!, b.dictionary[cb]!)
            ? 1
            : 0;
    }
    return out;
  }
  const column = typeof a === 'string' ? (b as Exclude<StrArg, string | null>) : a;
  const literal = typeof a === 'string' ? a : (b as string);
  const perCode = Uint8Array.from(column.dictionary, (s) =>
    (typeof a === 'string' ? f(literal, s) : f(s, literal)) ? 1 : 0,
  );
  for (let i = 0; i < n; i++) {
    const c = column.codes[i]!;
    out[i] = c === MISSING_CODE ? MISSING_BOOL : perCode[c]!;
  }
  return out;
}

/** Evaluates a type-checked tree over `n` rows of `table`. */
class Evaluator {
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(
    private readonly types: TypeMap,
    table: Table,
    private readonly n: number,
  ) {
    this.byName = new Map(table.columns.map((c) => [c.name, c]));
  }

  private typeOf(e: Expr): StaticType {
    return this.types.get(e)!;
  }

  eval(e: Expr): Vec {
    const n = this.n;
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'boolean':
        return { kind: 'scalar', value: e.value };
      case 'null':
        return { kind: 'scalar', value: null };
      case 'column': {
        const c = this.byName.get(e.name)!;
        if ('codes' in c) return { kind: 'string', codes: c.codes, dictionary: c.dictionary };
        return c.type === 'boolean'
          ? { kind: 'boolean', values: c.values }
          : { kind: 'number', values: c.values };
      }
      case 'unary': {
        const v = this.eval(e.operand);
        if (e.op === '-') return { kind: 'number', values: mapNum(numArg(v), n, (x) => -x) };
        const b = boolArg(v);
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const x = boolAt(b, i);
          out[i] = x === MISSING_BOOL ? MISSING_BOOL : 1 - x;
        }
        return { kind: 'boolean', values: out };
      }
      case 'binary':
        return this.binary(e);
      case 'isNull': {
        const mask = missingMask(this.eval(e.operand), n);
        if (e.negated) for (let i = 0; i < n; i++) mask[i] = 1 - mask[i]!;
        return { kind: 'boolean', values: mask };
      }
      case 'in': {
        const operand = this.eval(e.operand);
        const missing = missingMask(operand, n);
        const out = new Uint8Array(n);
        for (const item of e.items) {
          const eq = this.compare(e.operand, operand, item, this.eval(item), '=');
          for (let i = 0; i < n; i++) if (eq[i] === 1) out[i] = 1;
        }
        // Missing items never match; a missing operand is missing whatever the list holds.
        for (let i = 0; i < n; i++) {
          out[i] = missing[i] ? MISSING_BOOL : e.negated ? 1 - out[i]! : out[i]!;
        }
        return { kind: 'boolean', values: out };
      }
      case 'call':
        return callFunction(
          e.name,
          e.args.map((a) => this.eval(a)),
          e.args.map((a) => this.typeOf(a)),
          n,
        );
    }
  }

  /** A date compared with an ISO text literal reads the literal as epoch ms. */
  private comparisonOperand(e: Expr, v: Vec, other: StaticType): Vec {
    if (other.kind === 'date' && e.kind === 'string')
      return { kind: 'scalar', value: parseDateLiteral(e.value)! };
    return v;
  }

  private compare(le: Expr, lv: Vec, re: Expr, rv: Vec, op: ComparisonOp): Uint8Array {
    const lt = this.typeOf(le);
    const rt = this.typeOf(re);
    const l = this.comparisonOperand(le, lv, rt);
    const r = this.comparisonOperand(re, rv, lt);
    if (lt.kind === 'string' && rt.kind === 'string') return compareStrings(strArg(l), strArg(r), this.n, op);
    if (lt.kind === 'boolean' || rt.kind === 'boolean') {
      return compareNum(boolAsNum(l, this.n), boolAsNum(r, this.n), this.n, ORDER[op]);
    }
    return compareNum(numArg(l), numArg(r), this.n, ORDER[op]);
  }

  private binary(e: BinaryExpr): Vec {
    const n = this.n;
    const lv = this.eval(e.left);
    const rv = this.eval(e.right);
    switch (e.op) {
      case 'and':
      case 'or': {
        const a = boolArg(lv);
        const b = boolArg(rv);
        const out = new Uint8Array(n);
        // Kleene logic as in SQL: false and missing is false, true or missing is true.
        const decisive = e.op === 'and' ? 0 : 1;
        for (let i = 0; i < n; i++) {
          const x = boolAt(a, i);
          const y = boolAt(b, i);
          out[i] =
            x === decisive || y === decisive
              ? decisive
              : x === MISSING_BOOL || y === MISSING_BOOL
                ? MISSING_BOOL
                : 1 - decisive;
        }
        return { kind: 'boolean', values: out };
      }
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { kind: 'boolean', values: this.compare(e.left, lv, e.right, rv, e.op) };
      default:
        return { kind: 'number', values: this.arithmetic(e, numArg(lv), numArg(rv)) };
    }
  }

  private arithmetic(e: BinaryExpr, a: NumArg, b: NumArg): Float64Array {
    const n = this.n;
    const lDate = this.typeOf(e.left).kind === 'date';
    const rDate = this.typeOf(e.right).kind === 'date';
    switch (e.op) {
      case '+':
        if (lDate) return mapNum2(a, b, n, (x, days) => x + days * DAY_MS);
        if (rDate) return mapNum2(a, b, n, (days, x) => x + days * DAY_MS);
        return mapNum2(a, b, n, (x, y) => x + y);
      case '-':
        if (lDate && rDate) return mapNum2(a, b, n, (x, y) => (x - y) / DAY_MS);
        if (lDate) return mapNum2(a, b, n, (x, days) => x - days * DAY_MS);
        return mapNum2(a, b, n, (x, y) => x - y);
      case '*':
        return mapNum2(a, b, n, (x, y) => x * y);
      case '/':
        return mapNum2(a, b, n, (x, y) => x / y);
      case '%':
        // Python's modulo (the sign follows the divisor), which pandas users expect: -7 % 3 is 2.
        return mapNum2(a, b, n, (x, y) => ((x % y) + y) % y);
      case '^':
        // Math.pow(NaN, 0) is 1; a missing base must stay missing.
        return mapNum2(a, b, n, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x ** y));
      default:
        throw new Error(`internal: ${e.op} is not arithmetic`);
    }
  }
}

/** Materialises the root value as a column named '' (the caller names it). */
function toColumn(v: Vec, type: StaticType, n: number): Column {
  switch (type.kind) {
    case 'number':
    case 'date': {
      const a = numArg(v);
      const values = typeof a === 'number' ? new Float64Array(n).fill(a) : a;
      return { name: '', type: type.type, values } satisfies Column;
    }
    case 'boolean': {
      const b = boolArg(v);
      return { name: '', type: 'boolean', values: typeof b === 'number' ? new Uint8Array(n).fill(b) : b };
    }
    case 'string': {
      const s = strArg(v);
      if (s === null)
        return { name: '', type: type.type, codes: new Int32Array(n).fill(MISSING_CODE), dictionary: [] };
      if (typeof s === 'string')
        return { name: '', type: type.type, codes: new Int32Array(n), dictionary: [s] };
      return { name: '', type: type.type, codes: s.codes, dictionary: s.dictionary };
    }
    case 'null':
      throw new Error('internal: null-typed root');
  }
}

/** Copies arrays that alias a table column so callers may own (and later mutate) the result. */
function detach(c: Column, table: Table): Column {
  const shared = table.columns.some((t) =>
    'codes' in t && 'codes' in c
      ? t.codes === c.codes
      : 'values' in t && 'values' in c && t.values === c.values,
  );
  if (!shared) return c;
  if ('codes' in c) return { ...c, codes: c.codes.slice() };
  return c.type === 'boolean' ? { ...c, values: c.values.slice() } : { ...c, values: c.values.slice() };
}

/**
 * Evaluates an expression over every row of `table`, vectorised (one pass per operator, text
 * functions once per distinct value). Type-checks first, so it throws `ExpressionError` for
 * unknown columns or mismatched types before reading any row. Missing values propagate; only
 * `is null`, `coalesce`, `and`/`or` (SQL three-valued logic) and `clip` bounds treat them
 * specially. Returns a numeric, date, boolean or categorical column named ''.
 */
export function evaluateExpression(expr: Expr, table: Table): Column {
  const { type, types } = typeExpression(
    expr,
    table.columns.map((c) => ({ name: c.name, type: c.type })),
  );
  if (type.kind === 'null') {
    throw new ExpressionError(
      `The expression at ${expr.start} is always missing — give it a value that is not null.`,
      expr.start,
      expr.end - expr.start,
    );
  }
  const n = table.rowCount;
  const result = toColumn(new Evaluator(types, table, n).eval(expr), type, n);
  return detach(result, table);
}
