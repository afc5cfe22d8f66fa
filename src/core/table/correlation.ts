/**
 * Table-level views for Explore: a correlation matrix over mixed column types and a downsampled
 * missing-value map.
 */

import {
  isBooleanColumn,
  isCategoricalColumn,
  MISSING_BOOL,
  MISSING_CODE,
  numericValues,
  type CategoricalColumn,
  type Column,
  type Table,
} from './table';

/** How a column takes part in the correlation matrix. */
export type CorrelationKind = 'numeric' | 'categorical';

/**
 * Columns one matrix covers at most. A wide table (thousands of columns) has millions of pairs:
 * computing them all took minutes, and drawing a 3,000 × 3,000 heat map blocked the page for
 * seconds. The matrix covers a window of this many columns at a time, and the view says so.
 */
export const MAX_CORRELATION_COLUMNS = 40;

export interface CorrelationMatrix {
  /** Columns that can be correlated in the whole table (the window is a part of them). */
  total: number;
  /** Index (among those columns) of the window's first column. */
  offset: number;
  names: string[];
  kinds: CorrelationKind[];
  /**
   * values[i][j], symmetric, 1 on the diagonal (NaN for a constant column):
   * numeric–numeric: Pearson's r (−1…1);
   * categorical–categorical: Cramér's V without bias correction (0…1);
   * numeric–categorical: the correlation ratio η (0…1).
   * Each pair uses the rows where both values are present; NaN with fewer than 3 such rows or
   * no variation.
   */
  values: number[][];
}

/**
 * Correlations between the table's numeric columns (integers, numbers, dates as epoch ms and
 * booleans as 0/1) and its category columns. Text and identifier columns are left out: with
 * nearly one value per row, association with them is meaningless. See CorrelationMatrix.values
 * for the measure used per pair. Covers the `limit` columns from `offset` (among those that can
 * be correlated; at most MAX_CORRELATION_COLUMNS by default).
 */
export function correlationMatrix(
  table: Table,
  range: { offset?: number; limit?: number } = {},
): CorrelationMatrix {
  const usable = table.columns.filter((c) => !isCategoricalColumn(c) || c.type === 'category');
  const limit = Math.max(1, range.limit ?? MAX_CORRELATION_COLUMNS);
  const offset = Math.max(0, Math.min(range.offset ?? 0, Math.max(0, usable.length - 1)));
  const names: string[] = [];
  const kinds: CorrelationKind[] = [];
  const numeric: (Float64Array | null)[] = [];
  const categorical: (CategoricalColumn | null)[] = [];
  for (const c of usable.slice(offset, offset + limit)) {
    if (isCategoricalColumn(c)) {
      kinds.push('categorical');
      categorical.push(c);
      numeric.push(null);
    } else {
      kinds.push('numeric');
      numeric.push(numericValues(c));
      categorical.push(null);
    }
    names.push(c.name);
  }
  const k = names.length;
  const values = Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const xi = numeric[i];
      const xj = numeric[j];
      const ci = categorical[i];
      const cj = categorical[j];
      let r: number;
      if (xi && xj) r = i === j ? selfNumeric(xi) : pearson(xi, xj);
      else if (ci && cj) r = i === j ? selfCategorical(ci) : cramersV(ci, cj);
      else if (ci && xj) r = correlationRatio(ci, xj);
      else r = correlationRatio(cj!, xi!);
      values[i]![j] = r;
      values[j]![i] = r;
    }
  }
  return { total: usable.length, offset, names, kinds, values };
}

function selfNumeric(x: Float64Array): number {
  let first = NaN;
  for (const v of x) {
    if (v !== v) continue;
    if (first !== first) first = v;
    else if (v !== first) return 1;
  }
  return NaN;
}

function selfCategorical(c: CategoricalColumn): number {
  let first = MISSING_CODE;
  for (const code of c.codes) {
    if (code === MISSING_CODE) continue;
    if (first === MISSING_CODE) first = code;
    else if (code !== first) return 1;
  }
  return NaN;
}

