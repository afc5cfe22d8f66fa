import { beforeAll, describe, expect, it } from 'vitest';
import { checkScoringInput } from '../../../src/core/deploy/inputCheck';
import { fitTransform } from '../../../src/core/features';
import type { FittedRecipe } from '../../../src/core/features/types';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { WITH_ENCODERS } from '../features/fixtures';
import { caseTable } from './trained';

let recipe: FittedRecipe;
let table: Table;
beforeAll(() => {
  table = caseTable(120, 3, 'binary');
  recipe = fitTransform(WITH_ENCODERS, table, { target: 'y', task: 'classification', seed: 1 }).fitted;
});

function without(t: Table, ...names: string[]): Table {
  return { rowCount: t.rowCount, columns: t.columns.filter((c) => !names.includes(c.name)) };
}

describe('checkScoringInput', () => {
  it('passes the training columns, target or not; a column the recipe drops is extra', () => {
    expect(checkScoringInput(recipe, without(table, 'id'))).toEqual({ problems: [], refusal: null });
    expect(checkScoringInput(recipe, without(table, 'y', 'id')).problems).toEqual([]);
    expect(checkScoringInput(recipe, table).problems.map((p) => [p.column, p.kind])).toEqual([
      ['id', 'extra'],
    ]);
  });

  it('refuses missing columns, naming every one', () => {
    const check = checkScoringInput(recipe, without(table, 'colour', 'b', 'id'));
    expect(check.refusal).toMatch(/columns "b", "colour" are missing/);
    expect(check.problems.map((p) => [p.column, p.kind])).toEqual([
      ['b', 'missing'],
      ['colour', 'missing'],
    ]);
  });

  it('reports extra columns, wrong types and unseen categories per column, without refusing', () => {
    const colour = Array.from({ length: table.rowCount }, (_, i) =>
      i < 3 ? 'ultraviolet' : i === 3 ? null : 'red',
    );
    const edited: Table = {
      rowCount: table.rowCount,
      columns: [
        ...without(table, 'colour', 'id').columns,
        categoricalFromStrings('colour', colour),
        categoricalFromStrings('note', colour),
      ],
    };
    const check = checkScoringInput(recipe, edited, new Map([['a', { count: 2 }]]));
    expect(check.refusal).toBeNull();
    expect(check.problems.map((p) => [p.column, p.kind, p.rows])).toEqual([
      ['note', 'extra', undefined],
      ['a', 'wrongType', 2],
      ['colour', 'unseenCategory', 3],
    ]);
    expect(check.problems[2]!.examples).toEqual(['ultraviolet']);
  });
});
