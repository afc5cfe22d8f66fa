/**
 * A new batch against a model's reference profile: data quality per column (schema, missing
 * share, values outside the training range, unseen categories) and drift per feature.
 */
import type { ColumnType, Table } from '../table/table';
import { MISSING_CODE } from '../table/table';
import { chiSquareTwoSample, jensenShannon, ksResult, psi, type ChiSquareResult } from './drift';
import { placeValues } from './placement';
import {
  columnCategories,
  columnNumbers,
  type CategoricalProfile,
  type ColumnProfile,
  type NumericProfile,
  type ReferenceProfile,
} from './profile';

export type ColumnStatus = 'ok' | 'missing' | 'extra' | 'wrongType';

export interface ColumnQuality {
  name: string;
  status: ColumnStatus;
  /** The training type, when the model knows the column. */
  expectedType?: ColumnType;
  /** The batch's type, when the batch has the column. */
  actualType?: ColumnType;
  /** Share of the batch's values missing (after conversion). */
  missingShare: number;
  /** The same share in the training rows. */
  referenceMissingShare?: number;
  /** Values that could not be read as the training type (they became missing). */
  conversionFailures?: number;
  /** Numeric: values below the training minimum or above its maximum. */
  outOfRange?: number;
  /** Categorical: values the training rows never had, with a few examples. */
  unseen?: number;
  unseenExamples?: string[];
}

export interface FeatureDrift {
  name: string;
  kind: 'numeric' | 'categorical';
  psi: number;
  jensenShannon: number;
  ks?: { statistic: number; pValue: number; method: 'exact' | 'asymptotic' };
  chiSquare?: ChiSquareResult;
  /** Batch values compared (missing left out). */
  count: number;
}

export interface BatchAnalysis {
  rows: number;
  quality: ColumnQuality[];
  /** Drift of every input column the batch has, in the profile's order. */
  drift: FeatureDrift[];
  /** Columns the model needs that the batch lacks or cannot read: scoring must refuse. */
  blocking: string[];
}

/** Numeric drift of `values` against a numeric profile, with its out-of-range count. */
export function numericDrift(
  ref: NumericProfile,
  values: ArrayLike<number>,
): FeatureDrift & { outOfRange: number } {
  const placed = placeValues(ref.sample, Float64Array.from(ref.edges), ref, values);
  const n = placed.n;
  const shares = placed.binCounts.map((c) => c / (n || 1));
  const ks = ksResult(ref.sample, placed);
  return {
    name: ref.name,
    kind: 'numeric',
    psi: n ? psi(ref.shares, shares) : NaN,
    jensenShannon: n ? jensenShannon(ref.shares, shares) : NaN,
    ks: { statistic: ks.statistic, pValue: ks.pValue, method: ks.method },
    count: n,
    outOfRange: placed.outOfRange,
  };
}

/** Counts of the batch's categories against the profile's, unseen ones appended. */
function categoryCounts(
  ref: CategoricalProfile,
  labels: readonly string[],
  codes: Int32Array,
): { refCounts: number[]; counts: number[]; unseen: Map<string, number>; count: number } {
  const perCode = new Float64Array(labels.length);
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === MISSING_CODE) continue;
    perCode[c]!++;
    count++;
  }
  const index = new Map(ref.categories.map((c, k) => [c, k]));
  const counts = new Array<number>(ref.categories.length).fill(0);
  const unseen = new Map<string, number>();
  labels.forEach((l, k) => {
    const n = perCode[k]!;
    if (n === 0) return;
    const at = index.get(l);
    if (at === undefined) unseen.set(l, (unseen.get(l) ?? 0) + n);
    else counts[at]! += n;
  });
  const refCounts = [...ref.counts, ...Array<number>(unseen.size).fill(0)];
  return { refCounts, counts: [...counts, ...unseen.values()], unseen, count };
}

/** Categorical drift of category codes over `labels` against a categorical profile. */
export function categoricalDrift(
  ref: CategoricalProfile,
  labels: readonly string[],
  codes: Int32Array,
): FeatureDrift & { unseen: Map<string, number> } {
  const { refCounts, counts, unseen, count } = categoryCounts(ref, labels, codes);
  const refTotal = refCounts.reduce((a, b) => a + b, 0);
  const p = refCounts.map((c) => c / (refTotal || 1));
  const q = counts.map((c) => c / (count || 1));
  return {
    name: ref.name,
    kind: 'categorical',
    psi: count ? psi(p, q) : NaN,
    jensenShannon: count ? jensenShannon(refCounts, counts) : NaN,
    chiSquare: chiSquareTwoSample(refCounts, counts),
    count,
    unseen,
  };
}

function missingShareOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) m++;
  return values.length ? m / values.length : 0;
}

function columnAgainst(
  ref: ColumnProfile,
  table: Table,
  failures: Record<string, number>,
): { quality: ColumnQuality; drift?: FeatureDrift } {
  const col = table.columns.find((c) => c.name === ref.name);
  const base = { name: ref.name, expectedType: ref.type, referenceMissingShare: ref.missingShare };
  if (!col) return { quality: { ...base, status: 'missing', missingShare: 1 } };
  const failed = failures[ref.name] ?? 0;
  const common = { ...base, actualType: col.type, ...(failed ? { conversionFailures: failed } : {}) };
  if (ref.kind === 'numeric') {
    const values = columnNumbers(col);
    if (!values) return { quality: { ...common, status: 'wrongType', missingShare: 0 } };
    const { outOfRange, ...drift } = numericDrift(ref, values);
    const missingShare = values.length ? (values.length - drift.count) / values.length : 0;
    // Every value unreadable as a number: the column is not the one the model was trained on.
    if (failed > 0 && drift.count === 0) return { quality: { ...common, status: 'wrongType', missingShare } };
    return { quality: { ...common, status: 'ok', missingShare, outOfRange }, drift };
  }
  const cats = columnCategories(col);
  if (!cats) {
    const numbers = columnNumbers(col) ?? new Float64Array(0);
    return { quality: { ...common, status: 'wrongType', missingShare: missingShareOf(numbers) } };
  }
  let missing = 0;
  for (let i = 0; i < cats.codes.length; i++) if (cats.codes[i] === MISSING_CODE) missing++;
  const drift = categoricalDrift(ref, cats.labels, cats.codes);
  const unseenTotal = ref.truncated ? 0 : [...drift.unseen.values()].reduce((a, b) => a + b, 0);
  const { unseen, ...featureDrift } = drift;
  return {
    quality: {
      ...common,
      status: 'ok',
      missingShare: cats.codes.length ? missing / cats.codes.length : 0,
      ...(ref.truncated ? {} : { unseen: unseenTotal, unseenExamples: [...unseen.keys()].slice(0, 5) }),
    },
    drift: featureDrift,
  };
}

/**
 * Quality and drift of `table` against `profile`. `failures` are the ingest's per-column counts
 * of values that did not convert to the forced training type. `ignore` names batch columns that
 * are expected beyond the inputs (the target, an id) and so are not reported as extra.
 */
export function analyzeBatch(
  profile: ReferenceProfile,
  table: Table,
  options: { failures?: Record<string, number>; ignore?: readonly string[] } = {},
): BatchAnalysis {
  const quality: ColumnQuality[] = [];
  const drift: FeatureDrift[] = [];
  const blocking: string[] = [];
  for (const ref of profile.columns) {
    const r = columnAgainst(ref, table, options.failures ?? {});
    quality.push(r.quality);
    if (r.drift) drift.push(r.drift);
    if (r.quality.status === 'missing' || r.quality.status === 'wrongType') blocking.push(ref.name);
  }
  const known = new Set([...profile.columns.map((c) => c.name), ...(options.ignore ?? [])]);
  for (const c of table.columns) {
    if (known.has(c.name)) continue;
    quality.push({ name: c.name, status: 'extra', actualType: c.type, missingShare: 0 });
  }
  return { rows: table.rowCount, quality, drift, blocking };
}

/**
 * Drift of a batch's predictions against the profile's held-out predictions: class labels
 * (classification) or values (regression).
 */
export function predictionDrift(
  profile: ReferenceProfile,
  predictions: { labels: readonly string[]; codes: Int32Array } | { values: Float64Array },
): FeatureDrift | undefined {
  const ref = profile.prediction;
  if (!ref) return undefined;
  if (ref.kind === 'numeric' && 'values' in predictions) {
    const { outOfRange: _outOfRange, ...d } = numericDrift(ref, predictions.values);
    return d;
  }
  if (ref.kind === 'categorical' && 'codes' in predictions) {
    const { unseen: _unseen, ...d } = categoricalDrift(ref, predictions.labels, predictions.codes);
    return d;
  }
  return undefined;
}
