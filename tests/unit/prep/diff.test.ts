import { describe, expect, it } from 'vitest';
import { diffTables } from '../../../src/core/prep';
import { table } from './helpers';

const v1 = () =>
  table(
    {
      id: [1, 2, 3, 4],
      name: ['Ann', 'Bea', 'Cid', 'Dan'],
      score: [10, 20, 30, null],
      note: ['a', 'b', 'c', 'd'],
    },
    { id: 'integer', score: 'integer' },
  );

// id 2 removed, id 5 added, Ann's score changed, Dan's score filled, Cid's name changed;
// "note" dropped, "city" added, "score" became a number; rows in another order.
const v2 = () =>
  table(
    {
      id: [4, 3, 1, 5],
      name: ['Dan', 'Cyd', 'Ann', 'Eve'],
      score: [0, 30, 11.5, 50],
      city: ['x', 'y', 'z', 'w'],
    },
    { id: 'integer', score: 'number' },
  );

describe('diffTables with a key', () => {
  it('reports schema changes, added, removed and changed rows with per-column counts', () => {
    const d = diffTables(v1(), v2(), { key: ['id'] });
    expect(d.mode).toBe('key');
    expect(d.schema).toEqual({
      added: [{ name: 'city', type: 'category' }],
      removed: [{ name: 'note', type: 'category' }],
      typeChanged: [{ name: 'score', from: 'integer', to: 'number' }],
    });
    expect([d.rowsBefore, d.rowsAfter, d.rowsAdded, d.rowsRemoved, d.rowsChanged, d.rowsUnchanged]).toEqual([
      4, 4, 1, 1, 3, 0,
    ]);
    expect(d.comparedColumns).toEqual(['name', 'score']);
    expect(d.changesByColumn).toEqual([
      { column: 'name', changes: 1 },
      { column: 'score', changes: 2 },
    ]);
    expect(d.changedSample).toEqual([
      { key: { id: '1' }, changes: [{ column: 'score', before: '10', after: '11.5' }] },
      { key: { id: '3' }, changes: [{ column: 'name', before: 'Cid', after: 'Cyd' }] },
      { key: { id: '4' }, changes: [{ column: 'score', before: null, after: '0' }] },
    ]);
    expect(d.addedSample).toEqual([{ id: '5', name: 'Eve', score: '50' }]);
    expect(d.removedSample).toEqual([{ id: '2', name: 'Bea', score: '20' }]);
  });

  it('finds nothing between a table and itself', () => {
    const d = diffTables(v1(), v1(), { key: ['id'] });
    expect([d.rowsAdded, d.rowsRemoved, d.rowsChanged, d.rowsUnchanged]).toEqual([0, 0, 0, 4]);
    expect(d.schema).toEqual({ added: [], removed: [], typeChanged: [] });
  });

  it('matches composite and duplicate keys occurrence by occurrence', () => {
    const a = table({ k: ['x', 'x', 'y'], n: [1, 2, 3], v: [1, 1, 1] }, { n: 'integer' });
    const b = table({ k: ['x', 'y', 'x', 'x'], n: [1, 3, 2, 2], v: [1, 1, 9, 1] }, { n: 'integer' });
    const single = diffTables(a, b, { key: ['k'] });
    expect(single.duplicateKeys).toEqual({ before: 1, after: 2 });
    expect([single.rowsAdded, single.rowsChanged]).toEqual([1, 1]);
    const composite = diffTables(a, b, { key: ['k', 'n'] });
    expect([composite.rowsAdded, composite.rowsRemoved, composite.rowsChanged]).toEqual([1, 0, 1]);
    expect(composite.changedSample[0]).toEqual({
      key: { k: 'x', n: '2' },
      changes: [{ column: 'v', before: '1', after: '9' }],
    });
  });

  it('compares categorical values across different dictionaries and a changed type as text', () => {
    const a = table({ id: ['a', 'b'], v: ['p', 'q'] });
    const b = table({ id: ['b', 'a'], v: ['q', 'p'] });
    expect(diffTables(a, b, { key: ['id'] }).rowsChanged).toBe(0);
    const asNumber = table({ id: ['a', 'b'], v: [1, 2] });
    const asText = table({ id: ['a', 'b'], v: ['1', '3'] }, { v: 'text' });
    const d = diffTables(asNumber, asText, { key: ['id'] });
    expect(d.changedSample).toEqual([
      { key: { id: 'b' }, changes: [{ column: 'v', before: '2', after: '3' }] },
    ]);
  });

  it('names a key column that one version lacks', () => {
    expect(() => diffTables(v1(), v2(), { key: ['note'] })).toThrow(
      'Key column "note" is not in the second version — choose key columns both versions have.',
    );
  });
});

describe('diffTables without a key', () => {
  it('counts added and removed rows as a multiset over shared columns', () => {
    const a = table({ x: [1, 1, 2, 3, null], s: ['a', 'a', 'b', 'c', null] });
    const b = table({ s: ['a', 'b', 'b', null, 'd'], x: [1, 2, 2, null, 4], extra: [0, 0, 0, 0, 0] });
    const d = diffTables(a, b);
    expect(d.mode).toBe('rows');
    // a: {1a ×2, 2b, 3c, null}; b: {1a, 2b ×2, null, 4d} → removed 1a, 3c; added 2b, 4d.
    expect([d.rowsAdded, d.rowsRemoved, d.rowsUnchanged]).toEqual([2, 2, 3]);
    expect(d.removedSample).toEqual([
      { x: '1', s: 'a' },
      { x: '3', s: 'c' },
    ]);
    expect(d.addedSample).toEqual([
      { x: '2', s: 'b' },
      { x: '4', s: 'd' },
    ]);
    expect(d.schema.added).toEqual([{ name: 'extra', type: 'number' }]);
  });

  it('ignores row order', () => {
    const a = table({ x: [1, 2, 3] });
    const b = table({ x: [3, 1, 2] });
    expect([diffTables(a, b).rowsAdded, diffTables(a, b).rowsRemoved]).toEqual([0, 0]);
  });

  it('treats every row as changed when no column is shared', () => {
    const d = diffTables(table({ a: [1, 2] }), table({ b: [1] }));
    expect([d.rowsAdded, d.rowsRemoved]).toEqual([1, 2]);
  });

  it('caps the samples at 20 rows', () => {
    const a = table({ x: Array.from({ length: 100 }, (_, i) => i) });
    const b = table({ x: Array.from({ length: 100 }, (_, i) => i + 1000) });
    const d = diffTables(a, b);
    expect([d.rowsAdded, d.addedSample.length, d.removedSample.length]).toEqual([100, 20, 20]);
  });
});
