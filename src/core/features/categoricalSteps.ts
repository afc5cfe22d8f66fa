/**
 * Steps that turn categories into numbers: one-hot, ordinal and target encoding. Categories are
 * matched by their text, never by dictionary code, so a scoring file whose dictionary differs
 * (other order, unseen values) replays the recipe exactly.
 */

import { isNumericColumn } from '../table/table';
import type { StepContext } from './stepContext';
import { foldAssignment } from './stats';
import type {
  FittedOneHot,
  FittedOrdinal,
  FittedTargetEncode,
  OneHotStep,
  OrdinalStep,
  TargetEncodeStep,
} from './types';
import type { WorkColumn, WorkingSet } from './workingSet';
import { compareStrings, countKeys, indexRows, numberColumn } from './workingSet';

// ---- one-hot ----

/**
 * Keeps the topK most frequent training categories (all by default; ties alphabetical), in
 * alphabetical order after a `(missing)` column when training had missing values and
 * `missing` is "category" — scikit-learn's OneHotEncoder layout.
 */
export function fitOneHot(spec: OneHotStep, set: WorkingSet, ctx: StepContext): FittedOneHot {
  const taken = new Set<string>();
  const claim = (name: string): string => {
    const out = set.uniqueName(name, taken);
    taken.add(out);
    return out;
  };
  const columns = spec.columns.map((name) => {
    const { counts, missing } = countKeys(set.get(name, ctx.index, ctx.spec), ctx.index, ctx.spec);
    const byFrequency = [...counts.keys()].sort(
      (a, b) => counts.get(b)! - counts.get(a)! || compareStrings(a, b),
    );
    const k = spec.topK ?? byFrequency.length;
    const categories = byFrequency.slice(0, k).sort(compareStrings);
    const infrequent = byFrequency.slice(k).sort(compareStrings);
    const missingOutput =
      (spec.missing ?? 'category') === 'category' && missing > 0 ? claim(`${name}=(missing)`) : undefined;
    const outputs = categories.map((c) => claim(`${name}=${c}`));
    const otherOutput = spec.other !== false && infrequent.length > 0 ? claim(`${name}=(other)`) : undefined;
    return {
      name,
      categories,
      outputs,
      infrequent,
      ...(missingOutput === undefined ? {} : { missingOutput }),
      ...(otherOutput === undefined ? {} : { otherOutput }),
    };
  });
  const fitted: FittedOneHot = { kind: 'oneHot', columns };
  applyOneHot(fitted, set, ctx);
  return fitted;
}

/** Unseen categories → all zeros; infrequent training categories → (other); missing → (missing) or zeros. */
export function applyOneHot(fitted: FittedOneHot, set: WorkingSet, ctx: StepContext): void {
  for (const c of fitted.columns) {
    const work = set.get(c.name, ctx.index, ctx.spec);
    const names = [
      ...(c.missingOutput ? [c.missingOutput] : []),
      ...c.outputs,
      ...(c.otherOutput ? [c.otherOutput] : []),
    ];
    const first = c.missingOutput ? 1 : 0;
    const lookup = new Map<string, number>(c.categories.map((cat, i) => [cat, first + i]));
    if (c.otherOutput) for (const cat of c.infrequent) lookup.set(cat, names.length - 1);
    const rows = indexRows(work, lookup, c.missingOutput ? 0 : -1, -1, ctx.index, ctx.spec);
    const values = names.map(() => new Float64Array(set.rowCount));
    for (let i = 0; i < rows.length; i++) {
      const at = rows[i]!;
      if (at >= 0) values[at]![i] = 1;
    }
    set.replace(
      c.name,
      names.map((n, j) => ({ column: numberColumn(n, values[j]!), sources: work.sources, step: ctx.index })),
    );
  }
}

// ---- ordinal ----

/** Codes follow `spec.categories`, else the training categories sorted (numerically for numbers). */
export function fitOrdinal(spec: OrdinalStep, set: WorkingSet, ctx: StepContext): FittedOrdinal {
  const columns = spec.columns.map((name) => {
    if (spec.categories) return { name, categories: [...spec.categories] };
    const work = set.get(name, ctx.index, ctx.spec);
    const keys = [...countKeys(work, ctx.index, ctx.spec).counts.keys()];
    keys.sort(isNumericColumn(work.column) ? (a, b) => Number(a) - Number(b) : compareStrings);
    return { name, categories: keys };
  });
  const fitted: FittedOrdinal = { kind: 'ordinal', columns };
  applyOrdinal(fitted, set, ctx);
  return fitted;
}

/** Unseen and missing values both become −1: a number the model can use, never NaN. */
export function applyOrdinal(fitted: FittedOrdinal, set: WorkingSet, ctx: StepContext): void {
  for (const c of fitted.columns) {
    const work = set.get(c.name, ctx.index, ctx.spec);
    const lookup = new Map(c.categories.map((cat, i) => [cat, i]));
    const rows = indexRows(work, lookup, -1, -1, ctx.index, ctx.spec);
    set.replace(c.name, [
      { column: numberColumn(c.name, Float64Array.from(rows)), sources: work.sources, step: ctx.index },
    ]);
  }
}

// ---- target encoding ----

/** The target as the target encoder needs it; built only when a recipe has a target-encode step. */
export type TargetValues =
  | { task: 'regression'; values: Float64Array }
  /** Class index per row (−1 missing) into `classes`. */
  | { task: 'classification'; classes: string[]; labels: Int32Array };

interface CategoryStats {
  /** Per category index (last slot: missing): row count and per-output sums. */
  counts: Float64Array;
  sums: Float64Array[];
  total: number;
  totalSums: Float64Array;
}

function outputCount(target: TargetValues): number {
  return target.task === 'regression' || target.classes.length <= 2 ? 1 : target.classes.length;
}

