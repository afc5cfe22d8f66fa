import { ExpressionError } from './errors';

export type TokenKind =
  | 'number'
  | 'string'
  | 'identifier'
  /** A column name written as [name] or `name`: never a keyword or function. */
  | 'quotedIdentifier'
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Operators in canonical form (`==` → `=`, `<>` → `!=`, `**` → `^`); identifiers as written. */
  readonly text: string;
  /** Decoded value of number and string literals. */
  readonly value?: number | string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS: readonly [string, string][] = [
  // Longest first so "<=" is not read as "<" then "=".
  ['**', '^'],
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['^', '^'],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_.]/u;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/** Splits expression text into tokens; the last token is always `end`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({
        kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma',
        text: ch,
        start,
        end: i + 1,
      });
      i++;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = NUMBER.exec(source.slice(i, i + 400))![0];
      i += match.length;
      if (IDENT_START.test(source[i] ?? '')) {
        throw new ExpressionError(
          `Unexpected "${source[i]}" after the number ${match} at ${i} — put a space or an operator between them, or write a column name starting with a digit as [${match}${source[i]}…].`,
          i,
        );
      }
      tokens.push({ kind: 'number', text: match, value: Number(match), start, end: i });
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = readQuoted(source, i, ch, ch, 'text');
      tokens.push({ kind: 'string', text: source.slice(start, end), value, start, end });
      i = end;
      continue;
    }
    if (ch === '[' || ch === '`') {
      const { value, end } = readQuoted(source, i, ch, ch === '[' ? ']' : '`', 'column name');
      if (value.length === 0)
        throw new ExpressionError(
          `Empty column name at ${start} — write the name between the brackets.`,
          start,
          2,
        );
      tokens.push({ kind: 'quotedIdentifier', text: value, start, end });
      i = end;
      continue;
    }
    if (IDENT_START.test(ch)) {
      while (i < source.length && IDENT_PART.test(source[i]!)) i++;
      tokens.push({ kind: 'identifier', text: source.slice(start, i), start, end: i });
      continue;
    }
    const op = OPERATORS.find(([spelling]) => source.startsWith(spelling, i));
    if (op) {
      tokens.push({ kind: 'operator', text: op[1], start, end: i + op[0].length });
      i += op[0].length;
      continue;
    }
    throw new ExpressionError(
      `Unexpected character "${ch}" at ${i} — write column names with spaces or symbols in [brackets] and text in 'quotes'.`,
      i,
    );
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}

/**
 * Reads a quoted string or name starting at `open`. The closing quote is escaped by doubling it
 * (SQL style: 'it''s', [a]]b]); a backslash escapes the next character in text literals.
 */
function readQuoted(
  source: string,
  open: number,
  openChar: string,
  close: string,
  what: 'text' | 'column name',
): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && what === 'text' && i + 1 < source.length) {
      value += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === close) {
      if (source[i + 1] === close) {
        value += close;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw new ExpressionError(
    `Unclosed ${what} starting with ${openChar} at ${open} — add the closing ${close}.`,
    open,
    source.length - open,
  );
}
