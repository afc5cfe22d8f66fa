/**
 * Checking a recipe against a table's schema before any training starts: walks the steps over a
 * simulated schema (names and types only, no data) and reports every problem with its step and
 * column, so the UI can show them all at once.
 */

import type { ColumnType } from '../table/table';
import { checkExpression, ExpressionError, expressionColumns, parseExpression } from '../expr';
import { describeStep } from './describe';
import { stepShapeProblems } from './parse';
import type { RecipeProblem, RecipeSpec, SchemaColumn, StepSpec } from './types';

type Accepts = 'numeric' | 'categories' | 'dates' | 'any';

const ACCEPTS: Record<StepSpec['kind'], Accepts> = {
  impute: 'any',
  scale: 'numeric',
  power: 'numeric',
  clipQuantiles: 'numeric',
  bin: 'numeric',
  oneHot: 'categories',
  ordinal: 'categories',
  targetEncode: 'categories',
  dateParts: 'dates',
  interactions: 'numeric',
  polynomial: 'numeric',
  formula: 'any',
  drop: 'any',
};

const isNumericType = (t: ColumnType): boolean => t === 'integer' || t === 'number' || t === 'boolean';
const isDateType = (t: ColumnType): boolean => t === 'date' || t === 'datetime';
const isCategoryType = (t: ColumnType): boolean => t === 'category' || t === 'text' || t === 'identifier';

function typeAdvice(accepts: Accepts, type: ColumnType): string | undefined {
  if (accepts === 'numeric' && !isNumericType(type)) {
    return isDateType(type)
      ? 'it needs numbers; extract date parts first'
      : 'it needs numbers; encode the column first (one-hot, ordinal or target encoding)';
  }
  if (accepts === 'categories' && isDateType(type)) return 'it needs categories; use date parts for dates';
  if (accepts === 'dates' && !isDateType(type)) return 'it needs a date or datetime column';
  return undefined;
}

/** The schema as the recipe transforms it; columns made from data (one-hot…) are known by prefix. */
class SimulatedSchema {
  readonly columns = new Map<string, ColumnType>();
  /** Output names that depend on the data, e.g. `colour=` for one-hot columns. */
  readonly prefixes: string[] = [];
  /** Which step removed or replaced a column, for "dropped by step 2" messages. */
  readonly removedBy = new Map<string, number>();

  typeOf(name: string): ColumnType | undefined {
    return this.columns.get(name) ?? (this.prefixes.some((p) => name.startsWith(p)) ? 'number' : undefined);
  }

  remove(name: string, step: number): void {
    this.columns.delete(name);
    this.removedBy.set(name, step);
  }

  add(base: string, type: ColumnType): void {
    let name = base;
    for (let i = 2; this.columns.has(name); i++) name = `${base}_${i}`;
    this.columns.set(name, type);
  }
}

function defaultParts(type: ColumnType): string[] {
  return type === 'datetime' ? ['year', 'month', 'dayOfWeek', 'hour'] : ['year', 'month', 'dayOfWeek'];
}

/** Updates the simulated schema with what step `index` writes (mirrors the fit functions' naming). */
function simulate(step: StepSpec, index: number, schema: SimulatedSchema, present: string[]): void {
  const cyclicalParts = new Set(['month', 'dayOfWeek', 'hour']);
  switch (step.kind) {
    case 'impute':
      for (const c of present) {
        const t = schema.columns.get(c)!;
        if (!isCategoryType(t) && !isDateType(t)) schema.columns.set(c, 'number');
        if (step.addIndicator) schema.add(`${c}_missing`, 'number');
      }
      return;
    case 'bin':
      for (const c of present) {
        if (step.output === 'ordinal') {
          schema.columns.set(c, 'number');
        } else {
          schema.remove(c, index);
          schema.prefixes.push(`${c}_bin`);
        }
      }
      return;
    case 'oneHot':
      for (const c of present) {
        schema.remove(c, index);
        schema.prefixes.push(`${c}=`);
      }
      return;
    case 'targetEncode':
      // Multiclass targets give one column per class; the name then also stays valid by prefix.
      for (const c of present) {
        schema.columns.set(c, 'number');
        schema.prefixes.push(`${c}_te_`);
      }
      return;
    case 'dateParts':
      for (const c of present) {
        const parts = step.parts ?? defaultParts(schema.columns.get(c)!);
        schema.remove(c, index);
        for (const p of parts) {
          if (step.cyclical && cyclicalParts.has(p)) {
            schema.add(`${c}_${p}_sin`, 'number');
            schema.add(`${c}_${p}_cos`, 'number');
          } else {
            schema.add(`${c}_${p}`, 'number');
          }
        }
      }
      return;
    case 'interactions':
    case 'polynomial':
      for (let i = 0; i < present.length; i++) {
        for (let j = step.kind === 'polynomial' ? i : i + 1; j < present.length; j++) {
          schema.add(i === j ? `${present[i]}^2` : `${present[i]}*${present[j]}`, 'number');
        }
      }
      return;
    case 'drop':
      for (const c of present) schema.remove(c, index);
      return;
    case 'formula':
      return;
    default:
      for (const c of present) schema.columns.set(c, 'number');
  }
}

