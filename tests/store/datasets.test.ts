import { afterEach, describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table';
import type { WorkbenchDb } from '../../src/store/db';
import {
  deleteDatasetVersion,
  findVersionByHash,
  getVersion,
  listDatasets,
  listProjectVersions,
  listVersions,
  saveDatasetVersion,
} from '../../src/store/datasets';
import { DatasetInUseError, RecordNotFoundError, StorageFullError } from '../../src/store/errors';
import { deleteModelVersion } from '../../src/store/registry';
import { loadTable } from '../../src/store/tableReader';
import {
  countAll,
  everyTypeTable,
  expectSameTable,
  freshDb,
  newDataset,
  newProject,
  saveIngest,
  saveModel,
} from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

describe('saving and loading a dataset version', () => {
  it.each([
    ['several chunks with a short last one', 10, 4],
    ['an exact multiple of the chunk size', 12, 4],
    ['one row per chunk', 5, 1],
    ['fewer rows than one chunk', 3, 100],
    ['no rows at all', 0, 4],
  ])('round-trips every column type with missing values: %s', async (_label, rows, chunkRows) => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const table = everyTypeTable(rows);
    const saved = await saveIngest(db, dataset, table, { chunkRows });
    expect(saved.rowCount).toBe(rows);
    expect(saved.schema.map((c) => c.type)).toEqual(table.columns.map((c) => c.type));
    expectSameTable(await loadTable(db, saved.id), table);
  });

  it('keeps the texts of a yes/no column through saving and loading', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const table: Table = {
      rowCount: 3,
      columns: [
        {
          name: 'churn',
          type: 'boolean',
          values: Uint8Array.from([1, 0, 255]),
          labels: { false: 'no', true: 'yes' },
        },
        { name: 'plain', type: 'boolean', values: Uint8Array.from([1, 0, 1]) },
      ],
    };
    const saved = await saveIngest(db, dataset, table, { chunkRows: 2 });
    expect(saved.schema[0]!.labels).toEqual({ false: 'no', true: 'yes' });
    expect(saved.schema[1]).toEqual({ name: 'plain', type: 'boolean' });
    const [churn, plain] = (await loadTable(db, saved.id)).columns;
    expect(churn!.type === 'boolean' && churn!.labels).toEqual({ false: 'no', true: 'yes' });
    expect(plain!.type === 'boolean' && plain!.labels).toBeUndefined();
  });

  it('stores each chunk as an exact copy, never the whole column buffer behind a view', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    // A table whose columns are views into one larger buffer, as a parser's output may be.
    const backing = new Float64Array(100).map((_, i) => i);
    const table: Table = {
      rowCount: 10,
      columns: [{ name: 'x', type: 'number', values: backing.subarray(40, 50) }],
    };
    const saved = await saveIngest(db, dataset, table, { chunkRows: 4 });
    const chunks = await db.columnChunks.where('versionId').equals(saved.id).toArray();
    expect(chunks.map((c) => c.data.byteLength)).toEqual([32, 32, 16]);
    const loaded = await loadTable(db, saved.id);
    const col = loaded.columns[0]!;
    expect(col.type === 'number' ? Array.from(col.values) : []).toEqual(
      Array.from({ length: 10 }, (_, i) => 40 + i),
    );
  });

  it('loads only the requested columns, in the requested order, and reports progress', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const table = everyTypeTable(10);
    const saved = await saveIngest(db, dataset, table, { chunkRows: 4 });
    const progress: number[] = [];
    const loaded = await loadTable(db, saved.id, {
      columns: ['species', 'amount'],
      onProgress: (p) => progress.push(p.chunksLoaded / p.chunkCount),
    });
    expectSameTable(loaded, { rowCount: 10, columns: [table.columns[5]!, table.columns[0]!] });
    expect(progress).toEqual([0.5, 1]);
  });

  it('names the missing column and the columns that exist when asked for an unknown one', async () => {
    db = await freshDb();
    const saved = await saveIngest(db, newDataset(await newProject(db)), everyTypeTable(3));
    await expect(loadTable(db, saved.id, { columns: ['weight'] })).rejects.toThrow(
      /Column "weight" is not in version 1.*"amount", "count"/,
    );
  });

  it('splits a large dictionary into pieces and reassembles it in order', async () => {
    db = await freshDb();
    const rows = 70_000;
    const codes = Int32Array.from({ length: rows }, (_, i) => rows - 1 - i);
    const dictionary = Array.from({ length: rows }, (_, i) => `customer-${i}`);
    const table: Table = {
      rowCount: rows,
      columns: [{ name: 'customer', type: 'identifier', codes, dictionary }],
    };
    const saved = await saveIngest(db, newDataset(await newProject(db)), table, { chunkRows: 16_384 });
    expect(await db.dictionaries.where('versionId').equals(saved.id).count()).toBe(2);
    expectSameTable(await loadTable(db, saved.id), table);
  });

  it('reports a version whose chunks are missing as damaged instead of shifting rows', async () => {
    db = await freshDb();
    const saved = await saveIngest(db, newDataset(await newProject(db)), everyTypeTable(10), {
      chunkRows: 4,
    });
    await db.columnChunks.delete([saved.id, 2, 1]);
    await expect(loadTable(db, saved.id)).rejects.toThrow(
      /Column "active" .* damaged .*chunk 1 of 3 is missing/,
    );
  });
});

