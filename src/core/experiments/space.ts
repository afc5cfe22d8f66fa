/**
 * Search spaces: per model family, the settings a hyperparameter search may vary and over what
 * (a range or a list), with defaults a careful analyst would start from. A space is plain data
 * (edited in the form, stored with the search); `applyParams` turns one drawn assignment into a
 * full model spec, which specProblems then checks like any other.
 */
import type { ModelFamily, ModelSpec } from '../ml/models/spec';
import type { Task } from '../ml/types';

export type ParamValue = number | string;

export type ParamRange =
  | { kind: 'float'; min: number; max: number; log: boolean }
  | { kind: 'int'; min: number; max: number; log: boolean }
  | { kind: 'choice'; values: ParamValue[] };

export interface SearchParam {
  /** The model spec field it sets (hiddenLayers takes "64, 32" texts). */
  name: string;
  /** The field's name in the training form. */
  label: string;
  range: ParamRange;
  /** Off: the base spec's value is used for every trial. */
  enabled: boolean;
}

export interface SearchSpace {
  family: ModelFamily;
  params: SearchParam[];
}

/** One trial's drawn values, by spec field. */
export type Assignment = Record<string, ParamValue>;

const float = (min: number, max: number, log: boolean): ParamRange => ({ kind: 'float', min, max, log });
const int = (min: number, max: number, log = false): ParamRange => ({ kind: 'int', min, max, log });
const choice = (...values: ParamValue[]): ParamRange => ({ kind: 'choice', values });
const param = (name: string, label: string, range: ParamRange, enabled = true): SearchParam => ({
  name,
  label,
  range,
  enabled,
});

/**
 * The default space of `family`: learning rate and regularisation on log scales, sizes from
 * small to moderate. Parameters that rarely matter start switched off.
 */
export function defaultSearchSpace(family: ModelFamily, task: Task): SearchSpace {
  switch (family) {
    case 'baseline':
      return { family, params: [] };
    case 'linear':
      return {
        family,
        params: [
          // The regularisation strength is what matters for an exact fit; the optimizer settings
          // only apply when the table is large enough to train on minibatches.
          task === 'classification'
            ? param('C', 'C', float(1e-3, 1e3, true))
            : param('alpha', 'Alpha', float(1e-3, 1e3, true)),
          param('learningRate', 'Learning rate', float(0.001, 0.1, true), false),
          param('batchSize', 'Batch size', choice(32, 64, 128), false),
          param('optimizer', 'Optimizer', choice('adam', 'rmsprop'), false),
        ],
      };
    case 'mlp':
      return {
        family,
        params: [
          param('hiddenLayers', 'Hidden layers', choice('32', '64, 32', '128, 64')),
          param('learningRate', 'Learning rate', float(1e-4, 1e-2, true)),
          param('dropout', 'Dropout', float(0, 0.3, false)),
          param('l2', 'L2', float(1e-6, 1e-3, true), false),
          param('activation', 'Activation', choice('relu', 'tanh'), false),
          param('batchSize', 'Batch size', choice(32, 64, 128), false),
        ],
      };
    case 'gbdt':
      return {
        family,
        params: [
          param('learningRate', 'Learning rate', float(0.03, 0.3, true)),
          param('maxLeaves', 'Max leaves', int(8, 63, true)),
          param('minSamplesLeaf', 'Min samples per leaf', int(5, 50, true)),
          param('l2', 'L2', float(0, 1, false), false),
          param('maxBins', 'Bins', choice(63, 127, 255), false),
        ],
      };
  }
}

/** The spec field a search's budget sets: epochs, or boosting iterations; null for the baseline. */
export function budgetField(family: ModelFamily): 'epochs' | 'maxIterations' | null {
  return family === 'gbdt' ? 'maxIterations' : family === 'baseline' ? null : 'epochs';
}

/** The budget (epochs or iterations) a spec trains for. */
export function specBudget(spec: ModelSpec): number | null {
  if (spec.family === 'gbdt') return spec.maxIterations;
  if (spec.family === 'baseline') return null;
  return spec.epochs;
}

function parseLayers(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
}

/** `base` with the assignment's values (and, when given, the budget) applied. */
export function applyParams(base: ModelSpec, values: Assignment, budget?: number): ModelSpec {
  const out: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(values)) {
    out[name] = name === 'hiddenLayers' ? parseLayers(String(value)) : value;
  }
  const field = budgetField(base.family);
  if (budget !== undefined && field) out[field] = budget;
  // Field names come from the family's own space, so the result is that family's spec.
  return out as unknown as ModelSpec;
}

/** A value as the form and the leaderboard show it. */
export function formatParam(value: ParamValue): string {
  if (typeof value === 'string') return value;
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** What is wrong with the space, naming the parameter (empty when it can be searched). */
export function spaceProblems(space: SearchSpace): string[] {
  const problems: string[] = [];
  const on = space.params.filter((p) => p.enabled);
  if (space.family === 'baseline')
    return ['The baseline has no settings to search: choose another model family.'];
  if (on.length === 0) problems.push('Switch on at least one setting to search.');
  for (const p of on) {
    const r = p.range;
    if (r.kind === 'choice') {
      if (r.values.length === 0) problems.push(`${p.label}: list at least one value.`);
      if (p.name === 'hiddenLayers') {
        for (const v of r.values) {
          const layers = parseLayers(String(v));
          if (!layers.length || layers.some((u) => !Number.isInteger(u) || u < 1)) {
            problems.push(`${p.label}: "${v}" is not a list of layer sizes such as "64, 32".`);
          }
        }
      }
      continue;
    }
    if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min > r.max) {
      problems.push(
        `${p.label}: the range needs a minimum no larger than its maximum (got ${r.min} to ${r.max}).`,
      );
    } else if (r.log && r.min <= 0) {
      problems.push(`${p.label}: a log scale needs a minimum above 0 (got ${r.min}).`);
    } else if (r.kind === 'int' && (!Number.isInteger(r.min) || !Number.isInteger(r.max))) {
      problems.push(`${p.label}: the range must be whole numbers (got ${r.min} to ${r.max}).`);
    }
  }
  return problems;
}
