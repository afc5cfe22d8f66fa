/**
 * Recipe edits as pure functions of the spec (each returns a new spec; the state class stores it
 * as a new recipe version), and what the step editor needs to know about each step kind.
 */
import type { RecipeSpec, SchemaColumn, StepKind, StepSpec } from '../../core/features/types';
import type { ColumnType } from '../../core/table/table';

type Accepts = 'numeric' | 'categories' | 'dates' | 'any';

export interface StepKindInfo {
  kind: StepKind;
  label: string;
  accepts: Accepts;
}

/**
 * The kinds in the order a recipe usually runs. `accepts` mirrors validateRecipe's type rules so
 * the column picker offers only columns a step can apply to; validation still has the last word.
 */
export const STEP_KINDS: readonly StepKindInfo[] = [
  { kind: 'drop', label: 'Drop columns', accepts: 'any' },
  { kind: 'formula', label: 'Formula column', accepts: 'any' },
  { kind: 'dateParts', label: 'Date parts (year, month, weekday…)', accepts: 'dates' },
  { kind: 'impute', label: 'Fill missing values (impute)', accepts: 'any' },
  { kind: 'clipQuantiles', label: 'Clip to quantiles', accepts: 'numeric' },
  { kind: 'power', label: 'Power transform (log1p, Yeo-Johnson)', accepts: 'numeric' },
  { kind: 'scale', label: 'Scale (standard, min-max, robust)', accepts: 'numeric' },
  { kind: 'bin', label: 'Bin into intervals', accepts: 'numeric' },
  { kind: 'interactions', label: 'Pairwise products (interactions)', accepts: 'numeric' },
  { kind: 'polynomial', label: 'Squares and products (polynomial)', accepts: 'numeric' },
  { kind: 'oneHot', label: 'One-hot encode', accepts: 'categories' },
  { kind: 'ordinal', label: 'Ordinal encode', accepts: 'categories' },
  { kind: 'targetEncode', label: 'Target encode (out-of-fold)', accepts: 'categories' },
];

const NUMERIC: readonly ColumnType[] = ['integer', 'number', 'boolean'];
const DATES: readonly ColumnType[] = ['date', 'datetime'];

/** True when a step of this kind (and impute strategy) can apply to a column of `type`. */
export function stepAccepts(step: StepSpec, type: ColumnType): boolean {
  if (step.kind === 'impute' && (step.strategy === 'mean' || step.strategy === 'median')) {
    return NUMERIC.includes(type) || DATES.includes(type);
  }
  const accepts = STEP_KINDS.find((k) => k.kind === step.kind)?.accepts ?? 'any';
  if (accepts === 'numeric') return NUMERIC.includes(type);
  if (accepts === 'dates') return DATES.includes(type);
  if (accepts === 'categories') return !DATES.includes(type);
  return true;
}

/** A new step of `kind` with no columns and the usual options. */
export function newStep(kind: StepKind): StepSpec {
  switch (kind) {
    case 'impute':
      return { kind, columns: [], strategy: 'median' };
    case 'scale':
      return { kind, columns: [], method: 'standard' };
    case 'power':
      return { kind, columns: [], method: 'yeoJohnson' };
    case 'clipQuantiles':
      return { kind, columns: [], lower: 0.01, upper: 0.99 };
    case 'bin':
      return { kind, columns: [], strategy: 'quantile', nBins: 5, output: 'ordinal' };
    case 'oneHot':
      return { kind, columns: [], topK: 20, other: true, missing: 'category' };
    case 'ordinal':
      return { kind, columns: [] };
    case 'targetEncode':
      return { kind, columns: [], smoothing: 10, folds: 5 };
    case 'dateParts':
      return { kind, columns: [], cyclical: false };
    case 'interactions':
      return { kind, columns: [] };
    case 'polynomial':
      return { kind, columns: [], degree: 2 };
    case 'formula':
      return { kind, name: '', expression: '' };
    case 'drop':
      return { kind, columns: [] };
  }
}

/** The columns a step reads (a formula: none listed; it names what it writes). */
export function stepColumns(step: StepSpec): readonly string[] {
  return step.kind === 'formula' ? [] : step.columns;
}

function withSteps(spec: RecipeSpec, steps: StepSpec[]): RecipeSpec {
  return { formatVersion: spec.formatVersion, steps };
}

/** `step` inserted before index `at` (at = steps.length appends). */
export function insertStep(spec: RecipeSpec, step: StepSpec, at: number): RecipeSpec {
  const steps = [...spec.steps];
  steps.splice(Math.max(0, Math.min(at, steps.length)), 0, step);
  return withSteps(spec, steps);
}

export function replaceStep(spec: RecipeSpec, index: number, step: StepSpec): RecipeSpec {
  return withSteps(
    spec,
    spec.steps.map((s, i) => (i === index ? step : s)),
  );
}

export function removeStep(spec: RecipeSpec, index: number): RecipeSpec {
  return withSteps(
    spec,
    spec.steps.filter((_, i) => i !== index),
  );
}

/** The step at `index` moved by `delta` places (−1 up, +1 down); unchanged at the ends. */
export function moveStep(spec: RecipeSpec, index: number, delta: number): RecipeSpec {
  const to = index + delta;
  if (to < 0 || to >= spec.steps.length) return spec;
  const steps = [...spec.steps];
  const [step] = steps.splice(index, 1);
  steps.splice(to, 0, step!);
  return withSteps(spec, steps);
}

/**
 * `column` dropped before any step reads it: taken out of every step's columns (a step left
 * without columns goes too) and added to a leading drop step. Formulas that read it are kept, so
 * validation names them.
 */
export function dropColumn(spec: RecipeSpec, column: string): RecipeSpec {
  const steps: StepSpec[] = [];
  for (const step of spec.steps) {
    if (step.kind === 'formula') {
      steps.push(step);
      continue;
    }
    const columns = step.columns.filter((c) => c !== column);
    const min = step.kind === 'interactions' ? 2 : 1;
    if (columns.length >= min || columns.length === step.columns.length) steps.push({ ...step, columns });
  }
  const first = steps[0];
  if (first?.kind === 'drop') steps[0] = { ...first, columns: [...first.columns, column] };
  else steps.unshift({ kind: 'drop', columns: [column] });
  return withSteps(spec, steps);
}

/** True when the recipe's first step already drops `column`. */
export function dropsFirst(spec: RecipeSpec, column: string): boolean {
  const first = spec.steps[0];
  return first?.kind === 'drop' && first.columns.includes(column);
}

/** Columns offered for a step, by type: the ones it accepts, then any it lists that are not there. */
export function pickable(
  step: StepSpec,
  available: readonly SchemaColumn[],
): { name: string; type: ColumnType | null }[] {
  const offered = available
    .filter((c) => stepAccepts(step, c.type))
    .map((c) => ({ name: c.name, type: c.type }));
  const names = new Set(offered.map((c) => c.name));
  const listed = stepColumns(step)
    .filter((c) => !names.has(c))
    .map((name) => ({ name, type: available.find((c) => c.name === name)?.type ?? null }));
  return [...offered, ...listed];
}
