/**
 * The reference profile a model version is monitored against: what its training rows looked
 * like, per input column, and what its predictions looked like on held-out rows. Built once at
 * training time and stored beside the model version (never recomputed: the training table may
 * be gone by the time a batch arrives).
 */
import { createRng } from '../ml/rng';
import {
  isBooleanColumn,
  isCategoricalColumn,
  MISSING_BOOL,
  MISSING_CODE,
  type Column,
  type ColumnType,
  type Table,
} from '../table/table';
import { binShares, decileEdges } from './drift';

/** Stored on every profile; bump when the shape changes (old profiles are then not compared). */
export const PROFILE_FORMAT_VERSION = 1;
/**
 * Training values kept per numeric column for the KS test: a seeded sample beyond this. KS then
 * compares against this many reference values (its p-value uses this n, honestly smaller).
 */
export const REFERENCE_SAMPLE_MAX = 5000;
/** Categories kept per column (most frequent first); beyond it `truncated` is set. */
export const CATEGORY_MAX = 1000;

export interface NumericProfile {
  kind: 'numeric';
  name: string;
  type: ColumnType;
  /** Rows profiled (missing included). */
  rows: number;
  missingShare: number;
  min: number;
  max: number;
  /** The 9 inner decile edges of the training values. */
  edges: number[];
  /** Share of training values in each of the 10 bins. */
  shares: number[];
  /** Ascending training values (all, or a seeded sample of REFERENCE_SAMPLE_MAX). */
  sample: Float64Array;
}

export interface CategoricalProfile {
  kind: 'categorical';
  name: string;
  type: ColumnType;
  rows: number;
  missingShare: number;
  /** Categories, most frequent first; booleans as "true"/"false". */
  categories: string[];
  counts: number[];
  /** More distinct values than CATEGORY_MAX: an unseen category cannot be told apart then. */
  truncated: boolean;
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export interface ReferenceProfile {
  formatVersion: typeof PROFILE_FORMAT_VERSION;
  /** Training rows the profile describes. */
  rows: number;
  columns: ColumnProfile[];
  /** The model's predictions on held-out rows: class labels, or numbers for regression. */
  prediction?: ColumnProfile;
  /** Which rows the prediction profile came from. */
  predictionRows?: 'validation' | 'test' | 'train';
}

/** Plain numbers of a numeric, date or boolean column (NaN = missing), or null for categories. */
export function columnNumbers(c: Column): Float64Array | null {
  if (isCategoricalColumn(c) || isBooleanColumn(c)) return null;
  return c.values;
}

/** Category labels and per-row codes of a categorical or boolean column. */
export function columnCategories(c: Column): { labels: readonly string[]; codes: Int32Array } | null {
  if (isCategoricalColumn(c)) return { labels: c.dictionary, codes: c.codes };
  if (isBooleanColumn(c)) {
    const codes = new Int32Array(c.values.length);
    for (let i = 0; i < codes.length; i++) {
      const v = c.values[i]!;
      codes[i] = v === MISSING_BOOL ? MISSING_CODE : v === 1 ? 1 : 0;
    }
    return { labels: ['false', 'true'], codes };
  }
  return null;
}

/** Profile of numbers (NaN missing) under `name`. */
export function numericProfile(
  name: string,
  type: ColumnType,
  values: ArrayLike<number>,
  seed = 0,
): NumericProfile {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present++;
  const all = new Float64Array(present);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) all[j++] = v;
  }
  all.sort();
  const edges = decileEdges(all);
  let sample = all;
  if (present > REFERENCE_SAMPLE_MAX) {
    // Seeded partial Fisher–Yates on a copy, so the same training gives the same profile.
    const pool = all.slice();
    const rng = createRng(seed);
    for (let k = 0; k < REFERENCE_SAMPLE_MAX; k++) {
      const r = k + Math.floor(rng() * (present - k));
      const t = pool[k]!;
      pool[k] = pool[r]!;
      pool[r] = t;
    }
    sample = pool.slice(0, REFERENCE_SAMPLE_MAX).sort();
  }
  return {
    kind: 'numeric',
    name,
    type,
    rows: values.length,
    missingShare: values.length ? (values.length - present) / values.length : 0,
    min: present ? all[0]! : NaN,
    max: present ? all[present - 1]! : NaN,
    edges: Array.from(edges),
    shares: Array.from(binShares(all, edges)),
    sample,
  };
}

/** Profile of category codes (MISSING_CODE missing) over `labels`. */
export function categoricalProfile(
  name: string,
  type: ColumnType,
  labels: readonly string[],
  codes: Int32Array,
): CategoricalProfile {
  const counts = new Float64Array(labels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === MISSING_CODE) missing++;
    else counts[c]!++;
  }
  // Labels can repeat across a boolean's codes, never in a dictionary; merge by text anyway.
  const byLabel = new Map<string, number>();
  labels.forEach((l, k) => {
    if (counts[k]! > 0) byLabel.set(l, (byLabel.get(l) ?? 0) + counts[k]!);
  });
  const entries = [...byLabel.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = entries.slice(0, CATEGORY_MAX);
  return {
    kind: 'categorical',
    name,
    type,
    rows: codes.length,
    missingShare: codes.length ? missing / codes.length : 0,
    categories: kept.map((e) => e[0]),
    counts: kept.map((e) => e[1]),
    truncated: entries.length > CATEGORY_MAX,
  };
}

/** The profile of one column, numeric or categorical by its type. */
export function columnProfile(c: Column, seed = 0): ColumnProfile {
  const numbers = columnNumbers(c);
  if (numbers) return numericProfile(c.name, c.type, numbers, seed);
  const cats = columnCategories(c)!;
  return categoricalProfile(c.name, c.type, cats.labels, cats.codes);
}

export interface PredictionsForProfile {
  rows: 'validation' | 'test' | 'train';
  /** Classification: predicted class labels; regression: predicted values. */
  labels?: readonly string[];
  codes?: Int32Array;
  values?: Float64Array;
}

/**
 * The reference profile of `table` (the training rows, already restricted to the model's input
 * columns) and of the model's predictions on held-out rows. `seed` makes the KS samples
 * reproducible.
 */
export function buildReferenceProfile(
  table: Table,
  predictions?: PredictionsForProfile,
  seed = 0,
): ReferenceProfile {
  const profile: ReferenceProfile = {
    formatVersion: PROFILE_FORMAT_VERSION,
    rows: table.rowCount,
    columns: table.columns.map((c, i) => columnProfile(c, seed + i)),
  };
  if (predictions?.values) {
    profile.prediction = numericProfile('prediction', 'number', predictions.values, seed);
    profile.predictionRows = predictions.rows;
  } else if (predictions?.labels && predictions.codes) {
    profile.prediction = categoricalProfile('prediction', 'category', predictions.labels, predictions.codes);
    profile.predictionRows = predictions.rows;
  }
  return profile;
}
