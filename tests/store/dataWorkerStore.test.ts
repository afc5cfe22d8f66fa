// The data worker's way of storing a table (workers/data/versions.ts) and of profiling it in a
// profile worker while it is written (workers/data/profiler.ts and profileColumns.ts), run over a
// MessageChannel in Node against fake-indexeddb.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Table } from '../../src/core/table/table';
import { profileTable } from '../../src/core/table/profile';
import type { WorkbenchDb } from '../../src/store/db';
import { saveDatasetVersion } from '../../src/store/datasets';
import { loadTable } from '../../src/store/tableReader';
import type { Dataset } from '../../src/store/records';
import { storeUnlessTwin, type StoreUnlessTwinInput } from '../../workers/data/versions';
import { backgroundProfile, handOffToProfiler, profilerHandlers } from '../../workers/data/profiler';
import { ctx, startProfiler } from './profilerHarness';
import { tableOf } from '../../workers/data/tables';
import { everyTypeTable, expectSameTable, freshDb, newDataset, newProject } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

const dbName = () => db.name;
const IMPORTED = { kind: 'import', from: 'test' } as const;

function input(dataset: Dataset, table: Table, hash: string): StoreUnlessTwinInput {
  return {
    projectId: dataset.projectId,
    table,
    dbName: dbName(),
    version: {
      hash,
      parents: [],
      chunkRows: 64,
      operation: IMPORTED,
    },
    dataset: async () => dataset,
  };
}

describe('storeUnlessTwin', () => {
  it('stores a new version, and returns the earlier twin for the same content', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const onStoring = vi.fn();
    const first = await storeUnlessTwin(db, { ...input(dataset, everyTypeTable(100), 'h1'), onStoring });
    expect(first).toMatchObject({ datasetId: dataset.id, version: 1 });
    expect(first.duplicateOf).toBeUndefined();
    expect(onStoring).toHaveBeenCalledTimes(1);

    const askedForDataset = vi.fn(async () => dataset);
    const twin = await storeUnlessTwin(db, {
      ...input(dataset, everyTypeTable(100), 'h1'),
      onStoring,
      dataset: askedForDataset,
    });
    expect(twin).toEqual({
      versionId: first.versionId,
      datasetId: dataset.id,
      version: 1,
      duplicateOf: { versionId: first.versionId, version: 1, datasetName: dataset.name },
    });
    expect(onStoring).toHaveBeenCalledTimes(1);
    expect(askedForDataset).not.toHaveBeenCalled();
    // The worker keeps the table it wrote: the next request does not read it back.
    expectSameTable(await tableOf(first.versionId, dbName()), everyTypeTable(100));
  });

  it('tells the caller about each column once it is written, in order, inside the save', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const seen: number[] = [];
    await saveDatasetVersion(
      db,
      { dataset, table: everyTypeTable(10), version: { hash: 'h', parents: [], operation: IMPORTED } },
      { onColumnStored: (c) => seen.push(c) },
    );
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('profiling while storing', () => {
  it('moves each written column to the profile worker and gets the table back with its profile', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const profiler = await startProfiler();
    const table = everyTypeTable(1000);
    const expected = everyTypeTable(1000);
    const stored = await storeUnlessTwin(db, {
      ...input(dataset, table, 'h-aside'),
      profiler: handOffToProfiler(table),
    });
    // Moved, not copied: the worker's own arrays are gone until they come back.
    expect(table.columns.every((c) => ('codes' in c ? c.codes : c.values).length === 0)).toBe(true);
    expect(await backgroundProfile(stored.versionId, dbName())).toEqual(profileTable(expected));
    expectSameTable(await tableOf(stored.versionId, dbName()), expected);
    expectSameTable(await loadTable(db, stored.versionId), expected);
    expect(profiler.closed()).toBe(true);
  });

  it('lets the profile worker go when a twin is found, and keeps nothing for the twin', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const first = await storeUnlessTwin(db, input(dataset, everyTypeTable(50), 'h-twin'));
    const profiler = await startProfiler();
    const table = everyTypeTable(50);
    const twin = await storeUnlessTwin(db, {
      ...input(dataset, table, 'h-twin'),
      profiler: handOffToProfiler(table),
    });
    expect(twin.duplicateOf?.versionId).toBe(first.versionId);
    await vi.waitFor(() => expect(profiler.closed()).toBe(true));
    expect(backgroundProfile(first.versionId, dbName())).toBeUndefined();
    expectSameTable(table, everyTypeTable(50));
  });

  it('reads the version back when the profile worker fails before it answers', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    // A port nobody serves: the columns go out and never come back.
    const silent = new MessageChannel();
    await profilerHandlers.useProfiler({ port: silent.port2 }, ctx);
    const table = everyTypeTable(300);
    const stored = await storeUnlessTwin(db, {
      ...input(dataset, table, 'h-lost'),
      profiler: handOffToProfiler(table),
    });
    const profile = backgroundProfile(stored.versionId, dbName());
    const back = tableOf(stored.versionId, dbName());
    // What the page does when the profile worker reports an error.
    await profilerHandlers.useProfiler({ port: null }, ctx);
    await expect(profile).rejects.toThrow('The profile worker stopped.');
    expectSameTable(await back, everyTypeTable(300));
    silent.port1.close();
  });

  it('uses a profile worker for one table only', async () => {
    db = await freshDb();
    await startProfiler();
    const handOff = handOffToProfiler(everyTypeTable(5));
    expect(handOff).toBeDefined();
    expect(handOffToProfiler(everyTypeTable(5))).toBeUndefined();
    handOff?.cancel();
  });
});
