/**
 * Datasets and their immutable versions: saving a Table as a version (all or nothing), finding
 * versions, and deleting them unless a model depends on them. Reading tables back is in
 * tableReader.ts.
 */
import { assertValidTable, isBooleanColumn, type Table } from '../core/table/table';
import { freeBuffer } from '../core/table/freeBuffer';
import type { ColumnChunkRecord, DictionaryPieceRecord, WorkbenchDb } from './db';
import {
  DEFAULT_CHUNK_ROWS,
  encodeColumnChunks,
  encodeDictionaryPieces,
  estimateStoredBytes,
} from './chunks';
import { DatasetInUseError, RecordNotFoundError, StorageFullError, isQuotaError } from './errors';
import { byCreation, newId } from './ids';
import { assertStorageRoom, type EstimateStorage } from './quota';
import type { Dataset, DatasetOperation, DatasetVersion } from './records';

/** What the caller says about a new version; the store derives the rest from the table. */
export interface NewDatasetVersion {
  /** SHA-256 hex of the table's canonical encoding. */
  hash: string;
  parents: string[];
  operation: DatasetOperation;
  note?: string;
  /** Rows per stored chunk (default DEFAULT_CHUNK_ROWS). Tests use small values. */
  chunkRows?: number;
}

export interface SaveDatasetVersionInput {
  /** An existing dataset (by id) or a new one, created in the same transaction. */
  dataset: Dataset;
  version: NewDatasetVersion;
  table: Table;
}

export interface SaveOptions {
  /** Free-space source for the up-front check (default: navigator.storage.estimate). */
  estimate?: EstimateStorage;
  /**
   * Called inside the transaction, synchronously, once a column's chunks and dictionary pieces
   * have been added: the save never reads that column again, so the caller may hand it on (the
   * data worker sends it to be profiled while the next columns are written).
   */
  onColumnStored?: (columnIndex: number) => void;
}

/** Bytes of records written per bulkAdd: bounds the copies alive at once to a few MB. */
const WRITE_BATCH_BYTES = 8 << 20;
/** Records written per bulkAdd at most (narrow columns are small records). */
const WRITE_BATCH_RECORDS = 512;

/**
 * Stores `table` as the next version of `dataset`: the version record, every column chunk and
 * every dictionary piece in ONE transaction, so a failure (quota, a tab closing, a bad value)
 * leaves nothing behind. Version numbers count up by one per dataset. Throws StorageFullError
 * when space runs out (checked up front where the browser can tell), RecordNotFoundError when
 * the project or a parent version no longer exists.
 */
export async function saveDatasetVersion(
  db: WorkbenchDb,
  input: SaveDatasetVersionInput,
  options: SaveOptions = {},
): Promise<DatasetVersion> {
  const { dataset, version, table } = input;
  assertValidTable(table);
  const chunkRows = version.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new Error(`chunkRows must be a positive integer (got ${chunkRows}).`);
  }
  if (!dataset.name.trim()) throw new Error('The dataset needs a name. Type one and save again.');
  if (!version.hash)
    throw new Error('A dataset version needs its content hash (computed from the table) to be saved.');
  const byteSize = estimateStoredBytes(table);
  const what = `a version of dataset "${dataset.name}"`;
  // Outside the transaction: awaiting non-database work inside one would let it auto-commit.
  await assertStorageRoom(byteSize, what, options.estimate);

  const record: DatasetVersion = {
    id: newId(),
    datasetId: dataset.id,
    projectId: dataset.projectId,
    version: 0,
    hash: version.hash,
    parents: [...version.parents],
    operation: version.operation,
    createdAt: Date.now(),
    rowCount: table.rowCount,
    schema: table.columns.map((c) =>
      isBooleanColumn(c) && c.labels
        ? { name: c.name, type: c.type, labels: c.labels }
        : { name: c.name, type: c.type },
    ),
    byteSize,
    chunkRows,
    ...(version.note === undefined ? {} : { note: version.note }),
  };

  try {
    await db.transaction(
      'rw',
      [db.projects, db.datasets, db.datasetVersions, db.columnChunks, db.dictionaries],
      async () => {
        if (!(await db.projects.get(dataset.projectId))) {
          throw new RecordNotFoundError('project', dataset.projectId);
        }
        const existing = await db.datasets.get(dataset.id);
        if (!existing) await db.datasets.add({ ...dataset });
        else if (existing.projectId !== dataset.projectId) {
          throw new Error(
            `Dataset "${existing.name}" belongs to another project; it cannot take versions from this one.`,
          );
        }
        for (const parentId of record.parents) {
          const parent = await db.datasetVersions.get(parentId);
          if (!parent || parent.projectId !== dataset.projectId) {
            throw new RecordNotFoundError('parent dataset version', parentId);
          }
        }
        const last = await db.datasetVersions
          .where('[datasetId+version]')
          .between([dataset.id, 0], [dataset.id, Infinity], true, true)
          .last();
        record.version = (last?.version ?? 0) + 1;
        await db.datasetVersions.add(record);
        // Encoding happens here, batch by batch, so only a few MB of chunk copies exist at a
        // time. It is synchronous work between database calls, which keeps the transaction alive.
        // A batch spans columns: one bulkAdd per column made 3,000 narrow columns cost 6,000
        // database round trips (seconds).
        const batch = new WriteBatch(db, options.onColumnStored);
        for (let c = 0; c < table.columns.length; c++) {
          const column = table.columns[c]!;
          for (const chunk of encodeColumnChunks(record.id, c, column, table.rowCount, chunkRows)) {
            if (batch.addChunk(chunk)) await batch.flush();
          }
          for (const piece of encodeDictionaryPieces(record.id, c, column)) {
            if (batch.addPiece(piece)) await batch.flush();
          }
          batch.columnDone(c);
        }
        await batch.flush();
      },
    );
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(byteSize, what, undefined, { cause: e });
    throw e;
  }
  return record;
}

