import type { ColumnType } from '../core/table/table';

/** Data worker requests: CSV file → dataset version. */

export interface IngestArgs {
  file: Blob;
  fileName: string;
  projectId: string;
  /** Add a version to this dataset; otherwise a new dataset named `datasetName` is created. */
  datasetId?: string;
  datasetName: string;
  malformed: 'stop' | 'skip';
  typeOverrides?: Record<string, ColumnType>;
  /** Database name (tests use their own). */
  dbName?: string;
}

export interface IngestSummary {
  versionId: string;
  datasetId: string;
  version: number;
  hash: string;
  rowCount: number;
  columnCount: number;
  /** The same content was already stored in this project: nothing new was written. */
  duplicateOf?: { versionId: string; version: number; datasetName: string };
  warnings: string[];
  skipped: { line: number; message: string }[];
  skippedCount: number;
  renamedColumns: { from: string; to: string }[];
  /** How the file was read: what the sniffing decided, shown so a wrong guess is seen at once. */
  reading: { delimiter: string; encoding: string; hasHeader: boolean };
  seconds: number;
}

export interface IngestProgressEvent {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  rowsPerSecond: number;
  stage: 'reading' | 'hashing' | 'storing';
}

export interface IngestRequests {
  ingest: { args: IngestArgs; result: IngestSummary };
}
