/**
 * One column followed through the recipe's steps (the Framing preview's charts): which steps show
 * up, its distribution before each, and what each step made of it.
 */
import { describe, expect, it } from 'vitest';
import { fitRecipe, traceRecipe } from '../../../src/core/features/recipe';
import { traceColumnThroughSteps } from '../../../src/core/features/stepTrace';
import type { RecipeSpec } from '../../../src/core/features/types';
import { cat, num, table } from './helpers';

const data = table(
  num('x', [1, 2, 3, 4, null, 6, 7, 8]),
  cat('c', ['a', 'b', 'a', 'c', 'b', 'a', 'a', 'c']),
  num('z', [5, 5, 5, 5, 5, 5, 5, 5]),
  cat('y', ['p', 'q', 'p', 'q', 'p', 'q', 'p', 'q']),
);

const spec: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'impute', columns: ['x'], strategy: 'mean' },
    { kind: 'scale', columns: ['x'], method: 'minmax' },
    { kind: 'oneHot', columns: ['c'] },
    { kind: 'formula', name: 'x2', expression: 'x * 2' },
    { kind: 'scale', columns: ['z'], method: 'standard' },
  ],
};

const fitted = fitRecipe(spec, data, { target: 'y', task: 'classification', seed: 1 });
const trace = traceRecipe(fitted, data);

describe('a column through the steps', () => {
  it('shows only the steps that read or write the column', () => {
    expect(traceColumnThroughSteps(fitted.spec, trace, 'x').map((t) => t.step)).toEqual([0, 1, 3]);
    expect(traceColumnThroughSteps(fitted.spec, trace, 'c').map((t) => t.step)).toEqual([2]);
    expect(traceColumnThroughSteps(fitted.spec, trace, 'nowhere')).toEqual([]);
  });

  it('has the distribution before and after a step that changes the column', () => {
    const [impute, scale] = traceColumnThroughSteps(fitted.spec, trace, 'x');
    expect(impute!.before).toMatchObject({ column: 'x', count: 7, missing: 1 });
    expect(impute!.after).toHaveLength(1);
    expect(impute!.after[0]).toMatchObject({ column: 'x', count: 8, missing: 0 });
    expect(impute!.unchanged).toBe(false);
    expect(scale!.after[0]).toMatchObject({ column: 'x', missing: 0 });
  });

  it('shows a one-hot encoding as one bar chart of its 0/1 columns', () => {
    const [oneHot] = traceColumnThroughSteps(fitted.spec, trace, 'c');
    expect(oneHot!.before).toMatchObject({ column: 'c', count: 8 });
    expect(oneHot!.after).toHaveLength(1);
    const group = oneHot!.after[0]!;
    expect(group.group).toBe(true);
    expect(group.histogram.kind).toBe('bars');
    if (group.histogram.kind !== 'bars') return;
    const counts = Object.fromEntries(group.histogram.labels.map((l, i) => [l, group.histogram.counts[i]]));
    expect(counts).toMatchObject({ a: 4, b: 2, c: 2 });
  });

  it('shows a formula reading the column as the column it makes, the column itself unchanged', () => {
    const formula = traceColumnThroughSteps(fitted.spec, trace, 'x')[2]!;
    expect(formula.after.map((d) => d.column)).toEqual(['x2']);
    expect(formula.before?.column).toBe('x');
  });
});
