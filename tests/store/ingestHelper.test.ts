// The profile worker as an ingest helper (workers/data/readSlice.ts, profiler.ts ingestHelper):
// over a MessageChannel in Node it reads the second part of a file and hashes the whole file,
// and then still profiles the stored table as before.
import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../src/core/table/ingest';
import { FileHasher, hashBytes, hashTable, hashTableFrom } from '../../src/core/table/hash';
import { profileTable } from '../../src/core/table/profile';
import {
  backgroundProfile,
  handOffToProfiler,
  ingestHelper,
  profilerHandlers,
} from '../../workers/data/profiler';
import { ctx, startProfiler } from './profilerHarness';

function csv(n: number): Blob {
  const lines = ['id,x,color,when,note'];
  for (let i = 0; i < n; i++) {
    const note = i % 97 === 0 ? `"two\nlines ${i}"` : `n${i % 13}`;
    lines.push(`${i},${(i * 0.37) % 50},${['red', 'blue', 'green'][i % 3]},2024-01-${1 + (i % 28)},${note}`);
  }
  return new Blob([`${lines.join('\n')}\n`]);
}

describe('the profile worker as an ingest helper', () => {
  it('reads the second part and hashes the file; the table is the one read alone', async () => {
    const file = csv(20_000);
    const alone = await ingestCsv(file, { fileName: 'f.csv', chunkBytes: 8192 });
    const profiler = await startProfiler();
    const helper = ingestHelper()!;
    helper.minBytes = 1;
    const split = await ingestCsv(file, { fileName: 'f.csv', chunkBytes: 8192 }, { helper });
    expect(split.fileHash).toBe(await hashBytes(file));
    expect(await hashTable(split.table)).toBe(await hashTable(alone.table));
    expect(split.columns).toEqual(alone.columns);
    expect(split.warnings).toEqual(alone.warnings);
    // The same worker then profiles the table as it is stored.
    const expected = profileTable(split.table);
    const handOff = handOffToProfiler(split.table)!;
    split.table.columns.forEach((_, c) => handOff.columnStored(c));
    handOff.stored('v1');
    expect(await backgroundProfile('v1')).toEqual(expected);
    expect(profiler.closed()).toBe(true);
  });

  it('hashes a file above the plain limit by blocks across the two threads', async () => {
    // 70 MB: the data worker hashes the blocks before the slice, the helper the rest.
    const line = '12345,67.5,red,2024-01-02,some words here\n';
    const file = new Blob([
      'id,x,color,when,note\n',
      line.repeat(Math.ceil((70 * 1024 * 1024) / line.length)),
    ]);
    await startProfiler();
    const helper = ingestHelper()!;
    const hasher = new FileHasher(file.size);
    const split = await ingestCsv(
      file,
      { fileName: 'big.csv' },
      { helper, onBytes: (bytes, offset) => hasher.update(bytes, offset) },
    );
    expect(split.fileBlocks).toBeDefined();
    expect(split.table.rowCount).toBe(Math.ceil((70 * 1024 * 1024) / line.length));
    expect(await hasher.digestWith(split.fileBlocks!)).toBe(await hashBytes(file));
    // Its first rows were hashed while the helper read: the same content hash.
    expect(split.partialHash?.rows).toBeGreaterThan(0);
    expect(await hashTableFrom(split.table, split.partialHash)).toBe(await hashTable(split.table));
    await profilerHandlers.useProfiler({ port: null }, ctx);
  }, 60_000);

  it('stops reading when the ingest is cancelled, and the worker still serves the next table', async () => {
    const profiler = await startProfiler();
    const helper = ingestHelper()!;
    helper.minBytes = 1;
    const controller = new AbortController();
    const read = ingestCsv(
      csv(20_000),
      { fileName: 'f.csv', chunkBytes: 8192 },
      {
        helper,
        signal: controller.signal,
        onChunk: (p) => void (p.bytesRead > 300_000 && controller.abort()),
      },
    );
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    const table = (await ingestCsv(csv(100), { fileName: 'g.csv' })).table;
    const expected = profileTable(table);
    const handOff = handOffToProfiler(table)!;
    table.columns.forEach((_, c) => handOff.columnStored(c));
    handOff.stored('v2');
    expect(await backgroundProfile('v2')).toEqual(expected);
    expect(profiler.closed()).toBe(true);
  });
});
