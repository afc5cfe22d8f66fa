// The Train phase's form as data: what to train (one model or a search), the model settings, the
// split, the seed, the name and the search settings. Kept per project (trainForm.svelte.ts) so
// leaving the phase or reloading the page loses none of it; a stored form is checked against the
// shapes of today's defaults before it is used, and anything that does not fit is replaced by
// the defaults rather than trusted.
import { defaultSearchSpace, specBudget, type SearchSpace } from '../core/experiments/space';
import { defaultSpec, type ModelFamily, type ModelSpec } from '../core/ml/models/spec';
import type { Task } from '../core/ml/types';
import type { SearchSettings } from './search.svelte';
import { defaultSplitForm, type SplitForm } from './splitForm';

export interface TrainForm {
  mode: 'single' | 'search';
  family: ModelFamily;
  spec: ModelSpec;
  /** The task and row count `spec`'s defaults were made for: another framing or data resets them. */
  madeFor: string;
  seed: number;
  modelName: string;
  split: SplitForm;
  search: SearchSettings;
}

const FAMILIES: readonly ModelFamily[] = ['baseline', 'linear', 'mlp', 'gbdt'];
const SPLIT_KINDS: readonly SplitForm['kind'][] = ['holdout', 'outOfTime', 'kFold'];

export function madeForKey(task: Task, rows: number): string {
  return `${task}:${rows}`;
}

/** The smallest budget a search starts trials on: a ninth of the family's full one. */
export function defaultMinBudget(family: ModelFamily, task: Task): number {
  return Math.max(1, Math.round((specBudget(defaultSpec(family, task)) ?? 9) / 9));
}

export function defaultSearchSettings(family: ModelFamily, task: Task): SearchSettings {
  return {
    method: 'random',
    trials: 9,
    pointsPerRange: 3,
    halving: true,
    minBudget: defaultMinBudget(family, task),
    eta: 3,
    space: defaultSearchSpace(family, task),
  };
}

export function defaultTrainForm(task: Task, rows: number): TrainForm {
  return {
    mode: 'single',
    family: 'linear',
    spec: defaultSpec('linear', task, rows),
    madeFor: madeForKey(task, rows),
    seed: 42,
    modelName: '',
    split: defaultSplitForm(),
    search: defaultSearchSettings('linear', task),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when `value` has every field of `template` with a value of the same kind (numbers,
 * strings, booleans, arrays; an object field may also be null where the template's may be).
 */
function sameShape(value: unknown, template: unknown): boolean {
  if (Array.isArray(template)) return Array.isArray(value);
  if (template === null || isObject(template)) {
    if (value === null) return true;
    if (!isObject(value)) return false;
    if (template === null) return true;
    return Object.entries(template).every(([k, t]) => sameShape(value[k], t));
  }
  return typeof value === typeof template;
}

function spaceFits(space: unknown, family: ModelFamily, task: Task): space is SearchSpace {
  if (!isObject(space) || space.family !== family || !Array.isArray(space.params)) return false;
  const expected = defaultSearchSpace(family, task).params;
  return (
    space.params.length === expected.length &&
    space.params.every(
      (p: unknown, i) =>
        isObject(p) &&
        p.name === expected[i]!.name &&
        isObject(p.range) &&
        p.range.kind === expected[i]!.range.kind &&
        sameShape(p, expected[i]),
    )
  );
}

/**
 * A stored form read back: the form when every part has today's shape for `task`, else null.
 * Values the user typed are kept even when out of range: the form shows their problems.
 */
export function parseTrainForm(stored: unknown, task: Task): TrainForm | null {
  if (!isObject(stored)) return null;
  const { mode, family, spec, madeFor, seed, modelName, split, search } = stored;
  if (mode !== 'single' && mode !== 'search') return null;
  if (!FAMILIES.includes(family as ModelFamily)) return null;
  const f = family as ModelFamily;
  if (!isObject(spec) || spec.family !== f || !sameShape(spec, defaultSpec(f, task))) return null;
  if (typeof madeFor !== 'string' || typeof seed !== 'number' || typeof modelName !== 'string') return null;
  if (!isObject(split) || !SPLIT_KINDS.includes(split.kind as SplitForm['kind'])) return null;
  if (!sameShape(split, defaultSplitForm())) return null;
  if (!isObject(search) || (search.method !== 'random' && search.method !== 'grid')) return null;
  if (!sameShape(search, defaultSearchSettings(f, task)) || !spaceFits(search.space, f, task)) return null;
  return stored as unknown as TrainForm;
}

const storageKey = (projectId: string) => `lifecycle-workbench.train-form.${projectId}`;

/** The project's stored form when it still has today's shape for `task`, else null. */
export function readTrainForm(
  storage: Pick<Storage, 'getItem'>,
  projectId: string,
  task: Task,
): TrainForm | null {
  try {
    const text = storage.getItem(storageKey(projectId));
    return text === null ? null : parseTrainForm(JSON.parse(text), task);
  } catch {
    return null; // unreadable or not JSON: the defaults serve
  }
}

/** Writes `form` (a snapshot) for the next visit; a full or refused storage only loses that. */
export function saveTrainForm(storage: Pick<Storage, 'setItem'>, projectId: string, form: TrainForm): void {
  try {
    storage.setItem(storageKey(projectId), JSON.stringify(form));
  } catch {
    // Private mode or a full quota: the form still lives for this page.
  }
}
