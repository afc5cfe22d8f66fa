/**
 * Column type inference from cell texts. The streaming builder decides a column's storage from
 * its first values (`decideKind`) and the string subtype from the whole column
 * (`classifyStrings`); `inferColumnType` runs both over a plain list, for the cast operation and
 * for tests.
 *
 * Rules, in order:
 * - boolean: every value is true/false, yes/no, t/f or y/n (any case). 0/1 stays integer.
 * - integer / number: every value is a number in one notation (see values.ts). Codes with a
 *   leading zero (0700) or more than 15 digits make the column an identifier: read as numbers
 *   they would silently change.
 * - date / datetime: every value is a date in one field order (dates.ts); datetime when any value
 *   has a time. Year-first wins; when every value fits both day-first and month-first the column
 *   is marked ambiguous and read month-first (pandas' default) unless `dayFirst` is set.
 * - otherwise text, then by the whole column: identifier (leading-zero codes; or near-unique,
 *   ≥ 90% distinct, with no spaces, and not a mixed column), category (at most
 *   max(20, min(1000, 10% of values)) distinct), else text.
 * A column where at least 90% of the sampled values fit one typed kind but some do not is read
 * as text and reported as mixed, naming the first value that did not fit.
 */

import type { ColumnType } from './table';
import { dateFit, parseDate, type DateOrder } from './dates';
import { isMissingText, numberShape, NumberShape, parseBooleanText, type NumberStyle } from './values';

/** Hints from the file that settle otherwise ambiguous readings. */
export interface InferHints {
  /** The file's delimiter: in ';' files "1.234" reads as a thousand (decimal comma notation). */
  delimiter?: string;
  /** Read dates that fit both orders day-first (31/12) instead of month-first (12/31). */
  dayFirst?: boolean;
}

/** How a column's cells are stored while ingesting. */
export type StorageKind = 'number' | 'boolean' | 'date' | 'string';

/** The decision for a column from a sample of its non-missing texts. */
export interface KindDecision {
  kind: StorageKind;
  integer: boolean;
  numberStyle: NumberStyle;
  dateOrder: DateOrder;
  ambiguousDate: boolean;
  hasTime: boolean;
  /** The texts were integer-like codes with leading zeros or too many digits. */
  codes: boolean;
  /** For a string column that was mostly one typed kind: the first text that did not fit. */
  misfit?: { index: number; value: string; wouldBe: ColumnType };
}

const MIXED_SHARE = 0.9;
const MIXED_MIN_VALUES = 10;

interface NumberTally {
  fit: number;
  firstMisfit: number;
  decimal: boolean;
  codes: number;
  marks: boolean;
}

function tallyNumbers(values: readonly string[], style: NumberStyle): NumberTally {
  const t: NumberTally = { fit: 0, firstMisfit: -1, decimal: false, codes: 0, marks: false };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const shape = numberShape(v, style);
    if (shape === NumberShape.Integer || shape === NumberShape.Decimal) {
      t.fit++;
      if (shape === NumberShape.Decimal) t.decimal = true;
      if (!t.marks && (v.indexOf(',') !== -1 || v.indexOf('.') !== -1)) t.marks = true;
    } else if (shape === NumberShape.LeadingZero || shape === NumberShape.LongInteger) {
      t.codes++;
    } else if (t.firstMisfit === -1) t.firstMisfit = i;
  }
  return t;
}

function baseDecision(kind: StorageKind): KindDecision {
  return {
    kind,
    integer: false,
    numberStyle: 'dot',
    dateOrder: 'ymd',
    ambiguousDate: false,
    hasTime: false,
    codes: false,
  };
}

function hasOuterSpace(t: string): boolean {
  return t.length > 0 && (t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32);
}

/**
 * Decides how to store a column from a sample of its non-missing texts (in file order).
 * An empty sample decides 'string'.
 */