describe('a failed save leaves nothing behind', () => {
  async function withExistingVersion() {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const first = await saveIngest(db, dataset, everyTypeTable(6), { chunkRows: 4 });
    return { dataset, first, before: await countAll(db) };
  }

  it('when a chunk write throws part way', async () => {
    const { dataset, first, before } = await withExistingVersion();
    let writes = 0;
    db.columnChunks.hook('creating', () => {
      if (++writes === 7) throw new Error('disk on fire');
    });
    await expect(saveIngest(db, dataset, everyTypeTable(20), { chunkRows: 4 })).rejects.toThrow(
      'disk on fire',
    );
    expect(writes).toBe(7);
    expect(await countAll(db)).toEqual(before);
    expectSameTable(await loadTable(db, first.id), everyTypeTable(6));
  });

  it('when a value cannot be stored (a dictionary entry that is not a string)', async () => {
    const { dataset, before } = await withExistingVersion();
    const notCloneable: unknown = () => 'x';
    const table: Table = {
      rowCount: 9,
      columns: [
        { name: 'n', type: 'number', values: new Float64Array(9) },
        { name: 'c', type: 'category', codes: new Int32Array(9), dictionary: ['a', notCloneable as string] },
      ],
    };
    await expect(saveIngest(db, dataset, table, { chunkRows: 2 })).rejects.toThrow(/could not be cloned/);
    expect(await countAll(db)).toEqual(before);
  });

  it('when a brand-new dataset fails, the dataset record is not kept either', async () => {
    db = await freshDb();
    const project = await newProject(db);
    db.dictionaries.hook('creating', () => {
      throw new Error('no');
    });
    await expect(saveIngest(db, newDataset(project), everyTypeTable(5))).rejects.toThrow('no');
    expect(await listDatasets(db, project.id)).toEqual([]);
    expect(await db.columnChunks.count()).toBe(0);
  });

  it('maps a quota error wrapped by Dexie to StorageFullError saying how much was needed', async () => {
    const { dataset, before } = await withExistingVersion();
    let writes = 0;
    db.columnChunks.hook('creating', () => {
      if (++writes === 5) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failure = await saveIngest(db, dataset, everyTypeTable(20), { chunkRows: 4 }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as StorageFullError).bytesNeeded).toBeGreaterThan(20 * 8);
    expect((failure as Error).message).toMatch(
      /Not enough browser storage .*penguins\.csv.*Nothing was saved/,
    );
    expect(await countAll(db)).toEqual(before);
  });

  it('refuses up front when the browser reports too little free space', async () => {
    const { dataset, before } = await withExistingVersion();
    const attempt = saveDatasetVersion(
      db,
      {
        dataset,
        table: everyTypeTable(1000),
        version: { hash: 'h', parents: [], operation: { kind: 'import', from: 'test' } },
      },
      { estimate: async () => ({ usage: 9_900, quota: 10_000 }) },
    );
    await expect(attempt).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof StorageFullError && e.bytesAvailable === 100 && /about 100 bytes free/.test(e.message),
    );
    expect(await countAll(db)).toEqual(before);
  });

  it('refuses a table whose columns disagree on the row count, naming the column', async () => {
    db = await freshDb();
    const table: Table = {
      rowCount: 3,
      columns: [{ name: 'short', type: 'number', values: new Float64Array(2) }],
    };
    await expect(saveIngest(db, newDataset(await newProject(db)), table)).rejects.toThrow(
      /"short" has 2 values/,
    );
    expect(await db.datasetVersions.count()).toBe(0);
  });

  it('refuses a parent version that does not exist', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    await expect(saveIngest(db, dataset, everyTypeTable(2), { parents: ['nope'] })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    expect(await db.datasets.count()).toBe(0);
  });
});

