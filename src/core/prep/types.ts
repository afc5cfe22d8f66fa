import type { ColumnType, Table } from '../table/table';

/**
 * One data-preparation step as plain JSON. Records are stored in a dataset version's lineage
 * and replayed on demand, so their shape is a storage format: add optional fields rather than
 * renaming or removing one.
 */
export type PrepOp =
  | { readonly kind: 'filter'; readonly expression: string }
  | { readonly kind: 'dropColumns'; readonly columns: readonly string[] }
  | { readonly kind: 'selectColumns'; readonly columns: readonly string[] }
  | {
      readonly kind: 'renameColumns';
      readonly renames: readonly { readonly from: string; readonly to: string }[];
    }
  | { readonly kind: 'cast'; readonly column: string; readonly to: ColumnType }
  | {
      readonly kind: 'dedupe';
      /** Columns that define a duplicate; all columns when absent. */
      readonly columns?: readonly string[];
      readonly keep: 'first' | 'last';
    }
  | {
      readonly kind: 'dropMissing';
      /** Rows missing a value in any of these columns are dropped; all columns when absent. */
      readonly columns?: readonly string[];
    }
  | {
      readonly kind: 'fillMissing';
      readonly column: string;
      readonly strategy: FillStrategy;
      /** Required for 'constant': a number, text, true/false, or an ISO date for date columns. */
      readonly value?: number | string | boolean;
    }
  | {
      readonly kind: 'outliers';
      readonly column: string;
      readonly method: 'iqr' | 'zscore';
      /** IQR multiple (1.5 is Tukey's fence) or number of standard deviations (3 is usual). */
      readonly k: number;
      readonly action: 'clip' | 'remove';
    }
  | {
      readonly kind: 'derive';
      /** New column name; an existing column of that name is replaced in place. */
      readonly name: string;
      readonly expression: string;
    }
  | {
      readonly kind: 'join';
      readonly rightVersionId: string;
      readonly on: readonly { readonly left: string; readonly right: string }[];
      readonly how: 'inner' | 'left';
      /** Appended to right-hand column names that clash with left-hand ones, e.g. "_right". */
      readonly suffix: string;
    }
  | { readonly kind: 'append'; readonly otherVersionIds: readonly string[] };

export type PrepOpKind = PrepOp['kind'];
export type FillStrategy = 'constant' | 'mean' | 'median' | 'mode';

export const PREP_OP_KINDS: readonly PrepOpKind[] = [
  'filter',
  'dropColumns',
  'selectColumns',
  'renameColumns',
  'cast',
  'dedupe',
  'dropMissing',
  'fillMissing',
  'outliers',
  'derive',
  'join',
  'append',
];

export interface PrepResult {
  readonly table: Table;
  /** One sentence for the version list, e.g. "Removed 12 duplicate rows". */
  readonly summary: string;
  readonly rowsBefore: number;
  readonly rowsAfter: number;
}

/** Something that stops an operation from applying, naming the column (or field) at fault. */
export interface PrepProblem {
  readonly message: string;
  readonly column?: string;
  /** The record field the problem is in ("expression", "on", "value"…), for the form UI. */
  readonly field?: string;
  /** For expression problems: 0-based character offset in the expression. */
  readonly position?: number;
  /** For expression problems: how many characters the fault spans (for underlining). */
  readonly length?: number;
}

import type { SchemaColumn } from '../table/table';

export type { SchemaColumn };

/** Thrown by applyPrepOp when an operation cannot apply; `problems` lists every reason. */
export class PrepError extends Error {
  override readonly name = 'PrepError';
  constructor(
    readonly problems: readonly PrepProblem[],
    readonly op: PrepOp,
  ) {
    super(problems.map((p) => p.message).join(' '));
  }
}
