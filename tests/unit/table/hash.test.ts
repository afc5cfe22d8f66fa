import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_HASH_PLAIN_LIMIT, HASH_BLOCK_ROWS, hashBytes, hashTable } from '../../../src/core/table/hash';
import { ingestCsv } from '../../../src/core/table/ingest';
import {
  categoricalFromStrings,
  takeRows,
  type BooleanColumn,
  type CategoricalColumn,
  type Column,
  type DateColumn,
  type Table,
} from '../../../src/core/table/table';
import { rng, numericFromNumbers } from './helpers';

const x = numericFromNumbers('x', [1, 2.5, null, -0]);
const c = categoricalFromStrings('c', ['a', null, 'b', 'a']);
const f: BooleanColumn = { name: 'f', type: 'boolean', values: Uint8Array.from([1, 0, 255, 1]) };
const d: DateColumn = { name: 'd', type: 'date', values: Float64Array.from([0, 86_400_000, NaN, 0]) };

function base(columns: Column[] = [x, c, f, d]): Table {
  return { rowCount: 4, columns };
}

describe('hashTable', () => {
  it('is a hex SHA-256 and the same for the same content', async () => {
    const h = await hashTable(base());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashTable(base())).toBe(h);
  });

  it('does not depend on dictionary order or unused dictionary entries', async () => {
    const reordered: CategoricalColumn = {
      ...c,
      dictionary: ['unused', 'b', 'a'],
      codes: Int32Array.from([2, -1, 1, 2]),
    };
    expect(await hashTable(base([x, reordered, f, d]))).toBe(await hashTable(base()));
  });

  it('changes with any value, missing vs empty, a name, a type, the column or the row order', async () => {
    const h = await hashTable(base());
    const variants: Table[] = [
      base([numericFromNumbers('x', [1, 2.5, null, 1]), c, f, d]),
      base([numericFromNumbers('x', [1, 2.5, 0, 0]), c, f, d]),
      base([x, categoricalFromStrings('c', ['a', '', 'b', 'a']), f, d]),
      base([x, categoricalFromStrings('c', ['a', null, 'B', 'a']), f, d]),
      base([numericFromNumbers('X', [1, 2.5, null, 0]), c, f, d]),
      base([{ ...x, type: 'integer' }, c, f, d]),
      base([x, { ...c, type: 'text' }, f, d]),
      base([x, c, f, { ...d, type: 'datetime' }]),
      takeRows(base(), [1, 0, 2, 3]),
      base([c, x, f, d]),
    ];
    const hashes = await Promise.all(variants.map(hashTable));
    for (const v of hashes) expect(v).not.toBe(h);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('is the same however the file was sliced, across hash blocks', async () => {
    const random = rng(3);
    const lines = ['n,c,d'];
    for (let i = 0; i < HASH_BLOCK_ROWS + 500; i++) {
      lines.push(
        `${Math.floor(random() * 1000)},k${Math.floor(random() * 30)},2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      );
    }
    const text = lines.join('\n');
    const a = await ingestCsv(text, { fileName: 'a.csv' });
    const b = await ingestCsv(text, { fileName: 'a.csv', chunkBytes: 4099 });
    expect(await hashTable(b.table)).toBe(await hashTable(a.table));
    // The last row lives in the second block: changing it changes the hash.
    const changed = await ingestCsv(text.replace(/\d+(,k\d+,[^\n]+)$/, '99999$1'), { fileName: 'a.csv' });
    expect(await hashTable(changed.table)).not.toBe(await hashTable(a.table));
  });
});

describe('hashBytes', () => {
  it('is plain SHA-256 for ordinary files, the same for Blob and ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await hashBytes(bytes.buffer)).toBe(expected);
    expect(await hashBytes(new Blob([bytes]))).toBe(expected);
  });

  it('uses the documented block scheme above the plain limit', async () => {
    const big = new Uint8Array(FILE_HASH_PLAIN_LIMIT + 10);
    big[5] = 7;
    const h = await hashBytes(new Blob([big]));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashBytes(big.buffer)).toBe(h);
    big[FILE_HASH_PLAIN_LIMIT + 5] = 1;
    expect(await hashBytes(big.buffer)).not.toBe(h);
  });
});
