import { describe, expect, it } from 'vitest';
import { formatExpression, parseExpression } from '../../../src/core/expr';
import { sexpr } from './helpers';

const tree = (s: string): string => sexpr(parseExpression(s));

describe('parseExpression precedence', () => {
  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
    ['2 ** 3', '(^ 2 3)'],
    ['-x ^ 2', '(- (^ x 2))'],
    ['2 ^ -1', '(^ 2 -1)'],
    ['-2', '-2'],
    ['- -x', '(- (- x))'],
    ['a % 2 * 3', '(* (% a 2) 3)'],
    ['a + b > c * 2', '(> (+ a b) (* c 2))'],
    ['a = 1 or b = 2 and c = 3', '(or (= a 1) (and (= b 2) (= c 3)))'],
    ['not a = 1 and b', '(and (not (= a 1)) b)'],
    ['not not a', '(not (not a))'],
    ['a == 1', '(= a 1)'],
    ['a <> 1', '(!= a 1)'],
    ['a != 1', '(!= a 1)'],
    ['a <= 1 AND b >= 2', '(and (<= a 1) (>= b 2))'],
    ['x is null', '(isnull x)'],
    ['x + 1 IS NOT NULL', '(notnull (+ x 1))'],
    ["s in ('a', 'b')", "(in s 'a' 'b')"],
    ['s not in (1)', '(notin s 1)'],
    ['if(a > 1, 1, 2)', '(if (> a 1) 1 2)'],
    ['ROUND(x, 2)', '(round x 2)'],
    ['startswith(s, "p")', "(startsWith s 'p')"],
    ['[Bill length (mm)] * 2', '(* Bill length (mm) 2)'],
    ['`a b` + 1', '(+ a b 1)'],
    ['[a]]b]', 'a]b'],
    ["'it''s'", "'it's'"],
    ["'it\\'s'", "'it's'"],
    ['.5 + 1e3 + 2.5E-1', '(+ (+ 0.5 1000) 0.25)'],
    ['Sepal.Length', 'Sepal.Length'],
    ['TRUE and false or NULL', '(or (and true false) null)'],
  ])('%s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it('records the span of each node', () => {
    const e = parseExpression('abs(x) + [y z]');
    expect(e.kind).toBe('binary');
    if (e.kind !== 'binary') return;
    expect([e.start, e.end, e.opStart]).toEqual([0, 14, 7]);
    expect([e.right.start, e.right.end]).toEqual([9, 14]);
  });
});

describe('formatExpression', () => {
  it.each([
    'a - (b - c)',
    '(a + b) * c',
    '2 ^ (3 ^ 2)',
    '(2 ^ 3) ^ 2',
    '-(x + 1)',
    '(-x) ^ 2',
    "not (a or b) and [Bill length (mm)] in ('it''s', 2)",
    '(a = b) = true',
    'if(x is null, 0, x) + [and]',
  ])('prints %s so that parsing it gives the same tree', (source) => {
    const printed = formatExpression(parseExpression(source));
    expect(tree(printed)).toBe(tree(source));
  });

  it('uses canonical operators and minimal brackets', () => {
    expect(formatExpression(parseExpression('((a ** 2)) == 1 AND NOT b'))).toBe('a ^ 2 = 1 and not b');
  });
});
