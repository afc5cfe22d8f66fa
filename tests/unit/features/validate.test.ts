/** validateRecipe reports each problem with its step and column; parseRecipe checks imported JSON. */
import { describe, expect, it } from 'vitest';
import { parseRecipe, validateRecipe } from '../../../src/core/features';
import type { RecipeSpec, SchemaColumn, StepSpec } from '../../../src/core/features';

const schema: SchemaColumn[] = [
  { name: 'bill', type: 'number' },
  { name: 'mass', type: 'integer' },
  { name: 'island', type: 'category' },
  { name: 'seen', type: 'date' },
  { name: 'species', type: 'category' },
];

function problems(...steps: StepSpec[]) {
  return validateRecipe({ formatVersion: 1, steps }, schema, 'species');
}

const encodeRest: StepSpec[] = [
  { kind: 'oneHot', columns: ['island'] },
  { kind: 'dateParts', columns: ['seen'] },
];

describe('validateRecipe', () => {
  it('accepts a sound recipe, including names made by earlier steps', () => {
    expect(
      problems(
        ...encodeRest,
        { kind: 'impute', columns: ['bill', 'seen_year'], strategy: 'median', addIndicator: true },
        { kind: 'scale', columns: ['bill', 'bill_missing', 'island=Biscoe'], method: 'standard' },
        { kind: 'formula', name: 'ratio', expression: 'bill / mass' },
      ),
    ).toEqual([]);
  });

  it('a missing column, with step and column named', () => {
    expect(problems(...encodeRest, { kind: 'scale', columns: ['flipper'], method: 'standard' })).toEqual([
      {
        step: 2,
        kind: 'missingColumn',
        column: 'flipper',
        message: expect.stringMatching(/^Step 3 \(Standardize flipper\): there is no column "flipper"/),
      },
    ]);
  });

  it('a column an earlier step dropped or replaced', () => {
    const [p] = problems(
      ...encodeRest,
      { kind: 'drop', columns: ['bill'] },
      { kind: 'scale', columns: ['bill'], method: 'standard' },
    );
    expect(p).toMatchObject({ step: 3, kind: 'missingColumn', column: 'bill' });
    expect(p?.message).toMatch(/step 3 dropped or replaced it/);
  });

  it('a step that cannot apply to the column type', () => {
    const found = problems(
      ...encodeRest,
      { kind: 'scale', columns: ['island'], method: 'standard' },
      { kind: 'impute', columns: ['island'], strategy: 'mean' },
      { kind: 'dateParts', columns: ['bill'] },
    );
    expect(found.map((p) => [p.step, p.kind, p.column])).toEqual([
      [2, 'missingColumn', 'island'],
      [3, 'missingColumn', 'island'],
      [4, 'wrongType', 'bill'],
    ]);
    const beforeEncoding = validateRecipe(
      {
        formatVersion: 1,
        steps: [
          { kind: 'scale', columns: ['island'], method: 'standard' },
          { kind: 'impute', columns: ['island'], strategy: 'mean' },
          ...encodeRest,
        ],
      },
      schema,
      'species',
    );
    expect(beforeEncoding).toMatchObject([
      {
        step: 0,
        kind: 'wrongType',
        column: 'island',
        message: expect.stringMatching(/cannot apply to category column "island".*one-hot/),
      },
      {
        step: 1,
        kind: 'wrongType',
        column: 'island',
        message: expect.stringMatching(/no mean; use "mode" or "constant"/),
      },
    ]);
  });

  it('the target used as a feature, in a step or a formula', () => {
    const found = problems(
      ...encodeRest,
      { kind: 'oneHot', columns: ['species'] },
      { kind: 'formula', name: 'x', expression: 'if(species = "Adelie", 1, 0)' },
    );
    expect(found.map((p) => [p.step, p.kind, p.column])).toEqual([
      [2, 'targetUsed', 'species'],
      [3, 'targetUsed', 'species'],
    ]);
  });

  it('a formula syntax error with its position', () => {
    const [p] = problems(...encodeRest, { kind: 'formula', name: 'x', expression: 'bill * (mass + ' });
    expect(p).toMatchObject({ step: 2, kind: 'formulaSyntax', position: 15 });
    expect(p?.message).toMatch(/^Step 3 \(New column x = bill \* \(mass \+ \): .*\d/);
  });

  it('a formula type error and an unknown column in a formula', () => {
    const found = problems(
      { kind: 'formula', name: 'x', expression: 'bill + island' },
      { kind: 'formula', name: 'z', expression: 'flipper * 2' },
      ...encodeRest,
      { kind: 'formula', name: 'w', expression: 'island' },
    );
    expect(found.map((p) => [p.step, p.kind, p.column, p.position])).toEqual([
      [0, 'formulaType', undefined, 5],
      [1, 'missingColumn', 'flipper', undefined],
      [4, 'missingColumn', 'island', undefined],
    ]);
    expect(found[1]?.message).toMatch(/^Step 2 .*reads "flipper", which is not a column/);
    expect(found[2]?.message).toMatch(/step 3 dropped or replaced/);
  });

  it('bad options and columns left non-numeric', () => {
    const found = problems({
      kind: 'bin',
      columns: ['bill', 'bill'],
      strategy: 'uniform',
      nBins: 1,
      output: 'ordinal',
    });
    expect(found.filter((p) => p.kind === 'badOption').map((p) => p.message)).toEqual([
      expect.stringMatching(/Step 1 \(bin\): column "bill" is listed twice/),
      expect.stringMatching(/"nBins" must be a whole number from 2 to 1,000; got 1/),
    ]);
    expect(found.filter((p) => p.kind === 'notNumeric').map((p) => [p.step, p.column])).toEqual([
      [-1, 'island'],
      [-1, 'seen'],
    ]);
  });
});

describe('parseRecipe', () => {
  const good: RecipeSpec = {
    formatVersion: 1,
    steps: [
      { kind: 'impute', columns: ['bill'], strategy: 'median' },
      { kind: 'oneHot', columns: ['island'], topK: 5 },
    ],
  };

  it('round-trips a valid recipe and drops unknown fields', () => {
    const withExtra = JSON.parse(JSON.stringify(good)) as { steps: Record<string, unknown>[] };
    withExtra.steps[0]!['surprise'] = true;
    expect(parseRecipe(withExtra)).toEqual(good);
  });

  it('rejects other format versions with a clear message', () => {
    expect(() => parseRecipe({ ...good, formatVersion: 2 })).toThrow(
      /format version 2, made by a newer workbench/,
    );
    expect(() => parseRecipe({ steps: [] })).toThrow(/expected "formatVersion": 1/);
    expect(() => parseRecipe('recipe')).toThrow(/not a recipe/);
  });

  it('lists every malformed step by number', () => {
    expect(() =>
      parseRecipe({
        formatVersion: 1,
        steps: [
          { kind: 'scale', columns: ['a'], method: 'z' },
          { kind: 'teleport' },
          { kind: 'drop', columns: 'a' },
        ],
      }),
    ).toThrow(
      /Step 1 \(scale\): "method" must be one of standard, minmax, robust; got "z"[\s\S]*Step 2 has an unknown kind "teleport"[\s\S]*Step 3 \(drop\): "columns" must be a list/,
    );
  });
});
