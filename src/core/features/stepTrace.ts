// One column followed through a fitted recipe: its distribution before every step that reads or
// writes it and the distributions of what the step made from it (the Framing preview's charts).
import { expressionColumns, parseExpression } from '../expr';
import { profileColumn, type Histogram } from '../table/profile';
import {
  isBooleanColumn,
  isNumericColumn,
  numericValues,
  type Column,
  type ColumnType,
} from '../table/table';
import type { RecipeTraceEntry } from './recipe';
import type { RecipeSpec, StepSpec } from './types';

/** Columns made from one column that are drawn (date parts, products…). */
const MAX_AFTER = 6;

/** One column's distribution on the traced sample (the profile's histogram and counts). */
export interface ValueDistribution {
  column: string;
  type: ColumnType;
  count: number;
  missing: number;
  histogram: Histogram;
  /** Set when several 0/1 columns made from one column (one-hot, bins) are shown as one bar chart. */
  group?: boolean;
}

/** The traced column around one step: before it, and the columns the step made from it. */
export interface StepTrace {
  step: number;
  before: ValueDistribution | null;
  /** Empty when the step dropped the column or left it unchanged. */
  after: ValueDistribution[];
  /** The step changed nothing about the column (it only read it, e.g. products, formulas). */
  unchanged: boolean;
}

function distribution(column: Column): ValueDistribution {
  const p = profileColumn(column);
  return {
    column: column.name,
    type: column.type,
    count: p.count,
    missing: p.missing,
    histogram: p.histogram,
  };
}

/** Several 0/1 columns made from one column (one-hot, one-hot bins): one bar per column. */
function groupDistribution(base: string, columns: Column[], rows: number): ValueDistribution | null {
  const ones: number[] = [];
  for (const c of columns) {
    if (!isNumericColumn(c) && !isBooleanColumn(c)) return null;
    let sum = 0;
    for (const v of numericValues(c)) {
      if (v !== 0 && v !== 1) return null;
      sum += v;
    }
    ones.push(sum);
  }
  const label = (name: string) => name.slice(base.length).replace(/^[=_]/, '') || name;
  return {
    column: base,
    type: 'number',
    count: rows,
    missing: 0,
    histogram: { kind: 'bars', labels: columns.map((c) => label(c.name)), counts: ones, other: 0 },
    group: true,
  };
}

/** A formula's input columns; none when it does not parse (validation reports that). */
function formulaInputs(expression: string): string[] {
  try {
    return expressionColumns(parseExpression(expression));
  } catch {
    return [];
  }
}

function readsColumn(step: StepSpec, column: string): boolean {
  if (step.kind !== 'formula') return step.columns.includes(column);
  return step.name === column || formulaInputs(step.expression).includes(column);
}

/** True for `name` made from `base` by the recipe's naming: `base=x`, `base_x`, `base^2`, `base*y`. */
function madeFrom(name: string, base: string): boolean {
  return name === base || (name.startsWith(base) && '=_^*'.includes(name[base.length] ?? ''));
}

/**
 * `column` before and after every step of `spec` that reads or writes it, from `trace` (the
 * recipe replayed on the traced rows by traceRecipe: entry i is the table before step i, the last
 * entry the output). Columns are shared between trace entries, so "changed" is "not the same
 * object".
 */
export function traceColumnThroughSteps(
  spec: RecipeSpec,
  trace: readonly RecipeTraceEntry[],
  column: string,
): StepTrace[] {
  const traces: StepTrace[] = [];
  spec.steps.forEach((step, index) => {
    if (!readsColumn(step, column)) return;
    const before = trace[index]!.table;
    const after = trace[index + 1]!.table;
    const previous = new Map(before.columns.map((c) => [c.name, c]));
    const prior = previous.get(column);
    // A formula makes its own column from the traced one; other steps name outputs after it.
    const made = after.columns.filter(
      (c) =>
        previous.get(c.name) !== c &&
        (step.kind === 'formula' ? c.name === step.name : madeFrom(c.name, column)),
    );
    const group =
      made.length > 1 && !made.some((c) => c.name === column)
        ? groupDistribution(column, made, after.rowCount)
        : null;
    traces.push({
      step: index,
      before: prior ? distribution(prior) : null,
      after: group ? [group] : made.slice(0, MAX_AFTER).map(distribution),
      unchanged: made.length === 0 && after.columns.some((c) => c === prior),
    });
  });
  return traces;
}
