/** The table layer's public API: one import for workers, state and other core modules. */

export * from './table';
export { ingestCsv } from './ingest';
export {
  IngestError,
  type IngestColumnInfo,
  type IngestEncoding,
  type IngestErrorCode,
  type IngestHooks,
  type IngestOptions,
  type IngestProblem,
  type IngestProgress,
  type IngestResult,
} from './ingestTypes';
export { castColumn, type CastResult } from './cast';
export { inferColumnType, categoryLimit, type ColumnInference, type InferHints } from './infer';
export { parseDate, formatDate, type DateOrder } from './dates';
export { parseNumber, parseBooleanText, isMissingText, MISSING_TOKENS, type NumberStyle } from './values';
export {
  profileColumn,
  profileTable,
  quantileSorted,
  histogramEdges,
  type ColumnProfile,
  type TableProfile,
  type ProfileFlag,
  type Quantiles,
  type Histogram,
  type OutlierCounts,
} from './profile';
export {
  correlationMatrix,
  missingMap,
  pearson,
  cramersV,
  correlationRatio,
  type CorrelationMatrix,
  type CorrelationKind,
  type MissingMap,
} from './correlation';
export { hashTable, hashBytes, HASH_BLOCK_ROWS, FILE_HASH_PLAIN_LIMIT } from './hash';
export { sortFloat64 } from './sortNumbers';
export { tableToCsv, tableToCsvParts, type CsvWriteOptions } from './csvWriter';