export function decideKind(texts: readonly string[], hints: InferHints = {}): KindDecision {
  // Typed values may carry spaces (" 12"); the builder trims before parsing them too.
  const values = texts.some(hasOuterSpace) ? texts.map((t) => t.trim()) : texts;
  const n = values.length;
  if (n === 0) return baseDecision('string');

  let boolFit = 0;
  let boolMisfit = -1;
  for (let i = 0; i < n; i++) {
    if (parseBooleanText(values[i]!) !== -1) boolFit++;
    else if (boolMisfit === -1) boolMisfit = i;
  }
  if (boolFit === n) return baseDecision('boolean');

  const dot = tallyNumbers(values, 'dot');
  const comma = tallyNumbers(values, 'comma');
  const dotAll = dot.fit === n;
  const commaAll = comma.fit === n;
  if (dotAll || commaAll) {
    // Both notations fit only when every mark could be either a thousands group or a decimal
    // mark (1.234); the file's delimiter is the best tie-breaker.
    const style: NumberStyle =
      dotAll && commaAll
        ? dot.marks && hints.delimiter === ';'
          ? 'comma'
          : 'dot'
        : dotAll
          ? 'dot'
          : 'comma';
    const t = style === 'dot' ? dot : comma;
    return { ...baseDecision('number'), integer: !t.decimal, numberStyle: style };
  }
  if (dot.fit + dot.codes === n && dot.codes > 0) return { ...baseDecision('string'), codes: true };

  let ymd = 0;
  let dmy = 0;
  let mdy = 0;
  let hasTime = false;
  let dateMisfit = -1;
  for (let i = 0; i < n; i++) {
    const f = dateFit(values[i]!);
    if (f.ymd) ymd++;
    if (f.dmy) dmy++;
    if (f.mdy) mdy++;
    if (f.ymd || f.dmy || f.mdy) hasTime ||= f.hasTime;
    else if (dateMisfit === -1) dateMisfit = i;
  }
  if (ymd === n || dmy === n || mdy === n) {
    const both = dmy === n && mdy === n;
    const dateOrder: DateOrder =
      ymd === n ? 'ymd' : both ? (hints.dayFirst ? 'dmy' : 'mdy') : dmy === n ? 'dmy' : 'mdy';
    return { ...baseDecision('date'), dateOrder, ambiguousDate: both && ymd !== n, hasTime };
  }

  const decision = baseDecision('string');
  if (n >= MIXED_MIN_VALUES) {
    const best = Math.max(dot.fit, boolFit, ymd, dmy, mdy);
    if (best >= MIXED_SHARE * n) {
      let index: number;
      let wouldBe: ColumnType;
      if (best === dot.fit) {
        index = dot.firstMisfit === -1 ? values.findIndex((v) => numberShape(v, 'dot') > 2) : dot.firstMisfit;
        wouldBe = dot.decimal ? 'number' : 'integer';
      } else if (best === boolFit) {
        index = boolMisfit;
        wouldBe = 'boolean';
      } else {
        index = dateMisfit === -1 ? firstDateMisfit(values, ymd, dmy, mdy) : dateMisfit;
        wouldBe = hasTime ? 'datetime' : 'date';
      }
      if (index >= 0) decision.misfit = { index, value: values[index]!, wouldBe };
    }
  }
  return decision;
}

/** The first value that breaks the best-fitting date order (every value parsed in some order). */
function firstDateMisfit(values: readonly string[], ymd: number, dmy: number, mdy: number): number {
  const order: DateOrder = ymd >= dmy && ymd >= mdy ? 'ymd' : dmy >= mdy ? 'dmy' : 'mdy';
  return values.findIndex((v) => !dateFit(v)[order]);
}

/** What the whole of a text column looked like, for choosing category, text or identifier. */
export interface StringStats {
  nonMissing: number;
  distinct: number;
  /** Values were integer-like codes with leading zeros or too many digits. */
  codes: boolean;
  /** Share of distinct values that contain whitespace. */
  spacedShare: number;
  /** Mostly numbers, dates or booleans with some stray values: never called an identifier. */
  mixed?: boolean;
}

const NEAR_UNIQUE = 0.9;
const MIN_ROWS_FOR_IDENTIFIER = 20;

/** The largest number of distinct values a category column may have, given its non-missing count. */
export function categoryLimit(nonMissing: number): number {
  return Math.max(20, Math.min(1000, Math.floor(0.1 * nonMissing)));
}

/** Chooses the subtype of a text column from statistics over all of its values. */
export function classifyStrings(s: StringStats): 'category' | 'text' | 'identifier' {
  if (s.codes) return 'identifier';
  if (s.nonMissing === 0) return 'text';
  const nearUnique = s.nonMissing >= MIN_ROWS_FOR_IDENTIFIER && s.distinct >= NEAR_UNIQUE * s.nonMissing;
  if (nearUnique && s.spacedShare < 0.1 && !s.mixed) return 'identifier';
  if (s.distinct <= categoryLimit(s.nonMissing)) return 'category';
  return 'text';
}

