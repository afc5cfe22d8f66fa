/**
 * Reading a recipe from untrusted JSON (a file the user imports, a stored record): check the
 * format version and the shape of every step, and keep only the fields a step defines.
 */

import type { DatePart, RecipeSpec, StepKind, StepSpec } from './types';
import { RECIPE_FORMAT_VERSION } from './types';

type Raw = Record<string, unknown>;

/**
 * Bounds on everything a recipe can ask for. An imported file is untrusted: a 20,000-step recipe
 * froze the page on every visit to Framing, `nBins: 1e9` ended in "Invalid array length" and an
 * out-of-memory training. The bounds are far above any hand-made recipe.
 */
export const RECIPE_LIMITS = {
  steps: 200,
  /** Columns one step lists (a drop step over a wide table can list thousands). */
  columnsPerStep: 10_000,
  /** Interactions and polynomial terms grow with the square of their columns. */
  pairColumns: 50,
  nBins: 1_000,
  topK: 1_000,
  folds: 50,
  categories: 100_000,
  /** Characters in one text: a column name, a formula, a category, an impute value. */
  textChars: 10_000,
} as const;

const STEP_KINDS: readonly StepKind[] = [
  'impute',
  'scale',
  'power',
  'clipQuantiles',
  'bin',
  'oneHot',
  'ordinal',
  'targetEncode',
  'dateParts',
  'interactions',
  'polynomial',
  'formula',
  'drop',
];

/** Problems listed in one error; the rest are counted. */
const MAX_LISTED = 20;

const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'day', 'dayOfWeek', 'hour'];

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInteger(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function clipText(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A value for a message, never the whole of a huge one. */
function clipJson(v: unknown): string {
  return clipText(JSON.stringify(v) ?? String(v));
}

/** Problems with one step's fields, as sentences ("…: nBins must be a whole number from 2 to 1,000; got 1"). */
export function stepShapeProblems(raw: unknown, index: number): string[] {
  const at = `Step ${index + 1}`;
  if (!isRecord(raw)) return [`${at} is not an object.`];
  const kind = raw['kind'];
  if (typeof kind !== 'string' || !(STEP_KINDS as readonly string[]).includes(kind)) {
    return [`${at} has an unknown kind ${clipJson(kind)}; expected one of ${STEP_KINDS.join(', ')}.`];
  }
  const label = `${at} (${kind})`;
  const problems: string[] = [];
  const oneOf = (field: string, allowed: readonly string[], optional = false): void => {
    const v = raw[field];
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || !allowed.includes(v)) {
      problems.push(`${label}: "${field}" must be one of ${allowed.join(', ')}; got ${clipJson(v)}.`);
    }
  };
  const integer = (field: string, min: number, max: number, optional = false): void => {
    const v = raw[field];
    if (optional && v === undefined) return;
    if (!isInteger(v, min) || v > max)
      problems.push(
        `${label}: "${field}" must be a whole number from ${min} to ${max.toLocaleString('en')}; got ${clipJson(v)}.`,
      );
  };
  const text = (field: string, v: unknown): void => {
    if (typeof v === 'string' && v.length > RECIPE_LIMITS.textChars)
      problems.push(
        `${label}: "${field}" is ${v.length.toLocaleString('en')} characters long; at most ${RECIPE_LIMITS.textChars.toLocaleString('en')}.`,
      );
  };
  if (kind === 'formula') {
    if (typeof raw['name'] !== 'string' || raw['name'].trim() === '') {
      problems.push(`${label}: "name" must be the new column's name (a non-empty text).`);
    }
    if (typeof raw['expression'] !== 'string' || raw['expression'].trim() === '') {
      problems.push(`${label}: "expression" must be a non-empty formula.`);
    }
    text('name', raw['name']);
    text('expression', raw['expression']);
    return problems;
  }
  const columns = raw['columns'];
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) {
    problems.push(`${label}: "columns" must be a list of column names.`);
  } else {
    const min = kind === 'interactions' ? 2 : 1;
    const max =
      kind === 'interactions' || kind === 'polynomial'
        ? RECIPE_LIMITS.pairColumns
        : RECIPE_LIMITS.columnsPerStep;
    if (columns.length < min) problems.push(`${label}: choose at least ${min} column${min > 1 ? 's' : ''}.`);
    if (columns.length > max)
      problems.push(
        `${label}: lists ${columns.length.toLocaleString('en')} columns; at most ${max.toLocaleString('en')}.`,
      );
    // A Set, not indexOf per column: a step may list thousands.
    const seen = new Set<string>();
    const dup = (columns as string[]).find((c) => seen.size === seen.add(c).size);
    if (dup !== undefined) problems.push(`${label}: column "${clipText(dup)}" is listed twice.`);
    const long = (columns as string[]).find((c) => c.length > RECIPE_LIMITS.textChars);
    if (long !== undefined) text('columns', long);
  }
  switch (kind) {
    case 'impute': {
      oneOf('strategy', ['mean', 'median', 'mode', 'constant']);
      const v = raw['value'];
      if (v !== undefined && typeof v !== 'number' && typeof v !== 'string') {
        problems.push(`${label}: "value" must be a number or a text.`);
      }
      text('value', v);
      if (typeof v === 'number' && !Number.isFinite(v))
        problems.push(`${label}: "value" must be a finite number.`);
      if (raw['addIndicator'] !== undefined && typeof raw['addIndicator'] !== 'boolean') {
        problems.push(`${label}: "addIndicator" must be true or false.`);
      }
      break;
    }
    case 'scale':
      oneOf('method', ['standard', 'minmax', 'robust']);
      break;
    case 'power':
      oneOf('method', ['log1p', 'yeoJohnson']);
      break;
    case 'clipQuantiles': {
      const { lower, upper } = raw;
      const ok =
        typeof lower === 'number' && typeof upper === 'number' && lower >= 0 && upper <= 1 && lower < upper;
      if (!ok) {
        problems.push(
          `${label}: "lower" and "upper" must be quantiles with 0 ≤ lower < upper ≤ 1; got ` +
            `${clipJson(lower)} and ${clipJson(upper)}.`,
        );
      }
      break;
    }
    case 'bin':
      oneOf('strategy', ['uniform', 'quantile']);
      integer('nBins', 2, RECIPE_LIMITS.nBins);
      oneOf('output', ['ordinal', 'oneHot']);
      break;
    case 'oneHot':
      integer('topK', 1, RECIPE_LIMITS.topK, true);
      oneOf('missing', ['category', 'zeros'], true);
      if (raw['other'] !== undefined && typeof raw['other'] !== 'boolean') {
        problems.push(`${label}: "other" must be true or false.`);
      }
      break;
    case 'ordinal': {
      const cats = raw['categories'];
      if (cats !== undefined && (!Array.isArray(cats) || cats.some((c) => typeof c !== 'string'))) {
        problems.push(`${label}: "categories" must be a list of category names in code order.`);
      } else if (Array.isArray(cats)) {
        if (cats.length > RECIPE_LIMITS.categories)
          problems.push(
            `${label}: lists ${cats.length.toLocaleString('en')} categories; at most ${RECIPE_LIMITS.categories.toLocaleString('en')}.`,
          );
        const long = (cats as string[]).find((c) => c.length > RECIPE_LIMITS.textChars);
        if (long !== undefined) text('categories', long);
      }
      break;
    }
    case 'targetEncode': {
      const s = raw['smoothing'];
      if (s !== undefined && !(typeof s === 'number' && s >= 0 && Number.isFinite(s))) {
        problems.push(`${label}: "smoothing" must be a number ≥ 0; got ${clipJson(s)}.`);
      }
      integer('folds', 2, RECIPE_LIMITS.folds, true);
      break;
    }
    case 'dateParts': {
      const parts = raw['parts'];
      if (
        parts !== undefined &&
        (!Array.isArray(parts) ||
          parts.length === 0 ||
          parts.some((p) => !(DATE_PARTS as readonly unknown[]).includes(p)))
      ) {
        problems.push(`${label}: "parts" must be a non-empty list of ${DATE_PARTS.join(', ')}.`);
      }
      if (raw['cyclical'] !== undefined && typeof raw['cyclical'] !== 'boolean') {
        problems.push(`${label}: "cyclical" must be true or false.`);
      }
      break;
    }
    case 'polynomial':
      if (raw['degree'] !== 2)
        problems.push(`${label}: only "degree": 2 is supported; got ${clipJson(raw['degree'])}.`);
      break;
  }
  return problems;
}

