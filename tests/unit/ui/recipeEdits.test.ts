/**
 * The recipe editor's pure edits (src/ui/framing/recipeEdits.ts): what the column picker offers
 * must agree with validateRecipe's type rules, and each edit must return a new spec that leaves
 * the old one untouched (the state class stores each edit as a new recipe version).
 */
import { describe, expect, it } from 'vitest';
import { validateRecipe } from '../../../src/core/features';
import type { RecipeSpec, SchemaColumn, StepSpec } from '../../../src/core/features';
import { COLUMN_TYPES } from '../../../src/core/table/table';
import {
  dropColumn,
  dropsFirst,
  insertStep,
  moveStep,
  newStep,
  pickable,
  removeStep,
  replaceStep,
  STEP_KINDS,
  stepAccepts,
} from '../../../src/ui/framing/recipeEdits';

const spec = (...steps: StepSpec[]): RecipeSpec => ({ formatVersion: 1, steps });

const a: StepSpec = { kind: 'impute', columns: ['x'], strategy: 'median' };
const b: StepSpec = { kind: 'scale', columns: ['x', 'y'], method: 'standard' };
const c: StepSpec = { kind: 'oneHot', columns: ['colour'] };

/** Variants worth checking per kind: impute's type rule depends on its strategy. */
function variants(kind: StepSpec['kind']): StepSpec[] {
  if (kind !== 'impute') return [newStep(kind)];
  return (['mean', 'median', 'mode', 'constant'] as const).map((strategy) => ({
    kind,
    columns: [],
    strategy,
  }));
}

describe('stepAccepts agrees with validateRecipe', () => {
  const stepKinds = STEP_KINDS.filter((k) => k.kind !== 'formula');
  for (const { kind } of stepKinds) {
    for (const step of variants(kind)) {
      const name = step.kind === 'impute' ? `impute (${step.strategy})` : kind;
      it(`${name}: offered exactly the column types validation accepts`, () => {
        for (const type of COLUMN_TYPES) {
          const schema: SchemaColumn[] = [
            { name: 'col', type },
            { name: 'other', type: 'number' },
            { name: 'target', type: 'category' },
          ];
          // Interactions need two columns; the second is numeric so only `col` can be refused.
          const columns = kind === 'interactions' ? ['col', 'other'] : ['col'];
          const withCol = { ...step, columns } as StepSpec;
          const refused = validateRecipe(spec(withCol), schema, 'target').some(
            (p) => p.step === 0 && p.column === 'col' && p.kind === 'wrongType',
          );
          expect({ type, refused }).toEqual({ type, refused: !stepAccepts(step, type) });
        }
      });
    }
  }

  it('covers every step kind the core knows, each with usual options that validate', () => {
    const schema: SchemaColumn[] = [
      { name: 'n', type: 'number' },
      { name: 'm', type: 'integer' },
      { name: 'd', type: 'date' },
      { name: 'k', type: 'category' },
      { name: 'target', type: 'category' },
    ];
    for (const { kind } of STEP_KINDS) {
      const step = newStep(kind);
      expect(step.kind).toBe(kind);
      const filled: StepSpec =
        step.kind === 'formula'
          ? { ...step, name: 'ratio', expression: 'n / m' }
          : {
              ...step,
              columns: schema
                .filter((s) => s.name !== 'target' && stepAccepts(step, s.type))
                .map((s) => s.name),
            };
      const problems = validateRecipe(spec(filled), schema, 'target').filter((p) => p.step === 0);
      expect({ kind, problems }).toEqual({ kind, problems: [] });
    }
  });
});

describe('recipe edits', () => {
  it('insert, replace, remove and move return new specs and leave the original alone', () => {
    const original = spec(a, b);
    const frozen = structuredClone(original);

    expect(insertStep(original, c, 1).steps).toEqual([a, c, b]);
    expect(insertStep(original, c, 99).steps).toEqual([a, b, c]);
    expect(insertStep(original, c, -3).steps).toEqual([c, a, b]);
    expect(replaceStep(original, 1, c).steps).toEqual([a, c]);
    expect(removeStep(original, 0).steps).toEqual([b]);
    expect(moveStep(original, 0, 1).steps).toEqual([b, a]);
    expect(moveStep(original, 1, -1).steps).toEqual([b, a]);
    expect(original).toEqual(frozen);
  });

  it('moving past either end changes nothing', () => {
    const original = spec(a, b, c);
    expect(moveStep(original, 0, -1)).toBe(original);
    expect(moveStep(original, 2, 1)).toBe(original);
  });

  it('dropColumn takes the column out of every step and drops it first', () => {
    const formula: StepSpec = { kind: 'formula', name: 'twice', expression: 'x * 2' };
    const dropped = dropColumn(spec(a, b, formula), 'x');
    expect(dropped.steps).toEqual([
      { kind: 'drop', columns: ['x'] },
      // impute read only x: the step goes; scale keeps y.
      { kind: 'scale', columns: ['y'], method: 'standard' },
      formula,
    ]);
    expect(dropsFirst(dropped, 'x')).toBe(true);
    expect(dropsFirst(dropped, 'y')).toBe(false);

    // A second drop joins the leading drop step instead of adding another.
    const again = dropColumn(dropped, 'y');
    expect(again.steps[0]).toEqual({ kind: 'drop', columns: ['x', 'y'] });
    expect(again.steps.filter((s) => s.kind === 'drop')).toHaveLength(1);
    expect(again.steps.some((s) => s.kind === 'scale')).toBe(false);

    // The formula that read x stays, so validation names it rather than it vanishing silently.
    const schema: SchemaColumn[] = [
      { name: 'x', type: 'number' },
      { name: 'y', type: 'number' },
      { name: 'z', type: 'number' },
      { name: 'target', type: 'category' },
    ];
    const problems = validateRecipe(again, schema, 'target');
    expect(problems).toContainEqual(
      expect.objectContaining({ kind: 'missingColumn', column: 'x', step: again.steps.indexOf(formula) }),
    );
  });

  it('interactions keep their step only while two columns are left', () => {
    const inter: StepSpec = { kind: 'interactions', columns: ['x', 'y', 'z'] };
    const one = dropColumn(spec(inter), 'x');
    expect(one.steps[1]).toEqual({ kind: 'interactions', columns: ['y', 'z'] });
    const two = dropColumn(one, 'y');
    expect(two.steps.map((s) => s.kind)).toEqual(['drop']);
  });

  it('pickable offers accepted columns, then listed ones that are not offered', () => {
    const available: SchemaColumn[] = [
      { name: 'n', type: 'number' },
      { name: 'k', type: 'category' },
      { name: 'd', type: 'date' },
    ];
    const scale: StepSpec = { kind: 'scale', columns: ['k', 'gone'], method: 'standard' };
    expect(pickable(scale, available)).toEqual([
      { name: 'n', type: 'number' },
      { name: 'k', type: 'category' },
      { name: 'gone', type: null },
    ]);
    expect(pickable(newStep('dateParts'), available)).toEqual([{ name: 'd', type: 'date' }]);
  });
});
