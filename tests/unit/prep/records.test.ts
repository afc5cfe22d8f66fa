import { describe, expect, it } from 'vitest';
import {
  PREP_OP_KINDS,
  applyPrepOp,
  parsePrepOp,
  type PrepOp,
  type PrepResult,
} from '../../../src/core/prep';
import type { Table } from '../../../src/core/table/table';
import { rows, snapshot, table } from './helpers';

const base = (): Table =>
  table(
    {
      id: [1, 2, 3, 4, 5, 6],
      species: ['Adelie', 'Gentoo', 'Adelie', null, 'Gentoo', 'Adelie'],
      mass: [3750, 5000, null, 3200, 9000, 3750],
      sex: ['m', 'f', 'f', 'm', 'f', 'm'],
    },
    { id: 'integer', mass: 'integer' },
  );
const other = (): Table =>
  table({ id: [7], species: ['Chinstrap'], mass: [3600], sex: ['f'] }, { id: 'integer', mass: 'integer' });
const lookup = (): Table => table({ species: ['Adelie', 'Gentoo'], habitat: ['coast', 'ice'] });

/** One record of every kind, in an order that replays cleanly. */
const pipeline: PrepOp[] = [
  { kind: 'append', otherVersionIds: ['v-other'] },
  { kind: 'cast', column: 'sex', to: 'text' },
  { kind: 'fillMissing', column: 'species', strategy: 'constant', value: 'unknown' },
  { kind: 'fillMissing', column: 'mass', strategy: 'median' },
  { kind: 'outliers', column: 'mass', method: 'iqr', k: 1.5, action: 'clip' },
  { kind: 'dedupe', columns: ['species', 'mass'], keep: 'last' },
  { kind: 'derive', name: 'kg', expression: 'round(mass / 1000, 1)' },
  { kind: 'filter', expression: "species != 'unknown'" },
  {
    kind: 'join',
    rightVersionId: 'v-lookup',
    on: [{ left: 'species', right: 'species' }],
    how: 'left',
    suffix: '_r',
  },
  { kind: 'renameColumns', renames: [{ from: 'kg', to: 'mass_kg' }] },
  { kind: 'dropMissing', columns: ['habitat'] },
  { kind: 'selectColumns', columns: ['id', 'species', 'mass_kg', 'habitat', 'sex'] },
  { kind: 'dropColumns', columns: ['sex'] },
];

/** The steps applied in order, each to the last one's result, as a Prepare history builds them. */
function replayPrepOps(
  ops: readonly PrepOp[],
  start: Table,
  inputs: ReadonlyMap<string, Table>,
): { table: Table; results: PrepResult[] } {
  const results: PrepResult[] = [];
  let current = start;
  for (const op of ops) {
    const r = applyPrepOp(op, current, inputs);
    results.push(r);
    current = r.table;
  }
  return { table: current, results };
}

const inputs = (): Map<string, Table> =>
  new Map([
    ['v-other', other()],
    ['v-lookup', lookup()],
  ]);

describe('prep records', () => {
  it('cover every kind', () => {
    expect(new Set(pipeline.map((op) => op.kind))).toEqual(new Set(PREP_OP_KINDS));
  });

  it('survive a JSON round trip and replay to the same table', () => {
    const first = replayPrepOps(pipeline, base(), inputs());
    const stored = JSON.parse(JSON.stringify(pipeline)) as unknown[];
    const parsed = stored.map(parsePrepOp);
    expect(parsed).toEqual(pipeline);
    const input = base();
    const before = snapshot(input);
    const second = replayPrepOps(parsed, input, inputs());
    expect(snapshot(input)).toEqual(before);
    expect(snapshot(second.table)).toEqual(snapshot(first.table));
    expect(second.results.map((r) => r.summary)).toEqual(first.results.map((r) => r.summary));
    // Hand-checked: the missing mass becomes the median 3750; quartiles 3675 and 4375 put the upper
    // fence at 5425, so 9000 is clipped; (Adelie, 3750) rows 1, 3, 6 reduce to the last; the unknown
    // species is filtered out; Chinstrap has no habitat and is dropped.
    expect(rows(first.table)).toEqual([
      [2, 'Gentoo', 5, 'ice'],
      [5, 'Gentoo', 5.4, 'ice'],
      [6, 'Adelie', 3.8, 'coast'],
    ]);
  });

  it('chains row counts through the results', () => {
    const { results } = replayPrepOps(pipeline, base(), inputs());
    for (let i = 1; i < results.length; i++) expect(results[i]!.rowsBefore).toBe(results[i - 1]!.rowsAfter);
    expect(results[0]!.rowsBefore).toBe(6);
  });

  it('rejects malformed records naming the field', () => {
    expect(() => parsePrepOp(null)).toThrow('must be an object');
    expect(() => parsePrepOp({ kind: 'explode' })).toThrow('"kind" must be one of filter, dropColumns');
    expect(() => parsePrepOp({ kind: 'filter' })).toThrow(
      'Preparation step "filter" is malformed: "expression" must be text.',
    );
    expect(() => parsePrepOp({ kind: 'dedupe', keep: 'middle' })).toThrow(
      '"keep" must be one of first, last',
    );
    expect(() =>
      parsePrepOp({ kind: 'join', rightVersionId: 'x', on: [{ left: 'a' }], how: 'inner', suffix: '' }),
    ).toThrow('"right" must be text');
    expect(() => parsePrepOp({ kind: 'fillMissing', column: 'a', strategy: 'mean', value: {} })).toThrow(
      '"value" must be a number',
    );
  });

  it('drops unknown fields so stored records cannot smuggle data', () => {
    expect(parsePrepOp({ kind: 'filter', expression: 'a > 1', __proto__: { x: 1 }, extra: 2 })).toEqual({
      kind: 'filter',
      expression: 'a > 1',
    });
  });

  it('handles a table without rows', () => {
    const empty = table({ a: [] as number[], s: [] as string[] }, { a: 'number', s: 'category' });
    for (const op of [
      { kind: 'filter', expression: 'a > 1' },
      { kind: 'dedupe', keep: 'first' },
      { kind: 'dropMissing' },
      { kind: 'derive', name: 'b', expression: 'a * 2' },
      { kind: 'outliers', column: 'a', method: 'zscore', k: 3, action: 'remove' },
    ] satisfies PrepOp[]) {
      expect(applyPrepOp(op, empty).rowsAfter).toBe(0);
    }
  });
});
