import type { ColumnType } from '../core/table/table';
import type { TableProfile } from '../core/table/profile';
import type { Task } from '../core/ml/types';

/** The data worker: ingest (parse → types → columnar chunks → IndexedDB), profile, preview. */

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
  seconds: number;
}

export interface IngestProgressEvent {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  rowsPerSecond: number;
  stage: 'reading' | 'hashing' | 'storing';
}

export interface PreviewResult {
  columns: { name: string; type: ColumnType }[];
  rows: string[][];
  total: number;
}

/** What the page needs to frame a problem: the inferred task and what would stop a training. */
export interface TargetInfo {
  inferredTask: Task;
  task: Task;
  classes: number;
  problems: { severity: 'error' | 'warning'; message: string }[];
  leakage: { column: string; reason: string; score: number }[];
}

export interface DataRequests {
  ingest: { args: IngestArgs; result: IngestSummary };
  profile: { args: { versionId: string; dbName?: string }; result: TableProfile };
  targetInfo: {
    args: { versionId: string; target: string; task?: Task; dbName?: string };
    result: TargetInfo;
  };
  preview: {
    args: { versionId: string; offset: number; limit: number; dbName?: string };
    result: PreviewResult;
  };
}

export interface DataEvents {
  progress: IngestProgressEvent;
}
