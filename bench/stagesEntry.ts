// What bench/stages.mjs times: the core calls of the data worker's ingest and profile requests,
// stage by stage, without IndexedDB. Bundled by rolldown for Node and for a Chromium worker.
import type { Table } from '../src/core/table/table';
import { ingestCsv } from '../src/core/table/ingest';
import { FileHasher, hashBytes, hashTable, hashTableFrom } from '../src/core/table/hash';
import { profileTable } from '../src/core/table/profile';
import { encodeColumnChunks, encodeDictionaryPieces, DEFAULT_CHUNK_ROWS } from '../src/store/chunks';
import { createProject, loadTable, openDb, saveDatasetVersion } from '../src/store';
import type { IngestHelper } from '../src/core/table/ingestTypes';

/** Encodes every chunk record saveDatasetVersion would write (without a database). */
function encodeAll(table: Table): number {
  let bytes = 0;
  table.columns.forEach((column, c) => {
    for (const rec of encodeColumnChunks('v', c, column, table.rowCount, DEFAULT_CHUNK_ROWS))
      bytes += rec.data.byteLength;
    for (const piece of encodeDictionaryPieces('v', c, column)) bytes += piece.values.length;
  });
  return bytes;
}

export type StageTimes = Record<string, number[]>;

/**
 * Runs every stage `repeat` times on `file`; wall seconds per stage and run. `around` is
 * awaited before and after each stage, outside the timing: the caller reads CPU counters there.
 */
export async function runStages(
  file: Blob,
  repeat: number,
  around: (label: string, when: 'before' | 'after') => Promise<void> = async () => {},
  /** A helper thread for the two-thread read (the browser run gives one; see ingestSlice.ts). */
  helper?: () => Promise<{ helper: IngestHelper | undefined; release: () => Promise<void> }>,
): Promise<StageTimes> {
  const times: StageTimes = {};
  const time = async <T>(label: string, fn: () => T | Promise<T>): Promise<T> => {
    await around(label, 'before');
    const started = performance.now();
    const value = await fn();
    (times[label] ??= []).push((performance.now() - started) / 1000);
    await around(label, 'after');
    return value;
  };
  for (let k = 0; k < repeat; k++) {
    // As the data worker does: the file hash from the bytes the parse reads.
    const hasher = new FileHasher(file.size);
    const { table } = await time('parse + types', () =>
      ingestCsv(
        file,
        { fileName: 'bench.csv', malformed: 'stop' },
        { onBytes: (bytes, offset) => hasher.update(bytes, offset) },
      ),
    );
    if (helper) {
      // As the data worker does with a profile worker: the helper reads the second part and
      // hashes the file. Timed with the helper's start-up (a worker is created each time).
      const h = await helper();
      const hasher2 = new FileHasher(file.size);
      const split = await time('parse, 2 threads', async () => {
        const r = await ingestCsv(
          file,
          { fileName: 'bench.csv', malformed: 'stop' },
          { helper: h.helper, onBytes: (bytes, offset) => hasher2.update(bytes, offset) },
        );
        // With the file hash, as the one-thread read has it (its digest is timed apart, ~0 s).
        const fileHash = await (r.fileHash ??
          (r.fileBlocks && hasher2.digestWith(r.fileBlocks)) ??
          hasher2.digest());
        return { ...r, fileHash };
      });
      // What is left of the table hash: the first rows were hashed while the helper read.
      const splitHash = await time('hash, 2 threads', () => hashTableFrom(split.table, split.partialHash));
      if (splitHash !== (await hashTable(table))) throw new Error('The two-thread read gave another hash.');
      if (!split.fileHash) throw new Error('The two-thread read gave no file hash.');
      if (split.fileHash !== (await (hasher.digest() ?? hashBytes(file))))
        throw new Error('The two-thread read gave another file hash.');
      if ((await hashTable(split.table)) !== (await hashTable(table)))
        throw new Error('The two-thread read gave another table.');
      // Only now, and given time to end before the next stage's CPU is read: an ended thread's
      // CPU leaves the counters.
      await h.release();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await time('table hash', () => hashTable(table));
    await time('file hash', () => hasher.digest() ?? hashBytes(file));
    await time('chunk encoding', () => encodeAll(table));
    if (typeof indexedDB !== 'undefined') {
      // IndexedDB exists only in the browser run: the real write and read-back of a version.
      const db = await openDb(`bench-stages-${k}`);
      const project = await createProject(db, { name: 'bench', goal: { statement: '', kpis: [] } as never });
      const dataset = { id: `d${k}`, projectId: project.id, name: 'bench', createdAt: Date.now() };
      const version = await time('IndexedDB write', () =>
        saveDatasetVersion(db, {
          dataset,
          table,
          version: { hash: 'h', parents: [], operation: { kind: 'import', from: 'bench' } as never },
        }),
      );
      await time('IndexedDB read', () => loadTable(db, version.id));
      await db.delete();
    }
    await time('profile', () => profileTable(table));
  }
  return times;
}
