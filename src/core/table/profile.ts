/**
 * Column and table profiles for the Explore phase. Numeric and date columns are profiled from one
 * sorted copy of their present values (quantiles, distinct values, top values, histogram in
 * linear passes); categorical columns from one pass counting codes. Conventions follow pandas:
 * std is the sample standard deviation (ddof = 1); quantiles interpolate linearly between order
 * statistics (numpy's default, `h = (n − 1)·p`).
 */

import { formatDate } from './dates';
import { countingSortFloat64, sortFloat64 } from './sortNumbers';
import {
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isNumericColumn,
  MISSING_BOOL,
  MISSING_CODE,
  type CategoricalColumn,
  type Column,
  type ColumnType,
  type Table,
  booleanText,
} from './table';

/**
 * constant: at most one distinct value. identifier-like: integer or text column with ≥ 95%
 * distinct values (and ≥ 20 values). heavy-missing: more than 40% missing. outliers: numeric
 * values beyond 1.5 × IQR from the quartiles.
 */
export type ProfileFlag = 'constant' | 'identifier-like' | 'heavy-missing' | 'outliers';

export interface Quantiles {
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export type Histogram =
  /** Numbers and dates: `counts[i]` values in [edges[i], edges[i+1]) (the last bin is closed). */
  | {
      kind: 'bins';
      edges: number[];
      counts: number[];
      /** One bin per integer (edges at v ± 0.5): each bar stands for the value at its centre. */
      integer?: true;
    }
  /** Categories and booleans: the 20 most frequent values, then everything else in `other`. */
  | { kind: 'bars'; labels: string[]; counts: number[]; other: number };

export interface OutlierCounts {
  /** Values below q1 − 1.5·IQR or above q3 + 1.5·IQR. */
  iqr: number;
  /** Values with |x − mean| / std > 3. */
  zScore: number;
  lowerFence: number;
  upperFence: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Present (non-missing) values. */
  count: number;
  missing: number;
  distinct: number;
  /** Numbers, dates (epoch ms) and booleans (0/1); null for text columns or when all are missing. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof = 1); null with fewer than two values. */
  std: number | null;
  quantiles: Quantiles | null;
  /** The 10 most frequent values (as display text) with their counts, most frequent first. */
  top: { value: string; count: number }[];
  histogram: Histogram;
  flags: ProfileFlag[];
  outliers: OutlierCounts | null;
}

export interface TableProfile {
  rowCount: number;
  columnCount: number;
  /** Missing cells over the whole table. */
  missingCells: number;
  columns: ColumnProfile[];
}

const TOP_VALUES = 10;
const DAY_MS = 86_400_000;
const BAR_COUNT = 20;
const HISTOGRAM_BINS = 20;

/**
 * The value at quantile `p` (0…1) of ascending `sorted`, interpolating linearly between the two
 * nearest order statistics (numpy.quantile's default). NaN when `sorted` is empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  return a + (h - lo) * (sorted[lo + 1]! - a);
}

/**
 * Bin edges for a histogram of values in [min, max]: integers over a short range get one bin
 * per integer (edges at ±0.5) so bars sit on the values; otherwise `bins` equal bins (numpy's
 * `histogram` edges; a single value gets the range [v − 0.5, v + 0.5]).
 */
export function histogramEdges(min: number, max: number, integer: boolean, bins = HISTOGRAM_BINS): number[] {
  if (integer && max - min + 1 <= bins) {
    return Array.from({ length: max - min + 2 }, (_, k) => min - 0.5 + k);
  }
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
}

function emptyProfile(col: Column, missing: number): ColumnProfile {
  return {
    name: col.name,
    type: col.type,
    count: 0,
    missing,
    distinct: 0,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: null,
    top: [],
    histogram: { kind: 'bars', labels: [], counts: [], other: 0 },
    flags: [],
    outliers: null,
  };
}

function flagsFor(p: ColumnProfile, rows: number): ProfileFlag[] {
  const flags: ProfileFlag[] = [];
  if (p.distinct <= 1) flags.push('constant');
  const idType =
    p.type === 'integer' || p.type === 'identifier' || p.type === 'text' || p.type === 'category';
  if (idType && p.count >= 20 && p.distinct >= 0.95 * p.count) flags.push('identifier-like');
  if (rows > 0 && p.missing > 0.4 * rows) flags.push('heavy-missing');
  if (p.outliers && p.outliers.iqr > 0) flags.push('outliers');
  return flags;
}

/** Profiles one column; see ColumnProfile for what each statistic means. */
export function profileColumn(col: Column): ColumnProfile {
  const p = isCategoricalColumn(col) ? profileCategorical(col) : profileNumbers(col);
  p.flags = flagsFor(p, p.count + p.missing);
  return p;
}

function displayOf(col: Column, value: number): string {
  return isDateColumn(col) ? formatDate(value, col.type === 'datetime') : String(value);
}

/**
 * Scratch memory for profiling, reused by the next column (a table's columns are profiled one
 * after another): one allocation instead of two per column, which spares the collector work
 * right after an ingest. Held weakly, so an idle worker does not keep it.
 */
let scratchMemory: WeakRef<ArrayBuffer> | undefined;

function scratch(bytes: number): ArrayBuffer {
  const held = scratchMemory?.deref();
  if (held && held.byteLength >= bytes) return held;
  const fresh = new ArrayBuffer(bytes);
  scratchMemory = new WeakRef(fresh);
  return fresh;
}

function profileNumbers(col: Exclude<Column, CategoricalColumn>): ColumnProfile {
  const raw = col.values;
  const n = raw.length;
  const isBool = isBooleanColumn(col);
  // The present values, then the sort's scratch, in memory reused from column to column.
  const memory = scratch(16 * n);
  const present = new Float64Array(memory, 0, n);
  let count = 0;
  let sum = 0;
  let low = Infinity;
  let high = -Infinity;
  let negativeZero = false;
  for (let i = 0; i < n; i++) {
    const v = raw[i]!;
    if (isBool ? v === MISSING_BOOL : v !== v) continue;
    present[count++] = v;
    sum += v;
    if (v < low) low = v;
    if (v > high) high = v;
    if (v === 0 && 1 / v < 0) negativeZero = true;
  }
  if (count === 0) return emptyProfile(col, n);
  // Flags, small integers, ids and dates sort by counting; other numbers by radix sort.
  const values = present.subarray(0, count);
  const step = col.type === 'date' ? DAY_MS : 1;
  const sorted =
    !negativeZero && countingSortFloat64(values, low, high, step)
      ? values
      : sortFloat64(values, new Uint32Array(memory, 8 * n, 2 * n));
  const mean = sum / count;
  // One pass over the sorted copy: squared deviations (in sorted order, value by value) and the
  // runs of equal values, which give the distinct count and the most frequent values.
  let ss = 0;
  let distinct = 0;
  // Whole numbers in a "number" column (date parts, counts made by a recipe) bin like integers.
  let whole = true;
  const top: { v: number; count: number }[] = [];
  for (let i = 0; i < count;) {
    const v = sorted[i]!;
    const d = v - mean;
    const dd = d * d;
    let j = i;
    do {
      ss += dd;
      j++;
    } while (j < count && sorted[j] === v);
    distinct++;
    if (whole && !Number.isInteger(v)) whole = false;
    const run = j - i;
    // Most runs do not make the top: no object for them.
    if (top.length < TOP_VALUES || top[TOP_VALUES - 1]!.count < run) pushTop(top, { v, count: run });
    i = j;
  }
  const std = count > 1 ? Math.sqrt(ss / (count - 1)) : null;
  const min = sorted[0]!;
  const max = sorted[count - 1]!;
  const q = (p: number): number => quantileSorted(sorted, p);
  const quantiles: Quantiles = { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };

  const label = (v: number): string => (isBooleanColumn(col) ? booleanText(col, v) : displayOf(col, v));
  const topValues = top.map((t) => ({ value: label(t.v), count: t.count }));

  let histogram: Histogram;
  if (isBool) {
    histogram = {
      kind: 'bars',
      labels: topValues.map((t) => t.value),
      counts: topValues.map((t) => t.count),
      other: 0,
    };
  } else {
    const integer = col.type === 'integer' || (col.type === 'number' && whole);
    const edges = histogramEdges(min, max, integer);
    histogram = { kind: 'bins', edges, counts: binCounts(sorted, edges) };
    if (integer && edges.length - 1 === max - min + 1) histogram.integer = true;
  }

  let outliers: OutlierCounts | null = null;
  if (isNumericColumn(col)) {
    const iqr = quantiles.p75 - quantiles.p25;
    const lowerFence = quantiles.p25 - 1.5 * iqr;
    const upperFence = quantiles.p75 + 1.5 * iqr;
    // Each outlier test is monotone on each side of the mean, so in the sorted copy the
    // outliers are a head and a tail: found by binary search, with the same test per value.
    const iqrCount =
      firstWhere(sorted, 0, count, (v) => !(v < lowerFence)) +
      (count - firstWhere(sorted, 0, count, (v) => v > upperFence));
    let zCount = 0;
    if (std !== null && std > 0) {
      const far = (v: number): boolean => Math.abs(v - mean) / std > 3;
      const middle = firstWhere(sorted, 0, count, (v) => v >= mean);
      zCount =
        firstWhere(sorted, 0, middle, (v) => !far(v)) + (count - firstWhere(sorted, middle, count, far));
    }
    outliers = { iqr: iqrCount, zScore: zCount, lowerFence, upperFence };
  }

  return {
    name: col.name,
    type: col.type,
    count,
    missing: n - count,
    distinct,
    min,
    max,
    mean,
    std,
    quantiles: isBool ? null : quantiles,
    top: topValues,
    histogram,
    flags: [],
    outliers,
  };
}

/** Keeps `top` as the TOP_VALUES largest counts, descending; earlier entries win ties. */
function pushTop<T extends { count: number }>(top: T[], item: T, limit = TOP_VALUES): void {
  if (top.length === limit && top[limit - 1]!.count >= item.count) return;
  let k = top.length < limit ? top.length : limit - 1;
  while (k > 0 && top[k - 1]!.count < item.count) k--;
  top.splice(k, 0, item);
  if (top.length > limit) top.pop();
}

/**
 * The first index in [from, to) of ascending `sorted` where `test` holds, or `to`; `test` must
 * be false and then true along that range.
 */
function firstWhere(sorted: Float64Array, from: number, to: number, test: (v: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Counts of ascending `sorted` per bin of `edges` (last bin closed): a value goes to the last
 * bin whose lower edge it reaches, found by binary search per edge.
 */
function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const n = sorted.length;
  const counts = new Array<number>(bins).fill(0);
  let start = 0;
  for (let b = 0; b < bins; b++) {
    const next = b === bins - 1 ? n : firstWhere(sorted, start, n, (v) => v >= edges[b + 1]!);
    counts[b] = next - start;
    start = next;
  }
  return counts;
}

function profileCategorical(col: CategoricalColumn): ColumnProfile {
  const counts = new Int32Array(col.dictionary.length);
  let missing = 0;
  for (const code of col.codes) {
    if (code === MISSING_CODE) missing++;
    else counts[code]!++;
  }
  const count = col.codes.length - missing;
  if (count === 0) return emptyProfile(col, missing);
  let distinct = 0;
  const bars: { code: number; count: number }[] = [];
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (c === 0) continue;
    distinct++;
    pushTop(bars, { code: k, count: c }, BAR_COUNT);
  }
  const shown = bars.reduce((s, b) => s + b.count, 0);
  return {
    name: col.name,
    type: col.type,
    count,
    missing,
    distinct,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: null,
    top: bars.slice(0, TOP_VALUES).map((b) => ({ value: col.dictionary[b.code]!, count: b.count })),
    histogram: {
      kind: 'bars',
      labels: bars.map((b) => col.dictionary[b.code]!),
      counts: bars.map((b) => b.count),
      other: count - shown,
    },
    flags: [],
    outliers: null,
  };
}

/** Profiles every column of `table`. */
export function profileTable(table: Table): TableProfile {
  const columns = table.columns.map(profileColumn);
  return {
    rowCount: table.rowCount,
    columnCount: table.columns.length,
    missingCells: columns.reduce((s, c) => s + c.missing, 0),
    columns,
  };
}
