/**
 * The one IndexedDB database of the workbench, opened from the page and from workers alike
 * (no DOM APIs here). The schema itself lives in schema.ts.
 */
import { Dexie, type EntityTable, type Table as DexieTable } from 'dexie';
import type {
  AuditEntry,
  Dataset,
  DatasetVersion,
  ModelVersionSummary,
  Project,
  RecipeVersion,
  Run,
} from './records';
import type { SerializedModel } from '../core/ml/types';
import { SCHEMA_VERSIONS, type SchemaVersion } from './schema';
import type { PredictionsRecord } from './predictions';
import type { ReferenceProfileRecord, ScoredBatch } from './monitoring';

export const DB_NAME = 'lifecycle-workbench';

/** A slice of one column of one dataset version: `chunkRows` rows as the raw typed-array bytes. */
export interface ColumnChunkRecord {
  versionId: string;
  /** Index into the version's schema. */
  column: number;
  /** Rows [chunk × chunkRows, (chunk + 1) × chunkRows). */
  chunk: number;
  /** Float64 (numbers, dates), Uint8 (booleans) or Int32 (category codes), little-endian as the platform. */
  data: ArrayBuffer;
}

/** A consecutive piece of a categorical column's dictionary (a text column may have millions). */
export interface DictionaryPieceRecord {
  versionId: string;
  column: number;
  piece: number;
  values: string[];
}

/** A model version's weights, kept apart from its summary so listing models stays cheap. */
export interface ModelArtifactRecord {
  modelId: string;
  projectId: string;
  model: SerializedModel;
}

export class WorkbenchDb extends Dexie {
  declare projects: EntityTable<Project, 'id'>;
  declare datasets: EntityTable<Dataset, 'id'>;
  declare datasetVersions: EntityTable<DatasetVersion, 'id'>;
  declare columnChunks: DexieTable<ColumnChunkRecord, [string, number, number]>;
  declare dictionaries: DexieTable<DictionaryPieceRecord, [string, number, number]>;
  declare recipes: EntityTable<RecipeVersion, 'id'>;
  declare models: EntityTable<ModelVersionSummary, 'id'>;
  declare modelArtifacts: EntityTable<ModelArtifactRecord, 'modelId'>;
  declare runs: EntityTable<Run, 'id'>;
  declare predictions: EntityTable<PredictionsRecord, 'runId'>;
  declare scoredBatches: EntityTable<ScoredBatch, 'id'>;
  declare referenceProfiles: EntityTable<ReferenceProfileRecord, 'modelId'>;
  declare auditLog: EntityTable<AuditEntry, 'seq'>;

  constructor(name: string, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      const upgrade = v.upgrade;
      if (upgrade) {
        declared.upgrade(async (tx) => {
          try {
            await upgrade(tx);
          } catch (e) {
            // Dexie aborts the upgrade (the old data stays as it was); say which step failed.
            throw new Error(
              `Updating the stored data to version ${v.version} ("${v.name}") failed: ${describe(e)}. ` +
                'Your data is unchanged; reload the page, and if this persists export your projects from an older copy.',
              { cause: e },
            );
          }
        });
      }
    }
  }
}

export interface OpenDbOptions {
  /**
   * Another tab opened a newer version of the workbench (or deleted its data). This connection
   * is closed so the other tab can proceed; every later call on it fails. Tell the user to reload.
   */
  onVersionChange?: (info: { message: string; newVersion: number | null }) => void;
  /**
   * This tab wants to upgrade the database but another tab still holds the older version open.
   * Opening waits until that tab closes or reloads; tell the user so.
   */
  onBlocked?: (info: { message: string }) => void;
  /** For migration tests: the schema versions to declare (default: all of SCHEMA_VERSIONS). */
  versions?: readonly SchemaVersion[];
}

/**
 * Opens (creating or upgrading as needed) the workbench database. Tests pass a fresh `name`.
 * Rejects with a message saying what to do when IndexedDB is unavailable (e.g. some private
 * browsing modes) or the stored data is newer than this code.
 */
export async function openDb(name: string = DB_NAME, options: OpenDbOptions = {}): Promise<WorkbenchDb> {
  const db = new WorkbenchDb(name, options.versions);
  db.on('versionchange', (ev: IDBVersionChangeEvent) => {
    // Dexie's own handler closes with auto-reopen, which would let this tab keep writing records
    // shaped for the old schema into the new one. Close for good instead.
    db.close({ disableAutoOpen: true });
    const deleted = ev.newVersion === null || ev.newVersion === 0;
    options.onVersionChange?.({
      newVersion: ev.newVersion,
      message: deleted
        ? 'The workbench data was deleted in another tab. Reload this tab to continue.'
        : 'A newer version of the workbench was opened in another tab. Reload this tab to continue; nothing saved is lost.',
    });
    return false;
  });
  db.on('blocked', () => {
    options.onBlocked?.({
      message:
        'The workbench is updating its stored data but another tab still has the older version open. ' +
        'Close or reload the other workbench tabs to continue.',
    });
  });
  try {
    await db.open();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'MissingAPIError') {
      throw new Error(
        'This browser does not give the workbench any storage (IndexedDB is unavailable, as in some private windows). Open it in a normal window.',
        { cause: e },
      );
    }
    throw new Error(
      `The workbench could not open its stored data: ${describe(e)}. Reload the page to try again.`,
      {
        cause: e,
      },
    );
  }
  return db;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
