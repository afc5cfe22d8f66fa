// Issue 10 item 6: an imported recipe is bounded in every count and size, its format stamp is
// checked, and a recipe naming columns the data does not have is refused before anything is stored.
import { describe, expect, it } from 'vitest';
import {
  parseRecipe,
  RECIPE_FILE_FORMAT,
  RECIPE_LIMITS,
  readRecipeFile,
  validateRecipe,
} from '../../../src/core/features';

const file = (steps: unknown[]): Record<string, unknown> => ({
  format: RECIPE_FILE_FORMAT,
  formatVersion: 1,
  steps,
});
const schema = [
  { name: 'bill', type: 'number' as const },
  { name: 'island', type: 'category' as const },
  { name: 'species', type: 'category' as const },
];

describe('recipe import limits', () => {
  it('refuses a 20,000-step recipe at once, without reading each step', () => {
    const array = Array.from({ length: 20_000 }, () => ({ kind: 'drop', columns: ['bill'] }));
    let reads = 0;
    // Counts every step read: a refusal must not have looked at them.
    const steps = new Proxy(array, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(() => parseRecipe({ formatVersion: 1, steps })).toThrow(
      /20,000 steps; a recipe can have at most 200/,
    );
    expect(reads).toBe(0);
    expect(() => parseRecipe({ formatVersion: 1, steps: array.slice(0, RECIPE_LIMITS.steps) })).not.toThrow();
  });

  it('bounds nBins, topK, folds, columns, categories and texts', () => {
    const cases: [unknown, RegExp][] = [
      [
        { kind: 'bin', columns: ['bill'], strategy: 'uniform', nBins: 1e9, output: 'ordinal' },
        /"nBins" must be a whole number from 2 to 1,000; got 1000000000/,
      ],
      [{ kind: 'oneHot', columns: ['island'], topK: 1e7 }, /"topK" must be a whole number from 1 to 1,000/],
      [
        { kind: 'targetEncode', columns: ['island'], folds: 1e6 },
        /"folds" must be a whole number from 2 to 50/,
      ],
      [
        { kind: 'interactions', columns: Array.from({ length: 51 }, (_, i) => `c${i}`) },
        /lists 51 columns; at most 50/,
      ],
      [
        { kind: 'drop', columns: Array.from({ length: 10_001 }, (_, i) => `c${i}`) },
        /lists 10,001 columns; at most 10,000/,
      ],
      [
        {
          kind: 'ordinal',
          columns: ['island'],
          categories: Array.from({ length: 100_001 }, (_, i) => `k${i}`),
        },
        /100,001 categories/,
      ],
      [
        { kind: 'formula', name: 'f', expression: `1${' + 1'.repeat(5000)}` },
        /"expression" is 20,001 characters long/,
      ],
      [
        { kind: 'impute', columns: ['island'], strategy: 'constant', value: 'x'.repeat(20_000) },
        /"value" is 20,000 characters/,
      ],
    ];
    for (const [step, message] of cases)
      expect(() => parseRecipe({ formatVersion: 1, steps: [step] })).toThrow(message);
  });

  it('lists at most 20 problems and never echoes a huge value whole', () => {
    const steps = Array.from({ length: 150 }, () => ({ kind: 'x'.repeat(100_000) }));
    let message = '';
    try {
      parseRecipe({ formatVersion: 1, steps });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('•'))).toHaveLength(21);
    expect(message).toContain('…and 130 more problems');
    expect(message.length).toBeLessThan(10_000);
  });

  it('the editor sees the same bounds (validateRecipe)', () => {
    const spec = {
      formatVersion: 1 as const,
      steps: [
        {
          kind: 'bin' as const,
          columns: ['bill'],
          strategy: 'uniform' as const,
          nBins: 5000,
          output: 'ordinal' as const,
        },
      ],
    };
    expect(
      validateRecipe(spec, schema, 'species')
        .map((p) => p.message)
        .join(),
    ).toMatch(/nBins/);
  });
});

describe('readRecipeFile', () => {
  it('checks the format stamp', () => {
    expect(() => readRecipeFile({ formatVersion: 1, steps: [] })).toThrow(
      /"format" is missing; expected "lifecycle-workbench\/recipe"/,
    );
    expect(() => readRecipeFile({ format: 'something/else', formatVersion: 1, steps: [] })).toThrow(
      /not a Lifecycle Workbench recipe/,
    );
    expect(readRecipeFile(file([]))).toEqual({ formatVersion: 1, steps: [] });
  });

  it('refuses columns the data does not have, keeps columns the recipe makes itself', () => {
    expect(() =>
      readRecipeFile(
        file([{ kind: 'formula', name: 'r', expression: '[bill] / [Wing Span]' }]),
        schema,
        'species',
      ),
    ).toThrow(
      /names columns this dataset does not have:\n• .*"Wing Span", which is not a column of the data/,
    );
    expect(() =>
      readRecipeFile(file([{ kind: 'scale', columns: ['nope'], method: 'standard' }]), schema, 'species'),
    ).toThrow(/no column "nope"/);
    const made = file([
      { kind: 'formula', name: 'double', expression: '[bill] * 2' },
      { kind: 'impute', columns: ['double'], strategy: 'median' },
    ]);
    expect(readRecipeFile(made, schema, 'species').steps).toHaveLength(2);
    // Other problems (a wrong type) are the editor's to show, not a reason to refuse.
    expect(
      readRecipeFile(file([{ kind: 'scale', columns: ['island'], method: 'standard' }]), schema, 'species')
        .steps,
    ).toHaveLength(1);
  });
});
