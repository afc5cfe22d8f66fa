import { afterEach, describe, expect, it } from 'vitest';
import { isCategoricalColumn, takeRows, type Table } from '../../src/core/table/table';
import type { WorkbenchDb } from '../../src/store/db';
import { deleteDatasetVersion } from '../../src/store/datasets';
import { RecordNotFoundError } from '../../src/store/errors';
import { iterateRowBlocks, type RowBlock } from '../../src/store/tableReader';
import { everyTypeTable, expectSameTable, freshDb, newDataset, newProject, saveIngest } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

async function collect(blocks: AsyncIterable<RowBlock>): Promise<RowBlock[]> {
  const out: RowBlock[] = [];
  for await (const b of blocks) out.push(b);
  return out;
}

describe('iterateRowBlocks', () => {
  it('yields consecutive blocks of chunkRows rows that together are the stored table', async () => {
    db = await freshDb();
    const table = everyTypeTable(10);
    const saved = await saveIngest(db, newDataset(await newProject(db)), table, { chunkRows: 4 });
    const blocks = await collect(iterateRowBlocks(db, saved.id));
    expect(blocks.map((b) => [b.offset, b.table.rowCount])).toEqual([
      [0, 4],
      [4, 4],
      [8, 2],
    ]);
    for (const b of blocks) {
      const rows = Array.from({ length: b.table.rowCount }, (_, i) => b.offset + i);
      expectSameTable(b.table, takeRows(table, rows));
    }
  });

  it('gives every block the full dictionary and only the columns asked for', async () => {
    db = await freshDb();
    const table = everyTypeTable(9);
    const saved = await saveIngest(db, newDataset(await newProject(db)), table, { chunkRows: 3 });
    const blocks = await collect(iterateRowBlocks(db, saved.id, { columns: ['id', 'amount'] }));
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b.table.columns.map((c) => c.name)).toEqual(['id', 'amount']);
      const id = b.table.columns[0]!;
      expect(isCategoricalColumn(id) ? id.dictionary.length : 0).toBe(9);
    }
  });

  it('lets the consumer await other work between blocks', async () => {
    db = await freshDb();
    const table: Table = everyTypeTable(8);
    const saved = await saveIngest(db, newDataset(await newProject(db)), table, { chunkRows: 2 });
    let rows = 0;
    for await (const b of iterateRowBlocks(db, saved.id)) {
      await new Promise((r) => setTimeout(r, 1));
      rows += b.table.rowCount;
    }
    expect(rows).toBe(8);
  });

  it('fails clearly when the version is deleted while being read', async () => {
    db = await freshDb();
    const saved = await saveIngest(db, newDataset(await newProject(db)), everyTypeTable(8), { chunkRows: 2 });
    const it = iterateRowBlocks(db, saved.id);
    await it.next();
    await deleteDatasetVersion(db, saved.id);
    await expect(it.next()).rejects.toThrow(/lost chunk 1.*deleted while being read/);
  });

  it('rejects an unknown version', async () => {
    db = await freshDb();
    await expect(collect(iterateRowBlocks(db, 'missing'))).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