/** Adds row `i` (category slot `slot`) to the stats; rows with a missing target are skipped. */
function addRow(stats: CategoryStats, target: TargetValues, slot: number, i: number): void {
  if (target.task === 'regression') {
    const y = target.values[i]!;
    if (Number.isNaN(y)) return;
    stats.counts[slot]!++;
    stats.total++;
    stats.sums[0]![slot]! += y;
    stats.totalSums[0]! += y;
    return;
  }
  const label = target.labels[i]!;
  if (label < 0) return;
  stats.counts[slot]!++;
  stats.total++;
  const out = target.classes.length <= 2 ? (label === 1 ? 0 : -1) : label;
  if (out >= 0) {
    stats.sums[out]![slot]! += 1;
    stats.totalSums[out]! += 1;
  }
}

function smoothed(stats: CategoryStats, slot: number, m: number): { enc: number[]; prior: number[] } {
  const prior = Array.from(stats.totalSums, (s) => (stats.total > 0 ? s / stats.total : 0));
  const n = stats.counts[slot]!;
  const enc = prior.map((p, o) => (n === 0 ? p : (stats.sums[o]![slot]! + m * p) / (n + m)));
  return { enc, prior };
}

function emptyStats(slots: number, outputs: number): CategoryStats {
  return {
    counts: new Float64Array(slots),
    sums: Array.from({ length: outputs }, () => new Float64Array(slots)),
    total: 0,
    totalSums: new Float64Array(outputs),
  };
}

/**
 * Learns each category's smoothed target mean from all training rows (the mapping used at
 * inference), but encodes the training rows out-of-fold: each row gets the mapping learned from
 * the other folds, so a row's own target never flows into its own feature.
 */
export function fitTargetEncode(
  spec: TargetEncodeStep,
  set: WorkingSet,
  ctx: StepContext,
  target: TargetValues,
  seed: number,
): FittedTargetEncode {
  const m = spec.smoothing ?? 10;
  const k = Math.min(spec.folds ?? 5, set.rowCount);
  const fold = foldAssignment(set.rowCount, Math.max(k, 1), seed);
  const outputs = outputCount(target);
  const taken = new Set<string>();
  const fitted: FittedTargetEncode = {
    kind: 'targetEncode',
    ...(target.task === 'classification' ? { classes: target.classes } : {}),
    columns: [],
  };
  for (const name of spec.columns) {
    const work = set.get(name, ctx.index, ctx.spec);
    const categories = [...countKeys(work, ctx.index, ctx.spec).counts.keys()].sort(compareStrings);
    const lookup = new Map(categories.map((c, i) => [c, i]));
    const missingSlot = categories.length;
    const slots = indexRows(work, lookup, missingSlot, -1, ctx.index, ctx.spec);
    const all = emptyStats(categories.length + 1, outputs);
    for (let i = 0; i < slots.length; i++) addRow(all, target, slots[i]!, i);
    const encodings = categories.map((_, s) => smoothed(all, s, m).enc);
    const { enc: missingEnc, prior } = smoothed(all, missingSlot, m);
    const names =
      target.task === 'classification' && outputs > 1
        ? target.classes.map((cls) => {
            const out = set.uniqueName(`${name}_te_${cls}`, taken);
            taken.add(out);
            return out;
          })
        : [name];
    fitted.columns.push({
      name,
      outputs: names,
      categories,
      encodings,
      ...(all.counts[missingSlot]! > 0 ? { missing: missingEnc } : {}),
      prior,
    });
    writeEncoded(set, work, names, ctx, outOfFold(slots, fold, Math.max(k, 1), target, outputs, m));
  }
  return fitted;
}

function outOfFold(
  slots: Int32Array,
  fold: Int32Array,
  k: number,
  target: TargetValues,
  outputs: number,
  m: number,
): Float64Array[] {
  const n = slots.length;
  const out = Array.from({ length: outputs }, () => new Float64Array(n));
  const slotCount = slots.reduce((a, b) => Math.max(a, b), -1) + 1;
  for (let f = 0; f < k; f++) {
    const stats = emptyStats(slotCount, outputs);
    for (let i = 0; i < n; i++) if (fold[i] !== f) addRow(stats, target, slots[i]!, i);
    for (let i = 0; i < n; i++) {
      if (fold[i] !== f) continue;
      const enc = smoothed(stats, slots[i]!, m).enc;
      for (let o = 0; o < outputs; o++) out[o]![i] = enc[o]!;
    }
  }
  return out;
}

function writeEncoded(
  set: WorkingSet,
  work: WorkColumn,
  names: string[],
  ctx: StepContext,
  values: Float64Array[],
): void {
  set.replace(
    work.column.name,
    names.map((n, o) => ({ column: numberColumn(n, values[o]!), sources: work.sources, step: ctx.index })),
  );
}

/** The full-training mapping; unseen categories get the training prior, missing its learned value or the prior. */
export function applyTargetEncode(fitted: FittedTargetEncode, set: WorkingSet, ctx: StepContext): void {
  for (const c of fitted.columns) {
    const work = set.get(c.name, ctx.index, ctx.spec);
    const lookup = new Map(c.categories.map((cat, i) => [cat, i]));
    const missingSlot = c.categories.length;
    const table = [...c.encodings, c.missing ?? c.prior, c.prior];
    const rows = indexRows(work, lookup, missingSlot, missingSlot + 1, ctx.index, ctx.spec);
    const values = c.outputs.map(() => new Float64Array(set.rowCount));
    for (let i = 0; i < rows.length; i++) {
      const enc = table[rows[i]!]!;
      for (let o = 0; o < values.length; o++) values[o]![i] = enc[o]!;
    }
    writeEncoded(set, work, c.outputs, ctx, values);
  }
}