describe('versions', () => {
  it('numbers versions 1, 2, 3 per dataset, independently for each dataset', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const a = newDataset(project, 'a.csv');
    const b = newDataset(project, 'b.csv');
    const a1 = await saveIngest(db, a, everyTypeTable(2));
    const b1 = await saveIngest(db, b, everyTypeTable(2));
    const a2 = await saveIngest(db, a, everyTypeTable(3), { parents: [a1.id] });
    const a3 = await saveIngest(db, a, everyTypeTable(4), { parents: [a2.id] });
    expect([a1.version, a2.version, a3.version, b1.version]).toEqual([1, 2, 3, 1]);
    expect((await listVersions(db, a.id)).map((v) => [v.version, v.parents])).toEqual([
      [1, []],
      [2, [a1.id]],
      [3, [a2.id]],
    ]);
    expect((await listDatasets(db, project.id)).map((d) => d.name)).toEqual(['a.csv', 'b.csv']);
    expect((await listProjectVersions(db, project.id)).length).toBe(4);
    expect(await getVersion(db, a2.id)).toEqual(a2);
  });

  it('finds a version by content hash within the project only', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const other = await newProject(db, 'Other');
    const v1 = await saveIngest(db, newDataset(project), everyTypeTable(2), { hash: 'abc', fileHash: 'f1' });
    await saveIngest(db, newDataset(project), everyTypeTable(2), { hash: 'abc', fileHash: 'f2' });
    expect((await findVersionByHash(db, project.id, 'abc'))?.id).toBe(v1.id);
    expect(await findVersionByHash(db, project.id, 'abd')).toBeUndefined();
    expect(await findVersionByHash(db, other.id, 'abc')).toBeUndefined();
  });
});

describe('deleting', () => {
  it('refuses to delete a version a model was trained on, naming the model, and deletes nothing', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const version = await saveIngest(db, dataset, everyTypeTable(10));
    const model = await saveModel(db, version, 'churn');
    const before = await countAll(db);
    const failure = await deleteDatasetVersion(db, version.id).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DatasetInUseError);
    expect((failure as Error).message).toMatch(
      /Version 1 of dataset "penguins.csv" cannot be deleted.*"churn v1"/,
    );
    expect(await countAll(db)).toEqual(before);

    await deleteModelVersion(db, model.id, { who: 'b1' });
    await deleteDatasetVersion(db, version.id);
    expect(await getVersion(db, version.id)).toBeUndefined();
    expect(await db.columnChunks.count()).toBe(0);
    expect(await db.dictionaries.count()).toBe(0);
  });

  it('removes only the deleted version’s chunks and dictionaries', async () => {
    db = await freshDb();
    const dataset = newDataset(await newProject(db));
    const keep = await saveIngest(db, dataset, everyTypeTable(9));
    const drop = await saveIngest(db, dataset, everyTypeTable(7));
    await deleteDatasetVersion(db, drop.id);
    expect(await db.columnChunks.where('versionId').equals(drop.id).count()).toBe(0);
    expect(await db.dictionaries.where('versionId').equals(drop.id).count()).toBe(0);
    expectSameTable(await loadTable(db, keep.id), everyTypeTable(9));
    await expect(deleteDatasetVersion(db, drop.id)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(loadTable(db, drop.id)).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
