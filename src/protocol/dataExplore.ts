import type { ColumnType } from '../core/table/table';
import type { TableProfile } from '../core/table/profile';
import type { CorrelationMatrix, MissingMap } from '../core/table/correlation';
import type { FeatureByTarget, FilterProblem, ScatterSample, SortDirection } from '../core/explore';

/** Data worker requests: profiles, charts and raw rows of a stored dataset version. */

/** Pushed while a long request works: what it is doing and how far it is (null: unknown). */
export interface WorkProgressEvent {
  stage: string;
  fraction: number | null;
}

export interface RowsArgs {
  versionId: string;
  offset: number;
  limit: number;
  sort?: { column: string; direction: SortDirection };
  /** A condition in the expression language; rows where it is true are kept. */
  filter?: string;
  /** The window of columns whose cells are sent (all when absent). */
  columns?: { start: number; end: number };
  dbName?: string;
}

export interface RowsResult {
  columns: { name: string; type: ColumnType }[];
  /** 0-based row numbers in the stored version of the rows shown. */
  rowNumbers: number[];
  /** Each row's cells of columns `columnStart` … (the window asked for), as display text. */
  rows: string[][];
  columnStart: number;
  /** Rows in the version. */
  total: number;
  /** Rows the filter keeps (= total without a filter or when the filter has a problem). */
  matching: number;
  /** Set when the filter cannot run: nothing was filtered. */
  filterProblem?: FilterProblem;
}

export interface ExploreRequests {
  /**
   * With `inParts`, the columns come first as 'profileColumns' events of a few hundred each and
   * the result's `columns` is empty: one message of 3,000 column profiles took the page a long
   * task to receive.
   */
  profile: { args: { versionId: string; inParts?: boolean; dbName?: string }; result: TableProfile };
  /** The correlations of a window of columns from `offset` (MAX_CORRELATION_COLUMNS at most). */
  correlation: { args: { versionId: string; offset?: number; dbName?: string }; result: CorrelationMatrix };
  missingMap: { args: { versionId: string; maxRows: number; dbName?: string }; result: MissingMap };
  scatter: {
    args: { versionId: string; x: string; y: string; color?: string; maxPoints: number; dbName?: string };
    result: ScatterSample;
  };
  featureByTarget: {
    args: { versionId: string; feature: string; target: string; targetIsCategory: boolean; dbName?: string };
    result: FeatureByTarget;
  };
  rows: { args: RowsArgs; result: RowsResult };
}