/** Copies only the fields the step kind defines (a checked raw step). */
function cleanStep(raw: Raw): StepSpec {
  const pick = (...fields: string[]): Raw => {
    const out: Raw = { kind: raw['kind'] };
    for (const f of fields) if (raw[f] !== undefined) out[f] = structuredClone(raw[f]);
    return out;
  };
  const fields: Record<StepKind, string[]> = {
    impute: ['columns', 'strategy', 'value', 'addIndicator'],
    scale: ['columns', 'method'],
    power: ['columns', 'method'],
    clipQuantiles: ['columns', 'lower', 'upper'],
    bin: ['columns', 'strategy', 'nBins', 'output'],
    oneHot: ['columns', 'topK', 'other', 'missing'],
    ordinal: ['columns', 'categories'],
    targetEncode: ['columns', 'smoothing', 'folds'],
    dateParts: ['columns', 'parts', 'cyclical'],
    interactions: ['columns'],
    polynomial: ['columns', 'degree'],
    formula: ['name', 'expression'],
    drop: ['columns'],
  };
  // The shape was checked field by field above; TypeScript cannot follow that, hence the cast.
  return pick(...fields[raw['kind'] as StepKind]) as unknown as StepSpec;
}

/**
 * Reads a recipe from parsed JSON (e.g. a file the user imports). Checks the format version and
 * every step's fields, and throws one error listing every problem by step number.
 */
export function parseRecipe(json: unknown): RecipeSpec {
  if (!isRecord(json))
    throw new Error('This is not a recipe: expected a JSON object with "formatVersion" and "steps".');
  const version = json['formatVersion'];
  if (version !== RECIPE_FORMAT_VERSION) {
    const newer = typeof version === 'number' && version > RECIPE_FORMAT_VERSION;
    throw new Error(
      newer
        ? `This recipe has format version ${version}, made by a newer workbench; this one reads version ${RECIPE_FORMAT_VERSION}. Update the workbench.`
        : `This recipe has no valid format version (got ${clipJson(version)}); expected "formatVersion": ${RECIPE_FORMAT_VERSION}.`,
    );
  }
  const steps = json['steps'];
  if (!Array.isArray(steps)) throw new Error('This recipe has no "steps" list.');
  // Checked before any step is read: a huge list is refused at once.
  if (steps.length > RECIPE_LIMITS.steps)
    throw new Error(
      `This recipe has ${steps.length.toLocaleString('en')} steps; a recipe can have at most ${RECIPE_LIMITS.steps}.`,
    );
  const problems = steps.flatMap((s, i) => stepShapeProblems(s, i));
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED).map((p) => `• ${p}`);
    if (problems.length > MAX_LISTED) shown.push(`• …and ${problems.length - MAX_LISTED} more problems.`);
    throw new Error(`This recipe cannot be read:\n${shown.join('\n')}`);
  }
  return { formatVersion: RECIPE_FORMAT_VERSION, steps: steps.map((s: Raw) => cleanStep(s)) };
}