/** Statistics over the distinct texts of a column, for `classifyStrings`. */
export function stringStats(
  distinctValues: Iterable<string>,
  nonMissing: number,
  codes: boolean,
  mixed = false,
): StringStats {
  let distinct = 0;
  let spaced = 0;
  for (const v of distinctValues) {
    distinct++;
    if (/\s/.test(v)) spaced++;
  }
  return { nonMissing, distinct, codes, spacedShare: distinct === 0 ? 0 : spaced / distinct, mixed };
}

/** The inferred type of a list of texts, with the reading details the type depends on. */
export interface ColumnInference {
  type: ColumnType;
  /** Set for numeric columns written with a decimal comma. */
  decimalComma?: boolean;
  /** Set for date columns. */
  dateFormat?: DateOrder;
  /** Every date fitted both day-first and month-first; `dateFormat` is the default chosen. */
  ambiguousDate?: boolean;
  /** Mostly one typed kind but read as text: the first text (by index in `values`) that did not fit. */
  mixedFrom?: { index: number; value: string; wouldBe: ColumnType };
}

/**
 * Infers a column type from all of its texts (missing tokens included; see MISSING_TOKENS).
 * Used by the cast operation and tests; ingest applies the same rules incrementally.
 */
export function inferColumnType(values: readonly string[], hints: InferHints = {}): ColumnInference {
  const present: string[] = [];
  const positions: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!isMissingText(v)) {
      present.push(v);
      positions.push(i);
    }
  }
  const d = decideKind(present, hints);
  return inferenceFromDecision(
    d,
    () => stringStats(new Set(present), present.length, d.codes, d.misfit !== undefined),
    (i) => positions[i]!,
  );
}

/** Turns a storage decision into the public description of the column. */
export function inferenceFromDecision(
  d: KindDecision,
  stats: () => StringStats,
  positionOf: (sampleIndex: number) => number = (i) => i,
): ColumnInference {
  switch (d.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return d.numberStyle === 'comma'
        ? { type: d.integer ? 'integer' : 'number', decimalComma: true }
        : { type: d.integer ? 'integer' : 'number' };
    case 'date': {
      const out: ColumnInference = { type: d.hasTime ? 'datetime' : 'date', dateFormat: d.dateOrder };
      if (d.ambiguousDate) out.ambiguousDate = true;
      return out;
    }
    case 'string': {
      const out: ColumnInference = { type: classifyStrings(stats()) };
      if (d.misfit) out.mixedFrom = { ...d.misfit, index: positionOf(d.misfit.index) };
      return out;
    }
  }
}

/** Storage for a column whose type the user chose: the reading details still come from the sample. */
export function decisionForOverride(
  sample: readonly string[],
  type: ColumnType,
  hints: InferHints,
): KindDecision {
  const inferred = decideKind(sample, hints);
  const kind: StorageKind =
    type === 'integer' || type === 'number'
      ? 'number'
      : type === 'date' || type === 'datetime'
        ? 'date'
        : type === 'boolean'
          ? 'boolean'
          : 'string';
  const d: KindDecision = { ...inferred, kind, misfit: undefined };
  if (kind === 'number') {
    if (inferred.kind !== 'number') d.numberStyle = bestStyle(sample, hints);
    d.integer = type === 'integer';
  } else if (kind === 'date' && inferred.kind !== 'date') {
    d.dateOrder = bestOrder(sample, hints);
    d.ambiguousDate = false;
  }
  return d;
}

function bestStyle(sample: readonly string[], hints: InferHints): 'dot' | 'comma' {
  let dot = 0;
  let comma = 0;
  for (const v of sample) {
    if (numberShape(v, 'dot') <= NumberShape.Decimal && numberShape(v, 'dot') > 0) dot++;
    if (numberShape(v, 'comma') <= NumberShape.Decimal && numberShape(v, 'comma') > 0) comma++;
  }
  return comma > dot || (comma === dot && hints.delimiter === ';') ? 'comma' : 'dot';
}

function bestOrder(sample: readonly string[], hints: InferHints): DateOrder {
  const counts: Record<DateOrder, number> = { ymd: 0, dmy: 0, mdy: 0 };
  for (const v of sample) {
    for (const o of ['ymd', 'dmy', 'mdy'] as const) if (!Number.isNaN(parseDate(v, o))) counts[o]++;
  }
  if (counts.ymd >= counts.dmy && counts.ymd >= counts.mdy) return 'ymd';
  if (counts.dmy === counts.mdy) return hints.dayFirst ? 'dmy' : 'mdy';
  return counts.dmy > counts.mdy ? 'dmy' : 'mdy';
}
