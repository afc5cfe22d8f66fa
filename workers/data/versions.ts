// Storing a table as a dataset version, shared by ingest and prepare: identical content is never
// stored twice in a project, so a twin found by content hash is returned instead.
import type { Table } from '../../src/core/table/table';
import {
  findVersionByHash,
  getDataset,
  saveDatasetVersion,
  type Dataset,
  type NewDatasetVersion,
  type WorkbenchDb,
} from '../../src/store';
import { rememberTable } from './tables';
import type { ProfilerHandOff } from './profiler';

/** The version that now holds the table: the new one, or the earlier twin (`duplicateOf` set). */
export interface StoredVersion {
  versionId: string;
  datasetId: string;
  version: number;
  duplicateOf?: { versionId: string; version: number; datasetName: string };
}

export interface StoreUnlessTwinInput {
  projectId: string;
  table: Table;
  /** The version to write (its `hash` is also what a twin is found by). */
  version: NewDatasetVersion;
  /** The dataset the new version joins; only asked for when there is no twin. */
  dataset: () => Promise<Dataset>;
  /** Called right before the write starts (the page shows "Storing"). */
  onStoring?: () => void;
  /** Profiles the table column by column as it is written (then `table` is not kept as it is). */
  profiler?: ProfilerHandOff;
  dbName?: string;
}

/**
 * Returns the project's earliest version with the same content hash, else saves `table` as a
 * new version (one transaction: the record, its chunks and dictionaries, or nothing) and keeps
 * the table in the worker for the requests that follow (with a profiler: the columns as they
 * come back from the profile worker, with the version's profile).
 */
export async function storeUnlessTwin(db: WorkbenchDb, input: StoreUnlessTwinInput): Promise<StoredVersion> {
  try {
    return await storeOrFindTwin(db, input);
  } catch (e) {
    input.profiler?.cancel();
    throw e;
  }
}

async function storeOrFindTwin(db: WorkbenchDb, input: StoreUnlessTwinInput): Promise<StoredVersion> {
  const { profiler } = input;
  const twin = await findVersionByHash(db, input.projectId, input.version.hash);
  if (twin) {
    profiler?.cancel();
    const dataset = await getDataset(db, twin.datasetId);
    return {
      versionId: twin.id,
      datasetId: twin.datasetId,
      version: twin.version,
      duplicateOf: { versionId: twin.id, version: twin.version, datasetName: dataset?.name ?? '' },
    };
  }
  input.onStoring?.();
  const dataset = await input.dataset();
  // From here the write is one transaction: it completes or leaves nothing, so Cancel no longer applies.
  const saved = await saveDatasetVersion(
    db,
    { dataset, table: input.table, version: input.version },
    profiler ? { onColumnStored: (c) => profiler.columnStored(c) } : {},
  );
  if (profiler) profiler.stored(saved.id, input.dbName);
  else rememberTable(saved.id, input.table, input.dbName);
  return { versionId: saved.id, datasetId: dataset.id, version: saved.version };
}
