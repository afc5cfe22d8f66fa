// A labelled batch is kept as a dataset version (one transaction, as any ingest), so a later
// retraining can append its rows and lineage can run from the batch to the retrained model.
import type { IngestResult } from '../../src/core/table/ingestTypes';
import type { ColumnType } from '../../src/core/table/table';
import { hashTable } from '../../src/core/table/hash';
import { findVersionByHash, newId, saveDatasetVersion, type WorkbenchDb } from '../../src/store';

/** The id of the version holding `result.table`: a twin already stored, or a new one. */
export async function keepBatchVersion(
  db: WorkbenchDb,
  projectId: string,
  result: IngestResult,
  file: { name: string; size: number; hash: string },
  typeOverrides: Record<string, ColumnType>,
): Promise<string> {
  const hash = await hashTable(result.table);
  const twin = await findVersionByHash(db, projectId, hash);
  if (twin) return twin.id;
  const saved = await saveDatasetVersion(db, {
    dataset: {
      id: newId(),
      projectId,
      name: `batch ${file.name.replace(/\.(csv|tsv|txt)$/i, '')}`,
      createdAt: Date.now(),
    },
    table: result.table,
    version: {
      hash,
      parents: [],
      operation: {
        kind: 'ingest',
        fileName: file.name,
        fileSize: file.size,
        fileHash: file.hash,
        delimiter: result.delimiter,
        encoding: result.encoding,
        typeOverrides,
      },
    },
  });
  return saved.id;
}
