/**
 * The database schema, as an append-only list of versions. Each entry is frozen once released:
 * users' browsers hold data written under it. A change is a NEW entry with the next number, a
 * name, only the tables it changes, and (when existing records must be rewritten) an upgrade
 * function — tested against a frozen fixture of the previous version in tests/fixtures/store/.
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  /** Dexie version number: 1, 2, 3… never reused, never edited. */
  version: number;
  /** What the version changed, in a few words (shown in logs when an upgrade fails). */
  name: string;
  /** Dexie store specs for the tables this version adds or changes (null deletes a table). */
  stores: Record<string, string | null>;
  /** Rewrites existing records for this version. Runs inside Dexie's upgrade transaction. */
  upgrade?: (tx: Transaction) => Promise<void>;
}

// Renaming a table or index here without a migration wipes users' data.
// Primary key first; `&` marks a unique index; `[a+b]` a compound index.
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    name: 'initial',
    stores: {
      projects: 'id, updatedAt',
      datasets: 'id, projectId',
      datasetVersions:
        'id, projectId, datasetId, &[datasetId+version], [projectId+hash], [projectId+operation.fileHash]',
      // Chunk and dictionary keys are [versionId, column index, chunk/piece index], so one key
      // range reads a column's pieces in order.
      columnChunks: '[versionId+column+chunk], versionId',
      dictionaries: '[versionId+column+piece], versionId',
      recipes: 'id, projectId',
      models: 'id, projectId, &[projectId+name+version], [projectId+status], datasetVersionId, runId',
      modelArtifacts: 'modelId, projectId',
      runs: 'id, projectId, searchId',
    },
  },
  {
    // Not yet released: built during the 2026-12 wave (evaluation, deployment, monitoring,
    // sharing). Frozen, with tests/fixtures/store/v2.json, when that wave lands.
    version: 2,
    name: 'evaluation, registry audit, monitoring',
    stores: {
      // Held-out predictions of a run (validation/out-of-fold, test, out-of-time), typed arrays.
      predictions: 'runId, projectId',
      // Append-only: every promotion, demotion, deletion and import of a model version.
      auditLog: '++seq, projectId, modelId, at',
      // Every batch scored in Deploy (production and shadow), tied to the model version.
      scoredBatches: 'id, projectId, modelId, createdAt',
      // The training data's reference profile a model version is monitored against.
      referenceProfiles: 'modelId, projectId',
    },
  },
];

/** The newest schema version this code writes. */
export const CURRENT_SCHEMA_VERSION: number = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