/**
 * Chunks and dictionary pieces waiting to be added, across columns. `add*` says when the batch
 * is full; `flush` adds it and then reports the columns whose every record it has written.
 */
class WriteBatch {
  #chunks: ColumnChunkRecord[] = [];
  #pieces: DictionaryPieceRecord[] = [];
  #bytes = 0;
  #done: number[] = [];

  constructor(
    private readonly db: WorkbenchDb,
    private readonly stored: (columnIndex: number) => void = () => {},
  ) {}

  addChunk(chunk: ColumnChunkRecord): boolean {
    this.#chunks.push(chunk);
    this.#bytes += chunk.data.byteLength;
    return this.#full();
  }

  addPiece(piece: DictionaryPieceRecord): boolean {
    this.#pieces.push(piece);
    for (const v of piece.values) this.#bytes += 2 * v.length + 16;
    return this.#full();
  }

  columnDone(columnIndex: number): void {
    this.#done.push(columnIndex);
  }

  async flush(): Promise<void> {
    const chunks = this.#chunks;
    const pieces = this.#pieces;
    const done = this.#done;
    this.#chunks = [];
    this.#pieces = [];
    this.#done = [];
    this.#bytes = 0;
    if (chunks.length) await this.db.columnChunks.bulkAdd(chunks);
    // Each chunk is a copy made for this write, and IndexedDB cloned it when it was added.
    for (const chunk of chunks) freeBuffer(chunk.data);
    if (pieces.length) await this.db.dictionaries.bulkAdd(pieces);
    done.forEach((c) => this.stored(c));
  }

  #full(): boolean {
    return (
      this.#bytes >= WRITE_BATCH_BYTES || this.#chunks.length + this.#pieces.length >= WRITE_BATCH_RECORDS
    );
  }
}

/** The dataset, or undefined. */
export async function getDataset(db: WorkbenchDb, id: string): Promise<Dataset | undefined> {
  return db.datasets.get(id);
}

/** The project's datasets, oldest first. */
export async function listDatasets(db: WorkbenchDb, projectId: string): Promise<Dataset[]> {
  const all = await db.datasets.where('projectId').equals(projectId).toArray();
  return all.sort(byCreation);
}

/** The dataset version, or undefined. */
export async function getVersion(db: WorkbenchDb, id: string): Promise<DatasetVersion | undefined> {
  return db.datasetVersions.get(id);
}

/** The dataset's versions, version 1 first. */
export async function listVersions(db: WorkbenchDb, datasetId: string): Promise<DatasetVersion[]> {
  return db.datasetVersions
    .where('[datasetId+version]')
    .between([datasetId, 0], [datasetId, Infinity], true, true)
    .toArray();
}

/** Every dataset version of the project (for the lineage graph), oldest first. */
export async function listProjectVersions(db: WorkbenchDb, projectId: string): Promise<DatasetVersion[]> {
  const all = await db.datasetVersions.where('projectId').equals(projectId).toArray();
  return all.sort(byCreation);
}

/**
 * The earliest version in the project whose content hash is `hash`, or undefined: lets the UI
 * say "this data is already stored as sales v2" instead of storing it again.
 */
export async function findVersionByHash(
  db: WorkbenchDb,
  projectId: string,
  hash: string,
): Promise<DatasetVersion | undefined> {
  return earliest(await db.datasetVersions.where('[projectId+hash]').equals([projectId, hash]).toArray());
}

function earliest(versions: DatasetVersion[]): DatasetVersion | undefined {
  return versions.sort(byCreation)[0];
}

/**
 * Deletes a dataset version with its chunks and dictionaries in one transaction. Refuses with
 * DatasetInUseError, naming the models, when any model version was trained on it. Versions made
 * from it keep their own data; their `parents` still name it, and lineage shows it as deleted.
 */
export async function deleteDatasetVersion(db: WorkbenchDb, id: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.datasets, db.datasetVersions, db.columnChunks, db.dictionaries, db.models],
    async () => {
      const version = await db.datasetVersions.get(id);
      if (!version) throw new RecordNotFoundError('dataset version', id);
      const users = await db.models.where('datasetVersionId').equals(id).toArray();
      if (users.length > 0) {
        const dataset = await db.datasets.get(version.datasetId);
        throw new DatasetInUseError(
          `Version ${version.version} of dataset "${dataset?.name ?? version.datasetId}"`,
          users.map((m) => `${m.name} v${m.version}`),
        );
      }
      await removeVersionData(db, [id]);
    },
  );
}

/** Deletes version records and their stored values. Call inside a transaction that covers the tables. */
export async function removeVersionData(db: WorkbenchDb, versionIds: readonly string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await db.columnChunks.where('versionId').anyOf(versionIds).delete();
  await db.dictionaries.where('versionId').anyOf(versionIds).delete();
  await db.datasetVersions.bulkDelete([...versionIds]);
}
