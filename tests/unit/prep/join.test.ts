import { describe, expect, it } from 'vitest';
import {
  MAX_JOIN_ROWS,
  PrepError,
  applyPrepOp,
  validatePrepOp,
  tableSchema,
  type PrepOp,
} from '../../../src/core/prep';
import type { Table } from '../../../src/core/table/table';
import { col, names, rows, snapshot, table } from './helpers';

const orders = (): Table =>
  table(
    {
      order: [1, 2, 3, 4, 5],
      customer: ['c1', 'c2', 'c9', null, 'c1'],
      amount: [10, 20, 30, 40, 50],
    },
    { order: 'integer' },
  );

// Dictionary order differs from the left table's on purpose: codes must not be compared.
const customers = (): Table =>
  table({
    id: ['c2', 'c1', 'c3', null],
    name: ['Bea', 'Ann', 'Cid', 'Nobody'],
    amount: [1, 2, 3, 4],
  });

function join(
  op: Omit<Extract<PrepOp, { kind: 'join' }>, 'kind' | 'rightVersionId'>,
  left = orders(),
  right = customers(),
) {
  const inputs = new Map([['v-right', right]]);
  const before = [snapshot(left), snapshot(right)];
  const r = applyPrepOp({ kind: 'join', rightVersionId: 'v-right', ...op }, left, inputs);
  expect([snapshot(left), snapshot(right)]).toEqual(before);
  return r;
}

