import type { ColumnType } from '../core/table/table';
import type { TableProfile } from '../core/table/profile';

/** Data worker requests: profiles and raw rows of a stored dataset version. */

export interface PreviewResult {
  columns: { name: string; type: ColumnType }[];
  rows: string[][];
  total: number;
}

export interface ExploreRequests {
  profile: { args: { versionId: string; dbName?: string }; result: TableProfile };
  preview: {
    args: { versionId: string; offset: number; limit: number; dbName?: string };
    result: PreviewResult;
  };
}
