/**
 * The store's public API: the workbench's records in IndexedDB, used from the page and from
 * workers. Everything takes the WorkbenchDb from openDb() as its first argument.
 */
export { DB_NAME, WorkbenchDb, openDb, type OpenDbOptions } from './db';
export { CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './schema';
export type * from './records';
export {
  DatasetInUseError,
  RecordNotFoundError,
  StorageFullError,
  formatBytes,
  isQuotaError,
} from './errors';
export { DamagedDatasetError, DEFAULT_CHUNK_ROWS, estimateStoredBytes } from './chunks';
export {
  assertStorageRoom,
  estimateBrowserStorage,
  requestPersistentStorage,
  type EstimateStorage,
  type StorageEstimateLike,
} from './quota';
export {
  deleteDatasetVersion,
  findVersionByHash,
  getDataset,
  getVersion,
  listDatasets,
  listProjectVersions,
  listVersions,
  saveDatasetVersion,
  type NewDatasetVersion,
  type SaveDatasetVersionInput,
  type SaveOptions,
} from './datasets';
export { loadTable, type LoadProgress, type LoadTableOptions } from './tableReader';
export {
  createProject,
  getProject,
  listProjects,
  updateProject,
  modifyProject,
  type NewProject,
} from './projects';
export { getModelVersion, listModelVersions, saveModelVersion, type NewModelVersion } from './models';
export { appendAudit, listAudit, type AuditActor } from './audit';
export {
  changeModelStage,
  deleteModelVersion,
  importModelVersion,
  StageChangeRefused,
  type ImportedModelVersion,
  type StageChangeResult,
} from './registry';
export { createRun, deleteRun, getRun, listRuns, updateRun, type NewRun, type RunUpdate } from './runs';
export { getRecipeVersion, saveRecipeVersion, type NewRecipeVersion } from './recipes';
export { newId } from './ids';
export { finishRunWithPredictions, getPredictions, type PredictionsRecord } from './predictions';
export { setDecisionThreshold } from './decision';
export {
  getReferenceProfile,
  getScoredBatch,
  listScoredBatches,
  saveScoredBatch,
  type ReferenceProfileRecord,
  type ScoredBatch,
  type ShadowResult,
} from './monitoring';
export { modelVersionOf, type TrainedModel } from './trainedModel';
export { exportProject, type ExportOptions, type ExportProgress } from './shareExport';
export {
  importProject,
  previewImport,
  type ImportChoice,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
} from './share';
export { deleteProjectEverywhere, projectUsage, type ProjectUsage } from './storage';
export { removeInterruptedImports, webImportLock } from './shareStaging';
