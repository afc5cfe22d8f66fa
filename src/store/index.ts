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
  deleteDataset,
  deleteDatasetVersion,
  findVersionByFileHash,
  findVersionByHash,
  getDataset,
  getVersion,
  listDatasets,
  listProjectVersions,
  listVersions,
  renameDataset,
  saveDatasetVersion,
  type NewDatasetVersion,
  type SaveDatasetVersionInput,
  type SaveOptions,
} from './datasets';
export {
  iterateRowBlocks,
  loadTable,
  type LoadProgress,
  type LoadTableOptions,
  type RowBlock,
} from './tableReader';
export {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  updateProject,
  modifyProject,
  type NewProject,
} from './projects';
export {
  deleteModelVersion,
  getModelVersion,
  getProductionModel,
  listModelVersions,
  saveModelVersion,
  setModelStatus,
  setProductionModel,
  type NewModelVersion,
} from './models';
export {
  appendRunHistory,
  createRun,
  deleteRun,
  failInterruptedRuns,
  getRun,
  listRuns,
  updateRun,
  type NewRun,
  type RunUpdate,
} from './runs';
export { getRecipeVersion, listRecipeVersions, saveRecipeVersion, type NewRecipeVersion } from './recipes';
export { newId } from './ids';
export { modelVersionOf, type TrainedModel } from './trainedModel';