/** Pearson's r over rows where both are present (two passes: means, then co-moments). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    const da = a - mx;
    const db = b - my;
    sxy += da * db;
    sxx += da * da;
    syy += db * db;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Cramér's V of two categorical columns, without bias correction:
 * V = sqrt(χ² / (n · (min(r, c) − 1))), χ² from the contingency table of present pairs.
 */
export function cramersV(a: CategoricalColumn, b: CategoricalColumn): number {
  const ra = a.dictionary.length;
  const rb = b.dictionary.length;
  const table = new Float64Array(ra * rb);
  const rowSum = new Float64Array(ra);
  const colSum = new Float64Array(rb);
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i]!;
    const y = b.codes[i]!;
    if (x === MISSING_CODE || y === MISSING_CODE) continue;
    table[x * rb + y]!++;
    rowSum[x]!++;
    colSum[y]!++;
    n++;
  }
  if (n < 3) return NaN;
  const rows = rowSum.filter((v) => v > 0).length;
  const cols = colSum.filter((v) => v > 0).length;
  const m = Math.min(rows, cols) - 1;
  if (m <= 0) return NaN;
  // χ² = n · (Σ n_ij² / (n_i · n_j) − 1)
  let s = 0;
  for (let x = 0; x < ra; x++) {
    if (rowSum[x] === 0) continue;
    for (let y = 0; y < rb; y++) {
      const o = table[x * rb + y]!;
      if (o > 0) s += (o * o) / (rowSum[x]! * colSum[y]!);
    }
  }
  const chi2 = n * (s - 1);
  return Math.sqrt(Math.max(0, chi2) / (n * m));
}

/** The correlation ratio η: sqrt(between-group / total sum of squares) of `y` grouped by `g`. */
export function correlationRatio(g: CategoricalColumn, y: ArrayLike<number>): number {
  const k = g.dictionary.length;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let n = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const code = g.codes[i]!;
    const v = y[i]!;
    if (code === MISSING_CODE || v !== v) continue;
    sums[code]! += v;
    counts[code]!++;
    total += v;
    n++;
  }
  if (n < 3) return NaN;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < y.length; i++) {
    const code = g.codes[i]!;
    const v = y[i]!;
    if (code === MISSING_CODE || v !== v) continue;
    ssTotal += (v - mean) ** 2;
  }
  if (ssTotal === 0) return NaN;
  let ssBetween = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) ssBetween += counts[c]! * (sums[c]! / counts[c]! - mean) ** 2;
  }
  return Math.sqrt(Math.min(1, ssBetween / ssTotal));
}

export interface MissingMap {
  columns: string[];
  /** First table row of each row bin; bin b covers [binStarts[b], binStarts[b + 1]). */
  binStarts: number[];
  /** values[b][c]: share (0…1) of rows in bin b where column c is missing. */
  values: number[][];
}

/**
 * Missingness downsampled to at most `maxRows` row bins (each bin the share of missing cells
 * in consecutive rows), for a rows × columns heat map of any table size.
 */
export function missingMap(table: Table, maxRows: number): MissingMap {
  const n = table.rowCount;
  const bins = Math.max(0, Math.min(n, Math.floor(maxRows)));
  const binStarts = Array.from({ length: bins }, (_, b) => Math.floor((b * n) / bins));
  const values = Array.from({ length: bins }, () => new Array<number>(table.columns.length).fill(0));
  table.columns.forEach((col, c) => {
    const missingAt = missingTest(col);
    for (let b = 0; b < bins; b++) {
      const start = binStarts[b]!;
      const end = b + 1 < bins ? binStarts[b + 1]! : n;
      let m = 0;
      for (let r = start; r < end; r++) if (missingAt(r)) m++;
      values[b]![c] = end > start ? m / (end - start) : 0;
    }
  });
  return { columns: table.columns.map((c) => c.name), binStarts, values };
}

function missingTest(col: Column): (row: number) => boolean {
  if (isCategoricalColumn(col)) return (r) => col.codes[r] === MISSING_CODE;
  if (isBooleanColumn(col)) return (r) => col.values[r] === MISSING_BOOL;
  const v = col.values;
  return (r) => Number.isNaN(v[r]);
}
