import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  checkExpression,
  evaluateExpression,
  expressionColumns,
  parseExpression,
} from '../../../src/core/expr';
import type { ColumnType } from '../../../src/core/table/table';
import { sampleTable } from './helpers';

const schema: { name: string; type: ColumnType }[] = [
  { name: 'bill_length_mm', type: 'number' },
  { name: 'body_mass_g', type: 'integer' },
  { name: 'species', type: 'category' },
  { name: 'zip', type: 'identifier' },
  { name: 'born', type: 'date' },
  { name: 'ok', type: 'boolean' },
];

/** The ExpressionError thrown by parsing and checking `source`. */
function failure(source: string): ExpressionError {
  try {
    checkExpression(parseExpression(source), schema);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected "${source}" to fail`);
}

describe('syntax errors', () => {
  it('reports a missing closing bracket where it was expected', () => {
    const e = failure('(bill_length_mm');
    expect(e.position).toBe(15);
    expect(e.message).toMatch(/^Expected "\)" at 15 to close the "\(" at 0/);
  });

  it('reports an unclosed function call at the end of the text', () => {
    const e = failure('round(bill_len, 2');
    expect(e.position).toBe(17);
    expect(e.message).toContain('Expected ")" at 17');
  });

  it('reports a stray closing bracket', () => {
    const e = failure('1 + 2)');
    expect(e.position).toBe(5);
    expect(e.message).toContain('without a matching "("');
  });

  it.each([
    ['1 +', 3, 'ends too early'],
    ['', 0, 'empty'],
    ["species = 'Adelie", 10, "Unclosed text starting with ' at 10"],
    ['[bill', 0, 'Unclosed column name'],
    ['a $ b', 2, 'Unexpected character "$" at 2'],
    ['1 < 2 < 3', 6, 'cannot be chained'],
    ['x is 3', 5, 'Expected "null" at 5'],
    ['x in 1', 5, 'Expected "(" at 5'],
    ['x in ()', 5, 'Empty list'],
    ['bill_length_mm body_mass_g', 15, 'operator'],
    ['and 1', 0, 'missing before it'],
    ['round()', 0, 'round() at 0 takes 1 to 2 arguments but was given 0'],
    ['if(ok, 1)', 0, 'takes 3 arguments'],
    ['3abc', 1, 'after the number 3'],
    ['abs(1,)', 6, 'Expected a value'],
    ['[]', 0, 'Empty column name'],
  ])('%s', (source, position, text) => {
    const e = failure(source);
    expect(e.position).toBe(position);
    expect(e.message).toContain(text);
  });

  it('limits the length and the nesting depth', () => {
    const long = failure('1+'.repeat(MAX_EXPRESSION_LENGTH / 2) + '1');
    expect(long.message).toContain(`limit is ${MAX_EXPRESSION_LENGTH}`);
    const deep = failure('('.repeat(MAX_NESTING_DEPTH + 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH + 1));
    expect(deep.message).toContain('nested too deeply');
    expect(deep.position).toBe(MAX_NESTING_DEPTH);
    expect(() =>
      parseExpression('('.repeat(MAX_NESTING_DEPTH - 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH - 1)),
    ).not.toThrow();
    expect(failure('-'.repeat(200) + '1').message).toContain('nested too deeply');
    expect(failure(Array.from({ length: 600 }, () => 'ok').join(' and ')).message).toContain(
      'Too many operations',
    );
  });
});

describe('name errors', () => {
  it('suggests the closest column for a typo', () => {
    const e = failure('bil_length > 3');
    expect(e.message).toBe('Unknown column "bil_length" at 0 — did you mean "bill_length_mm"?');
    expect(e.position).toBe(0);
    expect(e.length).toBe(10);
  });

  it('suggests across case and points at the right place', () => {
    const e = failure('1 + Body_Mass_G');
    expect(e.position).toBe(4);
    expect(e.message).toContain('did you mean "body_mass_g"?');
  });

  it('lists the columns when nothing is close', () => {
    expect(failure('qqqqqqqqqqqq').message).toContain('the columns are "bill_length_mm", "body_mass_g"');
  });

  it('suggests a function for a misspelt call and lists them otherwise', () => {
    expect(failure('lowr(species)').message).toBe('Unknown function "lowr" at 0 — did you mean lower()?');
    expect(failure('zzzzzzzzzzzzzzz(1)').message).toContain('known functions: if, coalesce, abs');
  });
});

describe('type errors', () => {
  it('names both sides when a number is compared with text', () => {
    const e = failure("bill_length_mm > 'abc'");
    expect(e.position).toBe(15);
    expect(e.message).toContain(`number column "bill_length_mm" with text 'abc' at 15`);
  });

  it('tells how to fix a quoted number or an unquoted code', () => {
    expect(failure("body_mass_g = '3500'").message).toContain('write 3500 without quotes');
    expect(failure('zip = 700').message).toContain(
      `write '700' in quotes, or cast identifier column "zip" to a number first`,
    );
  });

  it.each([
    ['species + 1', 8, 'join texts with concat'],
    ['ok * 2', 3, 'numbers on both sides'],
    ['bill_length_mm and ok', 15, 'true/false conditions'],
    ['not species', 0, '"not" at 0 needs a true/false condition'],
    ['-species', 0, 'needs a number'],
    ['if(bill_length_mm, 1, 2)', 3, 'if() at 3 needs a true/false condition as argument 1'],
    ["if(ok, 1, 'a')", 10, 'mixes kinds of value'],
    ['coalesce(species, 0)', 18, 'mixes kinds'],
    ['year(bill_length_mm)', 5, 'needs a date'],
    ['lower(body_mass_g)', 6, 'needs text'],
    ["born > 'yesterday'", 7, "Cannot read 'yesterday' at 7 as a date"],
    ["born = '2023-02-30'", 7, 'as a date'],
    ['born > 3', 5, 'Cannot compare date column "born" with number 3'],
    ['bill_length_mm = null', 15, 'write "bill_length_mm is null"'],
    ['species != null', 8, 'is not null'],
    ["species in ('a', 1)", 8, 'in the list of number 1'],
    ['null', 0, 'always missing'],
  ])('%s', (source, position, text) => {
    const e = failure(source);
    expect(e.message).toContain(text);
    expect(e.position).toBe(position);
  });

  it('returns the result type when the expression is valid', () => {
    expect(checkExpression(parseExpression('body_mass_g * 2'), schema)).toEqual({ type: 'integer' });
    expect(checkExpression(parseExpression('bill_length_mm / 2'), schema)).toEqual({ type: 'number' });
    expect(checkExpression(parseExpression("born >= '2020-01-01' and ok"), schema)).toEqual({
      type: 'boolean',
    });
    expect(checkExpression(parseExpression('born + 7'), schema)).toEqual({ type: 'date' });
    expect(checkExpression(parseExpression("coalesce(zip, 'none')"), schema)).toEqual({ type: 'identifier' });
    expect(checkExpression(parseExpression('if(ok, zip, species)'), schema)).toEqual({ type: 'text' });
  });
});

describe('user text is never executed', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'globalThis', 'this'])(
    '%s is just an unknown column',
    (name) => {
      expect(failure(name).message).toContain(`Unknown column "${name}"`);
    },
  );

  it.each([
    'process.exit()',
    'constructor(1)',
    '__proto__(1)',
    'eval(1)',
    'Function(1)',
    'require(1)',
    'valueOf(1)',
  ])('%s is just an unknown function', (source) => {
    expect(failure(source).message).toMatch(/^Unknown function/);
  });

  it('reads JavaScript syntax as plain expression syntax or rejects it', () => {
    expect(failure('species; process.exit(1)').message).toContain('Unexpected character ";"');
    expect(failure('x => 1').message).toBe('Expected a value, column or function at 3 but found ">".');
    expect(failure('a.b.c[0]').message).toMatch(/Unknown column|Unexpected/);
  });

  it('treats JavaScript-looking text literals as data', () => {
    const table = sampleTable();
    const c = evaluateExpression(parseExpression("concat(species, '${process.exit()}')"), table);
    expect('dictionary' in c && c.dictionary[0]).toBe('Adelie${process.exit()}');
  });
});

describe('expressionColumns', () => {
  it('lists each column once, in order of appearance', () => {
    expect(expressionColumns(parseExpression('if([b c] > a, a + d, coalesce(d, [b c]))'))).toEqual([
      'b c',
      'a',
      'd',
    ]);
    expect(expressionColumns(parseExpression("1 + 2 = 3 and 'a' in ('a')"))).toEqual([]);
  });
});
