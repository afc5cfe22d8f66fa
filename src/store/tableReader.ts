/**
 * Reading a stored dataset version back as a Table: whole (loadTable) or block by block for
 * consumers that stream (profiling or scoring a table larger than is comfortable in memory).
 */
import type { Column, Table } from '../core/table/table';
import { chunkCount, decodeColumn, hasDictionary } from './chunks';
import type { ColumnChunkRecord, DictionaryPieceRecord, WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import type { DatasetVersion, SchemaColumn } from './records';

export interface LoadProgress {
  chunksLoaded: number;
  chunkCount: number;
}

export interface LoadTableOptions {
  /** Only these columns, in this order (default: all, in stored order). */
  columns?: readonly string[];
  /** Called after each column is read; synchronous work only (it runs inside a transaction). */
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * The stored table of a dataset version, exactly as it was saved. Reads in one read-only
 * transaction so a delete in another tab cannot leave it half-read. Throws RecordNotFoundError
 * for an unknown version and an error naming the column when a requested one does not exist.
 */
export async function loadTable(
  db: WorkbenchDb,
  versionId: string,
  options: LoadTableOptions = {},
): Promise<Table> {
  return db.transaction('r', [db.datasetVersions, db.columnChunks, db.dictionaries], async () => {
    const version = await db.datasetVersions.get(versionId);
    if (!version) throw new RecordNotFoundError('dataset version', versionId);
    const selected = selectSchema(version, options.columns);
    const perColumn = chunkCount(version.rowCount, version.chunkRows);
    const total = perColumn * selected.length;
    const columns: Column[] = [];
    for (const [i, { index, schema }] of selected.entries()) {
      const chunks = await readChunks(db, versionId, index);
      const pieces = hasDictionary(schema.type) ? await readPieces(db, versionId, index) : [];
      columns.push(decodeColumn(schema, version.rowCount, version.chunkRows, chunks, pieces));
      options.onProgress?.({ chunksLoaded: (i + 1) * perColumn, chunkCount: total });
    }
    return { rowCount: version.rowCount, columns };
  });
}

function selectSchema(
  version: DatasetVersion,
  names: readonly string[] | undefined,
): { index: number; schema: SchemaColumn }[] {
  const all = version.schema.map((schema, index) => ({ index, schema }));
  if (names === undefined) return all;
  return names.map((name) => {
    const found = all.find((c) => c.schema.name === name);
    if (!found) {
      const available = version.schema.map((c) => `"${c.name}"`).join(', ');
      throw new Error(
        `Column "${name}" is not in version ${version.version} of this dataset (columns: ${available}).`,
      );
    }
    return found;
  });
}

function readChunks(db: WorkbenchDb, versionId: string, column: number): Promise<ColumnChunkRecord[]> {
  return db.columnChunks
    .where('[versionId+column+chunk]')
    .between([versionId, column, 0], [versionId, column, Infinity], true, true)
    .toArray();
}

function readPieces(db: WorkbenchDb, versionId: string, column: number): Promise<DictionaryPieceRecord[]> {
  return db.dictionaries
    .where('[versionId+column+piece]')
    .between([versionId, column, 0], [versionId, column, Infinity], true, true)
    .toArray();
}