describe('join', () => {
  it('inner join matches categorical keys by value across dictionaries; missing keys never match', () => {
    const r = join({ on: [{ left: 'customer', right: 'id' }], how: 'inner', suffix: '_right' });
    expect(names(r.table)).toEqual(['order', 'customer', 'amount', 'name', 'amount_right']);
    expect(rows(r.table)).toEqual([
      [1, 'c1', 10, 'Ann', 2],
      [2, 'c2', 20, 'Bea', 1],
      [5, 'c1', 50, 'Ann', 2],
    ]);
    expect(r.summary).toBe('Inner join on "customer" = "id": 3 of 5 rows matched, 3 rows in the result');
  });

  it('left join keeps unmatched rows with missing right-hand values', () => {
    const r = join({ on: [{ left: 'customer', right: 'id' }], how: 'left', suffix: '_r' });
    expect(col(r.table, 'order')).toEqual([1, 2, 3, 4, 5]);
    expect(col(r.table, 'name')).toEqual(['Ann', 'Bea', null, null, 'Ann']);
    expect(col(r.table, 'amount_r')).toEqual([2, 1, null, null, 2]);
  });

  it('pairs every duplicate key on both sides (many-to-many), left order first', () => {
    const left = table({ k: ['a', 'a', 'b'], l: [1, 2, 3] });
    const right = table({ k: ['a', 'b', 'a'], r: [10, 20, 30] });
    const r = join({ on: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' }, left, right);
    expect(rows(r.table)).toEqual([
      ['a', 1, 10],
      ['a', 1, 30],
      ['a', 2, 10],
      ['a', 2, 30],
      ['b', 3, 20],
    ]);
  });

  it('joins on several keys of different types, integer with number', () => {
    const left = table({ y: [2020, 2020, 2021], m: ['jan', 'feb', 'jan'] }, { y: 'integer' });
    const right = table({ year: [2021, 2020], month: ['jan', 'feb'], sales: [7, 8] });
    const r = join(
      {
        on: [
          { left: 'y', right: 'year' },
          { left: 'm', right: 'month' },
        ],
        how: 'left',
        suffix: '_r',
      },
      left,
      right,
    );
    expect(rows(r.table)).toEqual([
      [2020, 'jan', null],
      [2020, 'feb', 8],
      [2021, 'jan', 7],
    ]);
  });

  it('adds the suffix again when the suffixed name is also taken', () => {
    const left = table({ k: [1], v: [1], v_r: [2] });
    const right = table({ k: [1], v: [3] });
    const r = join({ on: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' }, left, right);
    expect(names(r.table)).toEqual(['k', 'v', 'v_r', 'v_r_r']);
  });

  it('joins on date keys and keeps boolean columns', () => {
    const left = table({ d: ['2020-01-01', '2020-01-02'] }, { d: 'date' });
    const right = table({ d: ['2020-01-02'], hol: [true] }, { d: 'date' });
    const r = join({ on: [{ left: 'd', right: 'd' }], how: 'left', suffix: '_r' }, left, right);
    expect(col(r.table, 'hol')).toEqual([null, true]);
  });

  it('hash-joins 200,000 rows quickly', () => {
    const n = 200_000;
    const left = table({
      k: Array.from({ length: n }, (_, i) => i % 50_000),
      v: Array.from({ length: n }, (_, i) => i),
    });
    const right = table({
      k: Array.from({ length: 50_000 }, (_, i) => i),
      w: Array.from({ length: 50_000 }, (_, i) => -i),
    });
    const t0 = performance.now();
    const r = join({ on: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' }, left, right);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.rowsAfter).toBe(n);
    expect(col(r.table, 'w')[123_457]).toBe(-(123_457 % 50_000));
  });

  it('refuses a join that would explode', () => {
    const n = Math.ceil(Math.sqrt(MAX_JOIN_ROWS)) + 1;
    const same = table({ k: Array.from({ length: n }, () => 1) });
    expect(() => join({ on: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' }, same, same)).toThrow(
      /would produce .* rows .* because many rows share the same key/,
    );
  });

  it('reports unknown keys, mismatched key types, missing suffix and a missing right table', () => {
    const schema = tableSchema(orders());
    const inputs = new Map([['v-right', tableSchema(customers())]]);
    const problems = validatePrepOp(
      {
        kind: 'join',
        rightVersionId: 'v-right',
        on: [
          { left: 'custmer', right: 'ident' },
          { left: 'order', right: 'name' },
        ],
        how: 'inner',
        suffix: '',
      },
      schema,
      inputs,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Column "custmer" is not in the table — did you mean "customer"?',
      'Column "ident" is not in the table to join with — did you mean "id"?',
      'Cannot join "order" (integer) with "name" (category) — keys must hold the same kind of value; cast one of them first.',
      'Both tables have a column "amount" — give a suffix (e.g. "_right") for the joined table\'s copy.',
    ]);
    const missing = validatePrepOp(
      {
        kind: 'join',
        rightVersionId: 'gone',
        on: [{ left: 'order', right: 'id' }],
        how: 'inner',
        suffix: '_r',
      },
      schema,
      inputs,
    );
    expect(missing[0]!.message).toContain('The dataset version "gone" to join with is not available');
    expect(() =>
      applyPrepOp({ kind: 'join', rightVersionId: 'gone', on: [], how: 'inner', suffix: '_r' }, orders()),
    ).toThrow(PrepError);
  });
});

describe('append', () => {
  it('stacks tables by column name, merging dictionaries and widening types', () => {
    const a = table({ n: [1, 2], s: ['x', 'y'] }, { n: 'integer' });
    const b = table({ s: ['z', 'x', null], n: [2.5, null, 4] });
    const r = applyPrepOp({ kind: 'append', otherVersionIds: ['b'] }, a, new Map([['b', b]]));
    expect(names(r.table)).toEqual(['n', 's']);
    expect(rows(r.table)).toEqual([
      [1, 'x'],
      [2, 'y'],
      [2.5, 'z'],
      [null, 'x'],
      [4, null],
    ]);
    expect(r.table.columns[0]!.type).toBe('number');
    const s = r.table.columns[1]!;
    expect('dictionary' in s && s.dictionary).toEqual(['x', 'y', 'z']);
    expect(r.summary).toBe('Appended 1 dataset: 2 → 5 rows');
  });

  it('appends several versions in order', () => {
    const t = (v: number) => table({ v: [v] });
    const r = applyPrepOp(
      { kind: 'append', otherVersionIds: ['b', 'c'] },
      t(1),
      new Map([
        ['b', t(2)],
        ['c', t(3)],
      ]),
    );
    expect(col(r.table, 'v')).toEqual([1, 2, 3]);
  });

  it('lists every differing column and type', () => {
    const a = table({ n: [1], s: ['x'], d: [true] });
    const b = table({ n: ['1'], t: ['x'], d: [false] });
    const problems = validatePrepOp(
      { kind: 'append', otherVersionIds: ['b'] },
      tableSchema(a),
      new Map([['b', tableSchema(b)]]),
    );
    expect(problems.map((p) => [p.column, p.message])).toEqual([
      ['n', 'Column "n" is number here but category in version "b" — cast one of them first.'],
      ['s', 'Version "b" has no column "s".'],
      ['t', 'Version "b" has an extra column "t" — drop or rename it so both have the same columns.'],
    ]);
  });
});
