import type { ColumnType } from '../core/table/table';
import type { DatasetDiff, PrepOp, PrepProblem } from '../core/prep';

/** Data worker requests: preparation steps that make new dataset versions, and version diffs. */

export interface SampleRows {
  columns: { name: string; type: ColumnType }[];
  rows: string[][];
}

export type PrepPreviewResult =
  | {
      ok: true;
      summary: string;
      rowsBefore: number;
      rowsAfter: number;
      columnsBefore: number;
      columnsAfter: number;
      /** Set when the table was too large to preview whole: the step ran on its first N rows. */
      sampledRows?: number;
      before: SampleRows;
      after: SampleRows;
    }
  | { ok: false; problems: PrepProblem[] };

export interface PrepApplyResult {
  versionId: string;
  datasetId: string;
  version: number;
  parents: string[];
  summary: string;
  rowCount: number;
  columnCount: number;
  /** The result's content is already stored: nothing new was written, this is that version. */
  duplicateOf?: { versionId: string; version: number; datasetName: string };
  seconds: number;
}

export interface CastCheckResult {
  column: string;
  from: ColumnType;
  to: ColumnType;
  /** Values present before the cast. */
  present: number;
  /** Present values that would not convert (and would become missing). */
  failures: number;
  examples: { row: number; value: string }[];
}

export interface PrepRequests {
  prepPreview: { args: { versionId: string; op: PrepOp; dbName?: string }; result: PrepPreviewResult };
  prepApply: {
    args: { projectId: string; versionId: string; op: PrepOp; dbName?: string };
    result: PrepApplyResult;
  };
  castCheck: {
    args: { versionId: string; column: string; to: ColumnType; dbName?: string };
    result: CastCheckResult;
  };
  diffVersions: {
    args: { fromId: string; toId: string; key: string[]; dbName?: string };
    result: DatasetDiff;
  };
}
