// Issue 10 item 10: a table of 3,000 narrow columns is stored in a few database round trips
// (one bulkAdd per column made the save take seconds), and still completely and in order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Column, Table } from '../../src/core/table/table';
import type { WorkbenchDb } from '../../src/store/db';
import { saveDatasetVersion } from '../../src/store/datasets';
import { loadTable } from '../../src/store/tableReader';
import { expectSameTable, freshDb, newDataset, newProject } from './helpers';

let db: WorkbenchDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** 3,000 columns × 50 rows: numbers, and text columns (every third) with 5 distinct values. */
function wideTable(columns: number, rows: number): Table {
  const cols: Column[] = Array.from({ length: columns }, (_, c): Column => {
    if (c % 3 === 0) {
      const codes = Int32Array.from({ length: rows }, (_, r) => (r * c) % 5);
      return { name: `c${c}`, type: 'category', codes, dictionary: ['k0', 'k1', 'k2', 'k3', `k4 of ${c}`] };
    }
    return { name: `c${c}`, type: 'number', values: Float64Array.from({ length: rows }, (_, r) => r * c) };
  });
  return { rowCount: rows, columns: cols };
}

describe('saving a wide table', () => {
  it('writes 3,000 columns in a few bulkAdds and reads every column back', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const chunkAdds = vi.spyOn(db.columnChunks, 'bulkAdd');
    const pieceAdds = vi.spyOn(db.dictionaries, 'bulkAdd');
    const seen: number[] = [];
    const version = await saveDatasetVersion(
      db,
      {
        dataset,
        table: wideTable(3000, 50),
        version: { hash: 'wide', parents: [], operation: { kind: 'import', from: 'test' } },
      },
      { onColumnStored: (c) => seen.push(c) },
    );
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, c) => c));
    // 3,000 chunks and 1,000 dictionary pieces, at most 512 records a batch: 8 batches.
    expect(chunkAdds.mock.calls.length).toBeLessThanOrEqual(8);
    expect(pieceAdds.mock.calls.length).toBeLessThanOrEqual(8);
    expect(await db.columnChunks.count()).toBe(3000);
    expectSameTable(await loadTable(db, version.id), wideTable(3000, 50));
  });

  it('still splits a long column into batches of at most 512 records', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const chunkAdds = vi.spyOn(db.columnChunks, 'bulkAdd');
    const rows = 60_000;
    const table: Table = {
      rowCount: rows,
      columns: [{ name: 'x', type: 'number', values: Float64Array.from({ length: rows }, (_, i) => i) }],
    };
    const version = await saveDatasetVersion(db, {
      dataset,
      table,
      version: { hash: 'tall', parents: [], operation: { kind: 'import', from: 'test' }, chunkRows: 100 },
    });
    expect(chunkAdds.mock.calls.map((call) => call[0].length)).toEqual([512, 88]);
    expectSameTable(await loadTable(db, version.id), table);
  });
});
