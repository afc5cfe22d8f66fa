import {
  BOOLEAN,
  INTEGER,
  NUMBER,
  TEXT,
  UnifyError,
  unify,
  type StaticType,
  type ValueKind,
} from './staticTypes';

/** What an argument must be; `numberOrDate` for min/max. */
export type ArgKind = Exclude<ValueKind, 'null'> | 'any' | 'numberOrDate';

export interface FunctionSpec {
  /** Canonical spelling; calls match it case-insensitively. */
  readonly name: string;
  /** How the UI's help shows a call, e.g. "round(x, digits?)". */
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Required kind per position; the last entry repeats for variadic functions. */
  readonly args: readonly ArgKind[];
  /** Result type from the argument types (already checked against `args`); may throw UnifyError. */
  readonly result: (args: readonly StaticType[]) => StaticType;
}

const numeric = (args: readonly StaticType[]): StaticType =>
  args.every((a) => a.kind !== 'number' || a.type === 'integer') ? INTEGER : NUMBER;

const fn = (
  name: string,
  signature: string,
  description: string,
  args: readonly ArgKind[],
  minArgs: number,
  maxArgs: number,
  result: (args: readonly StaticType[]) => StaticType,
): FunctionSpec => ({ name, signature, description, args, minArgs, maxArgs, result });

/** Every function the language knows. Nothing outside this list can ever be called. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  fn(
    'if',
    'if(condition, then, else)',
    'then where condition is true, else where false; missing where condition is missing',
    ['boolean', 'any', 'any'],
    3,
    3,
    (a) => unifyFrom(a, 1),
  ),
  fn('coalesce', 'coalesce(a, b, …)', 'the first argument that is not missing', ['any'], 1, Infinity, (a) =>
    unifyFrom(a, 0),
  ),
  fn('abs', 'abs(x)', 'absolute value', ['number'], 1, 1, (a) => numeric(a)),
  fn('sqrt', 'sqrt(x)', 'square root (missing for negative x)', ['number'], 1, 1, () => NUMBER),
  fn(
    'log',
    'log(x, base?)',
    'natural logarithm, or to the given base (missing for x ≤ 0)',
    ['number', 'number'],
    1,
    2,
    () => NUMBER,
  ),
  fn('log1p', 'log1p(x)', 'log(1 + x), accurate for small x', ['number'], 1, 1, () => NUMBER),
  fn('exp', 'exp(x)', 'e to the power x', ['number'], 1, 1, () => NUMBER),
  fn('pow', 'pow(x, y)', 'x to the power y (same as x ^ y)', ['number', 'number'], 2, 2, () => NUMBER),
  fn(
    'round',
    'round(x, digits?)',
    'rounds half away from zero to the given number of decimals (0 by default; negative rounds to tens, hundreds…)',
    ['number', 'number'],
    1,
    2,
    (a) => (a.length === 1 || a[0]!.type === 'integer' ? INTEGER : NUMBER),
  ),
  fn('floor', 'floor(x)', 'largest integer ≤ x', ['number'], 1, 1, () => INTEGER),
  fn('ceil', 'ceil(x)', 'smallest integer ≥ x', ['number'], 1, 1, () => INTEGER),
  fn(
    'min',
    'min(a, b, …)',
    'smallest of the arguments per row (missing if any is missing)',
    ['numberOrDate'],
    2,
    Infinity,
    (a) => unifyFrom(a, 0),
  ),
  fn(
    'max',
    'max(a, b, …)',
    'largest of the arguments per row (missing if any is missing)',
    ['numberOrDate'],
    2,
    Infinity,
    (a) => unifyFrom(a, 0),
  ),
  fn(
    'clip',
    'clip(x, lower, upper)',
    'x limited to [lower, upper]; a missing bound means no bound',
    ['number', 'number', 'number'],
    3,
    3,
    (a) => numeric(a),
  ),
  fn('lower', 'lower(text)', 'lower case', ['string'], 1, 1, (a) => stringLike(a[0]!)),
  fn('upper', 'upper(text)', 'upper case', ['string'], 1, 1, (a) => stringLike(a[0]!)),
  fn('trim', 'trim(text)', 'without leading and trailing spaces', ['string'], 1, 1, (a) => stringLike(a[0]!)),
  fn('len', 'len(text)', 'number of characters', ['string'], 1, 1, () => INTEGER),
  fn(
    'concat',
    'concat(a, b, …)',
    'the arguments joined as text (missing if any is missing)',
    ['any'],
    1,
    Infinity,
    () => TEXT,
  ),
  fn(
    'contains',
    'contains(text, part)',
    'true where text contains part (case-sensitive)',
    ['string', 'string'],
    2,
    2,
    () => BOOLEAN,
  ),
  fn(
    'startsWith',
    'startsWith(text, prefix)',
    'true where text starts with prefix (case-sensitive)',
    ['string', 'string'],
    2,
    2,
    () => BOOLEAN,
  ),
  fn(
    'endsWith',
    'endsWith(text, suffix)',
    'true where text ends with suffix (case-sensitive)',
    ['string', 'string'],
    2,
    2,
    () => BOOLEAN,
  ),
  fn('year', 'year(date)', 'calendar year (UTC)', ['date'], 1, 1, () => INTEGER),
  fn('month', 'month(date)', 'month 1–12 (UTC)', ['date'], 1, 1, () => INTEGER),
  fn('day', 'day(date)', 'day of the month 1–31 (UTC)', ['date'], 1, 1, () => INTEGER),
  fn(
    'weekday',
    'weekday(date)',
    'day of the week, Monday = 0 … Sunday = 6 (as pandas; UTC)',
    ['date'],
    1,
    1,
    () => INTEGER,
  ),
  fn('hour', 'hour(date)', 'hour of the day 0–23 (UTC)', ['date'], 1, 1, () => INTEGER),
];

/** Unify arguments from `first` on, reporting positions relative to the whole argument list. */
function unifyFrom(args: readonly StaticType[], first: number): StaticType {
  try {
    return unify(args.slice(first));
  } catch (e) {
    if (e instanceof UnifyError) throw new UnifyError(e.index + first, e.expected);
    throw e;
  }
}

function stringLike(t: StaticType): StaticType {
  return t.kind === 'string' ? { ...t, literal: false } : TEXT;
}

// A Map, not an object: a name like "constructor" or "__proto__" must not find Object.prototype.
const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

export const FUNCTION_NAMES: readonly string[] = FUNCTIONS.map((f) => f.name);

/** The catalogue entry for a name typed in any case, or undefined. */
export function findFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The kind required of argument `index` (variadic functions repeat their last entry). */
export function argKind(spec: FunctionSpec, index: number): ArgKind {
  return spec.args[Math.min(index, spec.args.length - 1)]!;
}
