import { describe, expect, it } from 'vitest';
import type { BooleanColumn } from '../../../src/core/table/table';
import { categoricalFromStrings } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';
import { checkTarget, encodeTarget, inferTask } from '../../../src/core/ml/target';

describe('encodeTarget', () => {
  it('classification: classes sorted, y = class index, missing rows left out', () => {
    const col = categoricalFromStrings('species', ['Gentoo', null, 'Adelie', 'Chinstrap', 'Adelie']);
    const t = encodeTarget(col, 'classification');
    expect(t.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect([...t.rows]).toEqual([0, 2, 3, 4]);
    expect([...t.y]).toEqual([2, 0, 1, 0]);
  });

  it('numeric classes sort by value, not as text', () => {
    const t = encodeTarget(numericFromNumbers('rating', [10, 2, 1, null, 2], 'integer'), 'classification');
    expect(t.classes).toEqual(['1', '2', '10']);
    expect([...t.y]).toEqual([2, 1, 0, 1]);
  });

  it('booleans are the classes false and true', () => {
    const col: BooleanColumn = { name: 'churn', type: 'boolean', values: Uint8Array.from([1, 0, 255, 1]) };
    const t = encodeTarget(col, 'classification');
    expect(t.classes).toEqual(['false', 'true']);
    expect([...t.y]).toEqual([1, 0, 1]);
    expect([...t.rows]).toEqual([0, 1, 3]);
  });

  it('regression keeps the values and refuses text, naming the column', () => {
    const t = encodeTarget(numericFromNumbers('price', [1.5, null, 3]), 'regression');
    expect([...t.y]).toEqual([1.5, 3]);
    expect([...t.rows]).toEqual([0, 2]);
    expect(() => encodeTarget(categoricalFromStrings('city', ['a']), 'regression')).toThrow(
      /"city".*regression needs numbers/,
    );
  });
});

describe('inferTask', () => {
  it('categories and booleans are classification; fractional numbers regression', () => {
    expect(inferTask(categoricalFromStrings('c', ['a', 'b']))).toBe('classification');
    expect(inferTask({ name: 'b', type: 'boolean', values: Uint8Array.from([0, 1]) })).toBe('classification');
    expect(inferTask(numericFromNumbers('x', [0.5, 1.25, 3]))).toBe('regression');
  });

  it('few whole-number levels are classes; many are a quantity', () => {
    expect(inferTask(numericFromNumbers('flag', [0, 1, 1, 0, null], 'integer'))).toBe('classification');
    expect(inferTask(numericFromNumbers('stars', [1, 2, 3, 4, 5, 3], 'integer'))).toBe('classification');
    const many = Array.from({ length: 200 }, (_, i) => i);
    expect(inferTask(numericFromNumbers('count', many, 'integer'))).toBe('regression');
  });
});

describe('checkTarget', () => {
  const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

  it('a healthy target has no problems', () => {
    const col = categoricalFromStrings(
      'y',
      Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 'a' : 'b')),
    );
    expect(
      checkTarget(col, 'classification', { kind: 'holdout', testFraction: 0.2, validationFraction: 0.1 }),
    ).toEqual([]);
  });

  it('one class only is an error that names the class', () => {
    const p = checkTarget(categoricalFromStrings('y', Array(30).fill('yes')), 'classification');
    expect(codes(p)).toEqual(['oneClass']);
    expect(p[0]!.message).toMatch(/"y" has one class only \("yes"\)/);
  });

  it('many missing values warn with the count', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i < 40 ? null : i % 2 ? 'a' : 'b'));
    const p = checkTarget(categoricalFromStrings('y', values), 'classification');
    expect(codes(p)).toEqual(['manyMissing']);
    expect(p[0]!.message).toMatch(/40 of 100 rows \(40%\)/);
  });

  it('a class too rare for the folds is an error naming it; it is also flagged as imbalanced', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i < 3 ? 'fraud' : 'ok'));
    const p = checkTarget(categoricalFromStrings('label', values), 'classification', {
      kind: 'kFold',
      folds: 5,
    });
    expect(codes(p)).toEqual(['rareClass', 'imbalanced']);
    expect(p[0]!.message).toMatch(/"fraud" \(3\).*5 rows 5-fold cross-validation needs/);
    expect(p[0]!.severity).toBe('error');
    expect(p[1]!.severity).toBe('warning');
  });

  it('regression: a constant target and a text column are errors', () => {
    expect(codes(checkTarget(numericFromNumbers('v', Array(20).fill(4)), 'regression'))).toEqual([
      'constant',
    ]);
    expect(codes(checkTarget(categoricalFromStrings('v', ['a', 'b']), 'regression'))).toEqual(['notATarget']);
    expect(codes(checkTarget(numericFromNumbers('v', [1, 2, 3]), 'regression'))).toEqual(['tooFewRows']);
  });
});
