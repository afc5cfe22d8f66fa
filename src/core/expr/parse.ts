import type { BinaryOp, Expr } from './ast';
import {
  ExpressionError,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_TREE_HEIGHT,
  closestName,
} from './errors';
import { FUNCTION_NAMES, findFunction } from './functions';
import { tokenize, type Token } from './tokenize';

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

function describeToken(t: Token): string {
  if (t.kind === 'end') return 'the end of the expression';
  if (t.kind === 'quotedIdentifier') return `the column [${t.text}]`;
  return `"${t.text}"`;
}

/**
 * Recursive-descent parser with one function per precedence level, loosest first:
 * or → and → not → comparison (incl. `is null`, `in`) → + - → * / % → unary minus → ^ → primary.
 * Nothing here looks anything up in JavaScript scope: names become column references or
 * catalogue calls, so user text can never reach `eval`, prototypes or globals.
 */
class Parser {
  private pos = 0;
  private depth = 0;

  /** Height of each subtree: long chains like a + b + c + … grow the tree without brackets. */
  private readonly heights = new WeakMap<Expr, number>();

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'identifier' && t.text.toLowerCase() === word;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'operator' && t.text === op;
  }

  private expectRParen(open: Token): Token {
    const t = this.peek();
    if (t.kind !== 'rparen') {
      throw new ExpressionError(
        `Expected ")" at ${t.start} to close the "(" at ${open.start}, but found ${describeToken(t)}.`,
        t.start,
      );
    }
    return this.next();
  }

  /** Guards every recursive step so a pathological input fails with a message, not a stack overflow. */
  private enter(at: number): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new ExpressionError(
        `Expression nested too deeply at ${at} (more than ${MAX_NESTING_DEPTH} levels) — split it into several derived columns.`,
        at,
      );
    }
  }

  parse(): Expr {
    if (this.peek().kind === 'end') {
      throw new ExpressionError('The expression is empty — type a formula such as price * quantity.', 0);
    }
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint =
        t.kind === 'rparen'
          ? 'there is a ")" without a matching "(" — remove it or add the "(".'
          : 'an operator such as "and", "+" or "=" may be missing before it.';
      throw new ExpressionError(
        `Unexpected ${describeToken(t)} at ${t.start} — ${hint}`,
        t.start,
        t.end - t.start,
      );
    }
    return e;
  }

  /** Records the subtree height of `node`; throws once a chain grows past the limit. */
  private mark<E extends Expr>(node: E, children: readonly Expr[]): E {
    let height = 1;
    for (const c of children) height = Math.max(height, 1 + (this.heights.get(c) ?? 1));
    if (height > MAX_TREE_HEIGHT) {
      throw new ExpressionError(
        `Too many operations in one expression at ${node.start} (more than ${MAX_TREE_HEIGHT} in a chain) — split it into several derived columns.`,
        node.start,
      );
    }
    this.heights.set(node, height);
    return node;
  }

  private binary(op: BinaryOp, opToken: Token, left: Expr, right: Expr): Expr {
    const node: Expr = {
      kind: 'binary',
      op,
      opStart: opToken.start,
      left,
      right,
      start: left.start,
      end: right.end,
    };
    return this.mark(node, [left, right]);
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      const t = this.next();
      left = this.binary('or', t, left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and')) {
      const t = this.next();
      left = this.binary('and', t, left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Expr {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      this.enter(t.start);
      const operand = this.parseNot();
      this.depth--;
      return this.mark({ kind: 'unary', op: 'not', operand, start: t.start, end: operand.end }, [operand]);
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    let result: Expr | undefined;
    if (t.kind === 'operator' && COMPARISONS.has(t.text)) {
      this.next();
      const right = this.parseAdditive();
      result = this.binary(t.text as BinaryOp, t, left, right);
    } else if (this.isWord(t, 'is')) {
      this.next();
      const negated = this.isWord(this.peek(), 'not');
      if (negated) this.next();
      const n = this.peek();
      if (!this.isWord(n, 'null')) {
        throw new ExpressionError(
          `Expected "null" at ${n.start} after "is" — write "x is null" or "x is not null"; compare values with "=".`,
          n.start,
        );
      }
      this.next();
      result = this.mark({ kind: 'isNull', operand: left, negated, start: left.start, end: n.end }, [left]);
    } else if (
      this.isWord(t, 'in') ||
      (this.isWord(t, 'not') && this.isWord(this.tokens[this.pos + 1]!, 'in'))
    ) {
      const negated = this.isWord(t, 'not');
      this.next();
      if (negated) this.next();
      result = this.parseInList(left, t, negated);
    }
    if (!result) return left;
    const after = this.peek();
    if (
      (after.kind === 'operator' && COMPARISONS.has(after.text)) ||
      this.isWord(after, 'is') ||
      this.isWord(after, 'in')
    ) {
      throw new ExpressionError(
        `Comparisons cannot be chained at ${after.start} — combine them with "and", e.g. a < b and b < c.`,
        after.start,
      );
    }
    return result;
  }

  private parseInList(operand: Expr, opToken: Token, negated: boolean): Expr {
    const open = this.peek();
    if (open.kind !== 'lparen') {
      throw new ExpressionError(
        `Expected "(" at ${open.start} after "in" — list the values in brackets, e.g. x in ('a', 'b').`,
        open.start,
      );
    }
    this.next();
    this.enter(open.start);
    const items = this.parseArguments(open);
    this.depth--;
    if (items.length === 0) {
      throw new ExpressionError(
        `Empty list at ${open.start} — put at least one value between the brackets.`,
        open.start,
      );
    }
    const close = this.tokens[this.pos - 1]!;
    return this.mark(
      { kind: 'in', operand, items, negated, opStart: opToken.start, start: operand.start, end: close.end },
      [operand, ...items],
    );
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (let t = this.peek(); this.isOp(t, '+') || this.isOp(t, '-'); t = this.peek()) {
      this.next();
      left = this.binary(t.text as BinaryOp, t, left, this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (let t = this.peek(); this.isOp(t, '*') || this.isOp(t, '/') || this.isOp(t, '%'); t = this.peek()) {
      this.next();
      left = this.binary(t.text as BinaryOp, t, left, this.parseUnary());
    }
    return left;
  }

  /** Unary minus binds looser than `^`, as in mathematics: -2^2 is -4. */
  private parseUnary(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-') || this.isOp(t, '+')) {
      this.next();
      this.enter(t.start);
      const operand = this.parseUnary();
      this.depth--;
      if (t.text === '+') return operand;
      if (operand.kind === 'number')
        return { kind: 'number', value: -operand.value, start: t.start, end: operand.end };
      return this.mark({ kind: 'unary', op: '-', operand, start: t.start, end: operand.end }, [operand]);
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const t = this.peek();
    if (!this.isOp(t, '^')) return base;
    this.next();
    this.enter(t.start);
    // Right-associative, and the exponent may carry its own sign: 2 ^ -1.
    const exponent = this.parseUnary();
    this.depth--;
    return this.binary('^', t, base, exponent);
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value as number, start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.value as string, start: t.start, end: t.end };
      case 'quotedIdentifier':
        return { kind: 'column', name: t.text, start: t.start, end: t.end };
      case 'lparen': {
        this.enter(t.start);
        const inner = this.parseOr();
        this.depth--;
        const close = this.expectRParen(t);
        // The span grows to the brackets so errors about the group underline all of it.
        return this.mark({ ...inner, start: t.start, end: close.end }, [inner]);
      }
      case 'identifier':
        return this.parseName(t);
      case 'end':
        throw new ExpressionError(
          `The expression ends too early at ${t.start} — a value or column is missing after the last operator.`,
          t.start,
        );
      default:
        throw new ExpressionError(
          `Expected a value, column or function at ${t.start} but found ${describeToken(t)}.`,
          t.start,
          t.end - t.start,
        );
    }
  }

  private parseName(t: Token): Expr {
    const lower = t.text.toLowerCase();
    if (lower === 'true' || lower === 'false')
      return { kind: 'boolean', value: lower === 'true', start: t.start, end: t.end };
    if (lower === 'null') return { kind: 'null', start: t.start, end: t.end };
    if (['and', 'or', 'not', 'in', 'is'].includes(lower)) {
      throw new ExpressionError(
        `Unexpected "${t.text}" at ${t.start} — a value or column is missing before it (write a column called "${t.text}" as [${t.text}]).`,
        t.start,
        t.end - t.start,
      );
    }
    const open = this.peek();
    if (open.kind !== 'lparen') return { kind: 'column', name: t.text, start: t.start, end: t.end };
    const spec = findFunction(t.text);
    if (!spec) {
      const guess = closestName(t.text, FUNCTION_NAMES);
      const hint = guess ? `did you mean ${guess}()?` : `known functions: ${FUNCTION_NAMES.join(', ')}.`;
      throw new ExpressionError(
        `Unknown function "${t.text}" at ${t.start} — ${hint}`,
        t.start,
        t.end - t.start,
      );
    }
    this.next();
    this.enter(open.start);
    const args = this.parseArguments(open);
    this.depth--;
    const close = this.tokens[this.pos - 1]!;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const expected =
        spec.minArgs === spec.maxArgs
          ? `${spec.minArgs}`
          : spec.maxArgs === Infinity
            ? `at least ${spec.minArgs}`
            : `${spec.minArgs} to ${spec.maxArgs}`;
      throw new ExpressionError(
        `${spec.name}() at ${t.start} takes ${expected} argument${expected === '1' ? '' : 's'} but was given ${args.length} — write ${spec.signature}.`,
        t.start,
        close.end - t.start,
      );
    }
    return this.mark({ kind: 'call', name: spec.name, args, start: t.start, end: close.end }, args);
  }

  /** Comma-separated expressions up to and including the ")" matching `open`. */
  private parseArguments(open: Token): Expr[] {
    const args: Expr[] = [];
    if (this.peek().kind === 'rparen') {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.parseOr());
      const t = this.peek();
      if (t.kind === 'comma') {
        this.next();
        continue;
      }
      this.expectRParen(open);
      return args;
    }
  }
}

/**
 * Parses expression text into a syntax tree. Throws `ExpressionError` (with the 0-based
 * `position` of the problem) on any syntax error or when limits are exceeded; never evaluates
 * anything. Column names are not checked here: see `checkExpression`.
 */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `The expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH} — split it into several derived columns.`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  return new Parser(tokenize(source)).parse();
}