function formulaProblems(
  step: Extract<StepSpec, { kind: 'formula' }>,
  index: number,
  schema: SimulatedSchema,
  target: string,
  problem: (p: Omit<RecipeProblem, 'step'>) => void,
): void {
  const label = `Step ${index + 1} (${describeStep(step)})`;
  if (step.name === target) {
    problem({
      kind: 'targetUsed',
      column: target,
      message: `${label}: the new column cannot be named after the target "${target}".`,
    });
  }
  let expr;
  try {
    expr = parseExpression(step.expression);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    problem({ kind: 'formulaSyntax', message: `${label}: ${e.message}`, position: e.position });
    return;
  }
  const refs = expressionColumns(expr);
  if (refs.includes(target)) {
    problem({
      kind: 'targetUsed',
      column: target,
      message: `${label}: the formula reads the target "${target}"; features must not be computed from the target.`,
    });
    return;
  }
  const unknown = refs.filter((r) => schema.typeOf(r) === undefined);
  for (const column of unknown) {
    const by = schema.removedBy.get(column);
    problem({
      kind: 'missingColumn',
      column,
      message:
        by === undefined
          ? `${label}: the formula reads "${column}", which is not a column of the data.`
          : `${label}: the formula reads "${column}", which step ${by + 1} dropped or replaced. Move this step earlier.`,
    });
  }
  if (unknown.length > 0) return;
  const cols = [...schema.columns].map(([name, type]) => ({ name, type }));
  for (const r of refs) if (!schema.columns.has(r)) cols.push({ name: r, type: 'number' });
  try {
    const { type } = checkExpression(expr, cols);
    if (step.name.trim() !== '') schema.columns.set(step.name, type);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    problem({ kind: 'formulaType', message: `${label}: ${e.message}`, position: e.position });
  }
}

/**
 * Every problem that would stop the recipe from fitting on a table with this schema: unknown or
 * already-dropped columns, steps that cannot apply to a column's type, the target used as a
 * feature, formula errors (with their position), bad options, and columns still not numeric at
 * the end. An empty list means the recipe can be fit (data permitting).
 */
export function validateRecipe(
  spec: RecipeSpec,
  schema: readonly SchemaColumn[],
  target: string,
): RecipeProblem[] {
  const problems: RecipeProblem[] = [];
  const sim = new SimulatedSchema();
  for (const c of schema) if (c.name !== target) sim.columns.set(c.name, c.type);
  spec.steps.forEach((step, index) => {
    const label = `Step ${index + 1} (${describeStep(step)})`;
    const problem = (p: Omit<RecipeProblem, 'step'>): void => {
      problems.push({ step: index, ...p });
    };
    for (const message of stepShapeProblems(step, index)) problem({ kind: 'badOption', message });
    if (step.kind === 'formula') {
      formulaProblems(step, index, sim, target, problem);
      return;
    }
    const present: string[] = [];
    for (const column of Array.isArray(step.columns) ? step.columns : []) {
      if (column === target) {
        if (step.kind !== 'drop') {
          problem({
            kind: 'targetUsed',
            column,
            message: `${label}: "${column}" is the target; it cannot be used as a feature. Remove it from this step.`,
          });
        }
        continue;
      }
      const type = sim.typeOf(column);
      if (type === undefined) {
        const by = sim.removedBy.get(column);
        problem({
          kind: 'missingColumn',
          column,
          message:
            by === undefined
              ? `${label}: there is no column "${column}" in the data. Remove it from this step.`
              : `${label}: column "${column}" no longer exists here: step ${by + 1} dropped or replaced it. ` +
                `Move this step before step ${by + 1}, or remove the column from it.`,
        });
        continue;
      }
      const advice =
        step.kind === 'impute' &&
        (step.strategy === 'mean' || step.strategy === 'median') &&
        isCategoryType(type)
          ? `a ${type} column has no ${step.strategy}; use "mode" or "constant"`
          : typeAdvice(ACCEPTS[step.kind], type);
      if (
        step.kind === 'impute' &&
        step.strategy === 'constant' &&
        !isCategoryType(type) &&
        typeof step.value === 'string' &&
        !Number.isFinite(Number(step.value))
      ) {
        problem({
          kind: 'badOption',
          column,
          message: `${label}: ${type} column "${column}" needs a number as fill value, not ${JSON.stringify(step.value)}.`,
        });
        continue;
      }
      if (advice) {
        problem({
          kind: 'wrongType',
          column,
          message: `${label}: cannot apply to ${type} column "${column}": ${advice}.`,
        });
        continue;
      }
      if (sim.columns.has(column)) present.push(column);
    }
    simulate(step, index, sim, present);
  });
  const left = [...sim.columns].filter(([, type]) => !isNumericType(type));
  for (const [column, type] of left) {
    const advice = isDateType(type)
      ? 'add a date-parts step or drop it'
      : 'add a one-hot, ordinal or target-encode step, or drop it';
    problems.push({
      step: -1,
      kind: 'notNumeric',
      column,
      message: `Column "${column}" (${type}) is still not numeric after the last step: ${advice}.`,
    });
  }
  if (sim.columns.size === 0 && sim.prefixes.length === 0) {
    problems.push({
      step: -1,
      kind: 'empty',
      message: 'The recipe leaves no feature columns: keep at least one.',
    });
  }
  return problems;
}
