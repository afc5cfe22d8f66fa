/**
 * The columns a recipe works on between steps. Each step reads columns by name and replaces,
 * inserts or removes columns; every column remembers which input columns it came from so the
 * feature list can say where each feature was made.
 */

import type { Column, NumericColumn, Table } from '../table/table';
import {
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  isNumericColumn,
  MISSING_BOOL,
} from '../table/table';
import type { StepSpec } from './types';
import { describeStep } from './describe';

export interface WorkColumn {
  column: Column;
  /** Input columns this one was computed from. */
  sources: string[];
  /** Last step that wrote it; −1 for an untouched input column. */
  step: number;
}

/** "Step 3 (Standardize x, y)": how errors name a step (1-based for people). */
export function stepLabel(index: number, step: StepSpec): string {
  return `Step ${index + 1} (${describeStep(step)})`;
}

export class WorkingSet {
  #columns: WorkColumn[];
  readonly rowCount: number;
  /** Input columns some step has read: with the final features' sources, what inference needs. */
  readonly reads = new Set<string>();

  constructor(rowCount: number, columns: WorkColumn[]) {
    this.rowCount = rowCount;
    this.#columns = columns;
  }

  get columns(): readonly WorkColumn[] {
    return this.#columns;
  }

  has(name: string): boolean {
    return this.#columns.some((c) => c.column.name === name);
  }

  /** The column `name` as step `index` sees it; throws naming the step when it does not exist. */
  get(name: string, index: number, step: StepSpec): WorkColumn {
    const found = this.#columns.find((c) => c.column.name === name);
    if (!found) {
      throw new Error(
        `${stepLabel(index, step)}: column "${name}" does not exist at this point of the recipe ` +
          `(it is missing from the data, is the target, or an earlier step dropped or replaced it). ` +
          `Remove it from the step or reorder the steps.`,
      );
    }
    for (const s of found.sources) this.reads.add(s);
    return found;
  }

  /** Replaces column `name` by `replacements` at the same position (none removes it). */
  replace(name: string, replacements: WorkColumn[]): void {
    const at = this.#columns.findIndex((c) => c.column.name === name);
    if (at < 0) throw new Error(`Internal error: column "${name}" vanished during the recipe.`);
    this.#columns.splice(at, 1, ...replacements);
  }

  append(column: WorkColumn): void {
    this.#columns.push(column);
  }

  /** `base`, or `base_2`, `base_3`… when a column already has that name (or one in `taken`). */
  uniqueName(base: string, taken: ReadonlySet<string> = new Set()): string {
    const used = (n: string): boolean => taken.has(n) || this.has(n);
    if (!used(base)) return base;
    for (let i = 2; ; i++) {
      const candidate = `${base}_${i}`;
      if (!used(candidate)) return candidate;
    }
  }

  toTable(): Table {
    return { rowCount: this.rowCount, columns: this.#columns.map((c) => c.column) };
  }
}

/** A numeric output column. */
export function numberColumn(name: string, values: Float64Array): NumericColumn {
  return { name, type: 'number', values };
}

/**
 * The values of a numeric, boolean (0/1) or date (epoch ms) column as numbers, NaN for missing.
 * Throws naming the step and column for categorical columns: validateRecipe reports this earlier.
 */
export function numbersOf(work: WorkColumn, index: number, step: StepSpec): Float64Array {
  const c = work.column;
  if (isNumericColumn(c) || isDateColumn(c)) return c.values;
  if (isBooleanColumn(c)) {
    const out = new Float64Array(c.values.length);
    for (let i = 0; i < out.length; i++) out[i] = c.values[i] === MISSING_BOOL ? NaN : c.values[i]!;
    return out;
  }
  throw new Error(
    `${stepLabel(index, step)}: column "${c.name}" holds ${c.type} values, but this step needs ` +
      `numbers. Encode it first (one-hot, ordinal or target encoding) or remove it from the step.`,
  );
}

/**
 * Each row's category as a string key (null when missing): dictionary values for categorical
 * columns, "true"/"false" for booleans, the number's text for numbers. Matching by string, never
 * by dictionary code, is what lets a scoring file with a different dictionary replay the recipe.
 */
export function categoryKeyReader(
  work: WorkColumn,
  index: number,
  step: StepSpec,
): (row: number) => string | null {
  const c = work.column;
  if (isCategoricalColumn(c)) return (row) => (c.codes[row]! < 0 ? null : c.dictionary[c.codes[row]!]!);
  if (isBooleanColumn(c)) {
    return (row) => (c.values[row] === MISSING_BOOL ? null : c.values[row] === 1 ? 'true' : 'false');
  }
  if (isNumericColumn(c)) return (row) => (Number.isNaN(c.values[row]!) ? null : String(c.values[row]));
  throw new Error(
    `${stepLabel(index, step)}: column "${c.name}" holds ${c.type} values, which are not categories. ` +
      `Use a date-parts step for dates, or remove the column from this step.`,
  );
}

/**
 * Maps each row to the index of its key in `lookup`, `missing` when the cell is missing and
 * `unseen` when its key is not in `lookup`. Categorical columns are mapped once per dictionary entry.
 */
export function indexRows(
  work: WorkColumn,
  lookup: ReadonlyMap<string, number>,
  missing: number,
  unseen: number,
  index: number,
  step: StepSpec,
): Int32Array {
  const c = work.column;
  const out = new Int32Array(columnRows(work));
  if (isCategoricalColumn(c)) {
    const byCode = c.dictionary.map((v) => lookup.get(v) ?? unseen);
    for (let i = 0; i < out.length; i++) {
      const code = c.codes[i]!;
      out[i] = code < 0 ? missing : byCode[code]!;
    }
    return out;
  }
  const key = categoryKeyReader(work, index, step);
  for (let i = 0; i < out.length; i++) {
    const k = key(i);
    out[i] = k === null ? missing : (lookup.get(k) ?? unseen);
  }
  return out;
}

/** How often each key occurs (missing excluded), and how many rows are missing. */
export function countKeys(
  work: WorkColumn,
  index: number,
  step: StepSpec,
): { counts: Map<string, number>; missing: number } {
  const key = categoryKeyReader(work, index, step);
  const counts = new Map<string, number>();
  let missing = 0;
  const n = columnRows(work);
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k === null) missing++;
    else counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return { counts, missing };
}

function columnRows(work: WorkColumn): number {
  const c = work.column;
  return isCategoricalColumn(c) ? c.codes.length : c.values.length;
}

/** Ascending by UTF-16 code units (NumPy sorts strings by code point; equal for everyday text). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
