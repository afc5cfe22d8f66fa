import { describe, expect, it } from 'vitest';
import { HASH_BLOCK_ROWS, hashTable } from '../../../src/core/table/hash';
import { MISSING_BOOL, MISSING_CODE, type Column, type Table } from '../../../src/core/table/table';
import { rng } from './helpers';

/**
 * Stored dataset versions carry hashTable's output: a faster implementation must give the same
 * hex for the same table, or every stored version would look new. These values were computed
 * by the first (byte-by-byte) implementation of the lwb-table/1 encoding.
 */
function pinnedTable(rows: number): Table {
  const random = rng(11);
  const num = new Float64Array(rows);
  const date = new Float64Array(rows);
  const bool = new Uint8Array(rows);
  const codes = new Int32Array(rows);
  const nanWords = new Uint32Array(num.buffer);
  for (let i = 0; i < rows; i++) {
    const r = random();
    num[i] = r < 0.05 ? NaN : r < 0.1 ? -0 : r < 0.15 ? Math.floor(r * 1e6) : (r - 0.5) * 1e9;
    // A NaN with an unusual payload must hash like any other NaN.
    if (r > 0.99) {
      nanWords[2 * i] = 0x1234;
      nanWords[2 * i + 1] = 0xfff00001;
    }
    date[i] = r < 0.05 ? NaN : 1_600_000_000_000 + Math.floor(r * 1e4) * 86_400_000;
    bool[i] = r < 0.05 ? MISSING_BOOL : r < 0.5 ? 1 : 0;
    codes[i] = r < 0.05 ? MISSING_CODE : Math.floor(r * 6);
  }
  const columns: Column[] = [
    { name: 'num', type: 'number', values: num },
    { name: 'when', type: 'date', values: date },
    { name: 'flag', type: 'boolean', values: bool },
    { name: 'city', type: 'category', codes, dictionary: ['Zürich', '', 'Kraków', 'a,b', '東京', 'x'] },
  ];
  return { rowCount: rows, columns };
}

describe('hashTable output is stable', () => {
  it('matches the pinned hash of a small table', async () => {
    expect(await hashTable(pinnedTable(1000))).toBe(
      '6e0f74aa7058b7fdfe3ca5bd02599d658a56f8cc7c310a1b946ee9b966b8184c',
    );
  });

  it('matches the pinned hash of a table spanning several hash blocks', async () => {
    expect(await hashTable(pinnedTable(2 * HASH_BLOCK_ROWS + 17))).toBe(
      '2d3291587599aea7f8564fa82ed125f3ecc5288f6720f25b7d4c186c8b8a63c9',
    );
  });

  it('matches the pinned hash of an empty table', async () => {
    expect(await hashTable(pinnedTable(0))).toBe(
      'eae170253d93607952217b118d77ff07a3244e1b2bc7ef74012632bac6904c27',
    );
  });
});
