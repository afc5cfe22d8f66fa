import { describe, expect, it } from 'vitest';
import { HASH_BLOCK_ROWS, TableHasher, hashTable, type ColumnPart } from '../../../src/core/table/hash';
import {
  MISSING_BOOL,
  MISSING_CODE,
  isCategoricalColumn,
  type Column,
  type Table,
} from '../../../src/core/table/table';
import { rng } from './helpers';

function table(rows: number, seed: number): Table {
  const random = rng(seed);
  const num = new Float64Array(rows);
  const bool = new Uint8Array(rows);
  const codes = new Int32Array(rows);
  const words = new Uint32Array(num.buffer);
  for (let i = 0; i < rows; i++) {
    const r = random();
    num[i] = r < 0.05 ? NaN : r < 0.1 ? -0 : (r - 0.5) * 1e9;
    if (r > 0.99) {
      // A NaN of another payload hashes as the one canonical NaN, in place or copied.
      words[2 * i] = 0x1234;
      words[2 * i + 1] = 0xfff00001;
    }
    bool[i] = r < 0.05 ? MISSING_BOOL : r < 0.5 ? 1 : 0;
    codes[i] = r < 0.05 ? MISSING_CODE : Math.floor(r * 5);
  }
  const columns: Column[] = [
    { name: 'num', type: 'number', values: num },
    { name: 'flag', type: 'boolean', values: bool },
    { name: 'city', type: 'category', codes, dictionary: ['Zürich', '', 'a,b', '東京', 'x'] },
    { name: 'when', type: 'date', values: num.map((v) => (Number.isNaN(v) ? v : Math.round(v))) },
  ];
  return { rowCount: rows, columns };
}

/** Feeds `t` to a TableHasher in pieces of the given sizes (cycled), columns interleaved. */
async function hashInPieces(t: Table, sizes: readonly number[]): Promise<string> {
  const hasher = new TableHasher(t.rowCount, t.columns);
  const fed = t.columns.map(() => 0);
  let turn = 0;
  while (fed.some((n) => n < t.rowCount)) {
    for (const [index, col] of t.columns.entries()) {
      const start = fed[index]!;
      if (start >= t.rowCount) continue;
      const end = Math.min(t.rowCount, start + sizes[turn++ % sizes.length]!);
      const array: ColumnPart = isCategoricalColumn(col) ? col.codes : col.values;
      // A copy, as a chunk read from storage or an archive is: its own buffer.
      const part = array.slice(start, end);
      if (isCategoricalColumn(col)) await hasher.push(index, start, part, col.dictionary);
      else await hasher.push(index, start, part);
      fed[index] = end;
    }
  }
  return hasher.digest();
}

describe('TableHasher: hashTable computed piece by piece', () => {
  const rows = 2 * HASH_BLOCK_ROWS + 17;
  const pieces: [string, number[]][] = [
    ['stored chunks (131,072 rows)', [131_072]],
    ['pieces that split blocks', [1, 65_535, 3, 70_000, 12_345]],
    ['one row at a time then large', [1, 1, 1, 200_000]],
    ['exact blocks', [HASH_BLOCK_ROWS]],
  ];
  for (const [label, sizes] of pieces) {
    it(`gives hashTable's hash for ${label}`, async () => {
      const t = table(rows, 5);
      expect(await hashInPieces(t, sizes)).toBe(await hashTable(t));
    });
  }

  it('gives the same hash for an empty table and a one-row table', async () => {
    for (const n of [0, 1]) {
      const t = table(n, 9);
      expect(await hashInPieces(t, [7])).toBe(await hashTable(t));
    }
  });

  it('tells a changed value apart, and refuses rows out of order, too many or too few', async () => {
    const t = table(1000, 3);
    const changed = table(1000, 3);
    (changed.columns[0] as { values: Float64Array }).values[999] = 1;
    expect(await hashInPieces(changed, [300])).not.toBe(await hashTable(t));

    const hasher = new TableHasher(10, [{ name: 'x', type: 'number' }]);
    await expect(hasher.push(0, 5, new Float64Array(5))).rejects.toThrow(/out of order/);
    await hasher.push(0, 0, new Float64Array(6));
    await expect(hasher.push(0, 6, new Float64Array(5))).rejects.toThrow(/more than 10 rows/);
    await expect(hasher.digest()).rejects.toThrow(/has 6 of 10 rows/);
    const codes = new TableHasher(1, [{ name: 'c', type: 'category' }]);
    await expect(codes.push(0, 0, new Int32Array(1))).rejects.toThrow(/dictionary/);
  });
});
