import { MISSING_BOOL, MISSING_CODE } from '../table/table';

/**
 * Values during evaluation: one typed array per subexpression (dates are epoch ms in a number
 * vector), or a scalar for literals so `x > 3` never allocates a column of threes.
 */
export type Vec =
  | { readonly kind: 'number'; readonly values: Float64Array }
  | { readonly kind: 'boolean'; readonly values: Uint8Array }
  | { readonly kind: 'string'; readonly codes: Int32Array; readonly dictionary: readonly string[] }
  | { readonly kind: 'scalar'; readonly value: number | string | boolean | null };

/** Numbers per row, or one number for every row. Missing is NaN. */
export type NumArg = Float64Array | number;
/** 0/1/MISSING_BOOL per row, or one value for every row. */
export type BoolArg = Uint8Array | number;
/** Dictionary-coded text per row, or one string (null = missing) for every row. */
export type StrArg = { readonly codes: Int32Array; readonly dictionary: readonly string[] } | string | null;

export function numArg(v: Vec): NumArg {
  if (v.kind === 'number') return v.values;
  if (v.kind === 'scalar') return typeof v.value === 'number' ? v.value : NaN;
  throw new Error(`internal: expected numbers, got ${v.kind}`);
}

export function boolArg(v: Vec): BoolArg {
  if (v.kind === 'boolean') return v.values;
  if (v.kind === 'scalar') return typeof v.value === 'boolean' ? Number(v.value) : MISSING_BOOL;
  throw new Error(`internal: expected true/false values, got ${v.kind}`);
}

export function strArg(v: Vec): StrArg {
  if (v.kind === 'string') return v;
  if (v.kind === 'scalar') return typeof v.value === 'string' ? v.value : null;
  throw new Error(`internal: expected text, got ${v.kind}`);
}

/** ±Infinity is stored as missing: division by zero or log(0) must not leak into models. */
function finite(x: number): number {
  return x - x === 0 ? x : NaN;
}

export function mapNum(a: NumArg, n: number, f: (x: number) => number): Float64Array {
  const out = new Float64Array(n);
  if (typeof a === 'number') return out.fill(finite(f(a)));
  for (let i = 0; i < n; i++) out[i] = finite(f(a[i]!));
  return out;
}

export function mapNum2(a: NumArg, b: NumArg, n: number, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(n);
  if (typeof a === 'number' && typeof b === 'number') return out.fill(finite(f(a, b)));
  if (typeof a === 'number') for (let i = 0; i < n; i++) out[i] = finite(f(a, (b as Float64Array)[i]!));
  else if (typeof b === 'number') for (let i = 0; i < n; i++) out[i] = finite(f(a[i]!, b));
  else for (let i = 0; i < n; i++) out[i] = finite(f(a[i]!, b[i]!));
  return out;
}

/** Compares numbers row by row; a missing side gives a missing result. */
export function compareNum(
  a: NumArg,
  b: NumArg,
  n: number,
  f: (x: number, y: number) => boolean,
): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = typeof a === 'number' ? a : a[i]!;
    const y = typeof b === 'number' ? b : b[i]!;
    out[i] = Number.isNaN(x) || Number.isNaN(y) ? MISSING_BOOL : f(x, y) ? 1 : 0;
  }
  return out;
}

export function boolAt(a: BoolArg, i: number): number {
  return typeof a === 'number' ? a : a[i]!;
}

export function numAt(a: NumArg, i: number): number {
  return typeof a === 'number' ? a : a[i]!;
}

/** The string in row `i`, or null when missing. */
export function strAt(a: StrArg, i: number): string | null {
  if (a === null || typeof a === 'string') return a;
  const code = a.codes[i]!;
  return code === MISSING_CODE ? null : a.dictionary[code]!;
}

/** Builds a dictionary-coded text vector, interning each distinct string once. */
export class StringBuilder {
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];
  readonly codes: Int32Array;

  constructor(n: number) {
    this.codes = new Int32Array(n).fill(MISSING_CODE);
  }

  intern(s: string): number {
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(s, code);
      this.dictionary.push(s);
    }
    return code;
  }

  set(i: number, s: string | null): void {
    this.codes[i] = s === null ? MISSING_CODE : this.intern(s);
  }

  vec(): Vec {
    return { kind: 'string', codes: this.codes, dictionary: this.dictionary };
  }
}

/**
 * Maps every code of a text argument into `builder`'s dictionary once, so per-row work is an
 * array lookup rather than a string hash. Scalars become a single code.
 */
export function recode(a: StrArg, builder: StringBuilder): Int32Array | number {
  if (a === null) return MISSING_CODE;
  if (typeof a === 'string') return builder.intern(a);
  return Int32Array.from(a.dictionary, (s) => builder.intern(s));
}

/** The code of row `i` in the builder's dictionary, using a mapping from `recode`. */
export function recodedAt(a: StrArg, map: Int32Array | number, i: number): number {
  if (typeof map === 'number') return map;
  const code = (a as { codes: Int32Array }).codes[i]!;
  return code === MISSING_CODE ? MISSING_CODE : map[code]!;
}

/** 1 where the value is missing, 0 elsewhere. */
export function missingMask(v: Vec, n: number): Uint8Array {
  const out = new Uint8Array(n);
  switch (v.kind) {
    case 'scalar':
      return out.fill(v.value === null ? 1 : 0);
    case 'number':
      for (let i = 0; i < n; i++) out[i] = Number.isNaN(v.values[i]!) ? 1 : 0;
      return out;
    case 'boolean':
      for (let i = 0; i < n; i++) out[i] = v.values[i] === MISSING_BOOL ? 1 : 0;
      return out;
    case 'string':
      for (let i = 0; i < n; i++) out[i] = v.codes[i] === MISSING_CODE ? 1 : 0;
      return out;
  }
}
