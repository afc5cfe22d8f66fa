/**
 * The expression syntax tree. Every node carries the character span it was parsed from so the
 * type checker can point at the exact spot a user has to fix.
 */

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

interface Span {
  /** 0-based offset of the first character in the source. */
  readonly start: number;
  /** 0-based offset just past the last character. */
  readonly end: number;
}

export interface NumberLiteral extends Span {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringLiteral extends Span {
  readonly kind: 'string';
  readonly value: string;
}

export interface BooleanLiteral extends Span {
  readonly kind: 'boolean';
  readonly value: boolean;
}

export interface NullLiteral extends Span {
  readonly kind: 'null';
}

export interface ColumnRef extends Span {
  readonly kind: 'column';
  readonly name: string;
}

export interface UnaryExpr extends Span {
  readonly kind: 'unary';
  readonly op: '-' | 'not';
  readonly operand: Expr;
}

export interface BinaryExpr extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  /** Where the operator itself starts: type errors point here. */
  readonly opStart: number;
  readonly left: Expr;
  readonly right: Expr;
}

export interface IsNullExpr extends Span {
  readonly kind: 'isNull';
  readonly operand: Expr;
  /** `is not null` */
  readonly negated: boolean;
}

export interface InExpr extends Span {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly items: readonly Expr[];
  /** `not in (…)` */
  readonly negated: boolean;
  readonly opStart: number;
}

export interface CallExpr extends Span {
  readonly kind: 'call';
  /** The catalogue's spelling (e.g. "startsWith"), whatever case the user typed. */
  readonly name: string;
  readonly args: readonly Expr[];
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | ColumnRef
  | UnaryExpr
  | BinaryExpr
  | IsNullExpr
  | InExpr
  | CallExpr;

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 8,
};

/** Binding strength of a node when printed; leaves bind tightest. */
function precedenceOf(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      return PRECEDENCE[e.op];
    case 'unary':
      return e.op === 'not' ? 3 : 7;
    case 'isNull':
    case 'in':
      return 4;
    default:
      return 10;
  }
}

/** Bracketed unless the name is a plain identifier that the tokenizer reads back as itself. */
export function formatColumnName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !KEYWORDS.has(name.toLowerCase());
  return plain ? name : `[${name.replaceAll(']', ']]')}]`;
}

/** Words the tokenizer reads as operators or literals, never as column names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'true',
  'false',
]);

/**
 * Prints an expression in canonical form (`==` as `=`, `**` as `^`, minimal parentheses).
 * Parsing the printed text gives back an equivalent tree, so the canonical text is what prep
 * records and reports store.
 */
export function formatExpression(e: Expr): string {
  const wrap = (child: Expr, min: number): string => {
    const text = formatExpression(child);
    return precedenceOf(child) < min ? `(${text})` : text;
  };
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'string':
      return `'${e.value.replaceAll("'", "''")}'`;
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'column':
      return formatColumnName(e.name);
    case 'unary':
      return e.op === 'not' ? `not ${wrap(e.operand, 3)}` : `-${wrap(e.operand, 7)}`;
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // `^` is right-associative and comparisons do not chain: the "wrong" side needs brackets.
      const rightAssoc = e.op === '^';
      const nonAssoc = p === 4;
      const left = wrap(e.left, rightAssoc || nonAssoc ? p + 1 : p);
      const right = wrap(e.right, rightAssoc ? p : p + 1);
      return `${left} ${e.op} ${right}`;
    }
    case 'isNull':
      return `${wrap(e.operand, 5)} is ${e.negated ? 'not ' : ''}null`;
    case 'in':
      return `${wrap(e.operand, 5)} ${e.negated ? 'not in' : 'in'} (${e.items.map(formatExpression).join(', ')})`;
    case 'call':
      return `${e.name}(${e.args.map(formatExpression).join(', ')})`;
  }
}
