import { MISSING_BOOL, MISSING_CODE } from '../table/table';
import type { StaticType } from './staticTypes';
import { unify } from './staticTypes';
import {
  StringBuilder,
  boolArg,
  boolAt,
  mapNum,
  mapNum2,
  numArg,
  numAt,
  recode,
  recodedAt,
  strArg,
  strAt,
  type StrArg,
  type Vec,
} from './vectors';

const DAY_MS = 86_400_000;

type Impl = (args: readonly Vec[], types: readonly StaticType[], n: number) => Vec;

/** Rounds half away from zero, absorbing binary noise so round(1.005, 2) is 1.01 as on paper. */
function roundHalfAway(x: number, digits: number): number {
  if (Number.isNaN(x) || Number.isNaN(digits)) return NaN;
  const d = Math.trunc(digits);
  const scale = 10 ** Math.abs(d);
  const y = d >= 0 ? Math.abs(x) * scale : Math.abs(x) / scale;
  const r = Math.round(y + y * Number.EPSILON);
  return Math.sign(x) * (d >= 0 ? r / scale : r * scale);
}

/** Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): no Date object per row. */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const datePart =
  (part: (ms: number) => number): Impl =>
  (args, _types, n) => ({
    kind: 'number',
    values: mapNum(numArg(args[0]!), n, (ms) => (Number.isNaN(ms) ? NaN : part(ms))),
  });

const unaryNum =
  (f: (x: number) => number): Impl =>
  (args, _types, n) => ({ kind: 'number', values: mapNum(numArg(args[0]!), n, f) });

/** A text function applied once per distinct string, then spread to rows by code. */
const unaryText =
  (f: (s: string) => string): Impl =>
  (args, _types, n) => {
    const a = strArg(args[0]!);
    if (a === null || typeof a === 'string') return { kind: 'scalar', value: a === null ? null : f(a) };
    const b = new StringBuilder(n);
    const map = Int32Array.from(a.dictionary, (s) => b.intern(f(s)));
    for (let i = 0; i < n; i++) {
      const c = a.codes[i]!;
      b.codes[i] = c === MISSING_CODE ? MISSING_CODE : map[c]!;
    }
    return b.vec();
  };

/** A text test (contains, startsWith…), decided once per distinct string when the pattern is fixed. */
const textTest =
  (f: (s: string, p: string) => boolean): Impl =>
  (args, _types, n) => {
    const a = strArg(args[0]!);
    const p = strArg(args[1]!);
    const out = new Uint8Array(n);
    if (typeof p === 'string' && a !== null && typeof a !== 'string') {
      const perCode = Uint8Array.from(a.dictionary, (s) => (f(s, p) ? 1 : 0));
      for (let i = 0; i < n; i++) {
        const c = a.codes[i]!;
        out[i] = c === MISSING_CODE ? MISSING_BOOL : perCode[c]!;
      }
      return { kind: 'boolean', values: out };
    }
    for (let i = 0; i < n; i++) {
      const s = strAt(a, i);
      const q = strAt(p, i);
      out[i] = s === null || q === null ? MISSING_BOOL : f(s, q) ? 1 : 0;
    }
    return { kind: 'boolean', values: out };
  };

/** Row `i` of any argument as text for concat(); null when missing. */
function textAt(v: Vec, t: StaticType, i: number): string | null {
  if (t.kind === 'string' || t.kind === 'null') return strAt(strArg(v), i);
  if (t.kind === 'boolean') {
    const b = boolAt(boolArg(v), i);
    return b === MISSING_BOOL ? null : b === 1 ? 'true' : 'false';
  }
  const x = numAt(numArg(v), i);
  if (Number.isNaN(x)) return null;
  if (t.kind === 'date') {
    const iso = new Date(x).toISOString();
    return t.type === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  return String(x);
}

/**
 * Picks per row among values of one result type (if, coalesce): `choose(i)` returns the index
 * of the argument to take, or -1 for missing.
 */
function pick(
  args: readonly Vec[],
  types: readonly StaticType[],
  n: number,
  choose: (i: number) => number,
): Vec {
  const result = unify(types);
  if (result.kind === 'string') {
    const b = new StringBuilder(n);
    const strs: StrArg[] = args.map(strArg);
    const maps = strs.map((s) => recode(s, b));
    for (let i = 0; i < n; i++) {
      const k = choose(i);
      b.codes[i] = k < 0 ? MISSING_CODE : recodedAt(strs[k]!, maps[k]!, i);
    }
    return b.vec();
  }
  if (result.kind === 'boolean') {
    const bs = args.map(boolArg);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = choose(i);
      out[i] = k < 0 ? MISSING_BOOL : boolAt(bs[k]!, i);
    }
    return { kind: 'boolean', values: out };
  }
  const xs = args.map(numArg);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = choose(i);
    out[i] = k < 0 ? NaN : numAt(xs[k]!, i);
  }
  return { kind: 'number', values: out };
}

function isMissingAt(v: Vec, t: StaticType, i: number): boolean {
  if (t.kind === 'null') return true;
  if (t.kind === 'string') return strAt(strArg(v), i) === null;
  if (t.kind === 'boolean') return boolAt(boolArg(v), i) === MISSING_BOOL;
  return Number.isNaN(numAt(numArg(v), i));
}

const extreme =
  (f: (x: number, y: number) => number): Impl =>
  (args, _types, n) => {
    let acc = mapNum(numArg(args[0]!), n, (x) => x);
    for (const a of args.slice(1))
      acc = mapNum2(acc, numArg(a), n, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : f(x, y)));
    return { kind: 'number', values: acc };
  };

// A Map keyed by catalogue name: user text never indexes a plain object.
const IMPLEMENTATIONS = new Map<string, Impl>([
  [
    'if',
    (args, types, n) => {
      const cond = boolArg(args[0]!);
      return pick(args.slice(1), types.slice(1), n, (i) => {
        const c = boolAt(cond, i);
        return c === MISSING_BOOL ? -1 : c === 1 ? 0 : 1;
      });
    },
  ],
  [
    'coalesce',
    (args, types, n) =>
      pick(args, types, n, (i) => {
        for (let k = 0; k < args.length; k++) if (!isMissingAt(args[k]!, types[k]!, i)) return k;
        return -1;
      }),
  ],
  ['abs', unaryNum(Math.abs)],
  ['sqrt', unaryNum(Math.sqrt)],
  [
    'log',
    (args, _types, n) =>
      args.length === 1
        ? { kind: 'number', values: mapNum(numArg(args[0]!), n, Math.log) }
        : {
            kind: 'number',
            values: mapNum2(numArg(args[0]!), numArg(args[1]!), n, (x, b) => Math.log(x) / Math.log(b)),
          },
  ],
  ['log1p', unaryNum(Math.log1p)],
  ['exp', unaryNum(Math.exp)],
  [
    'pow',
    (args, _types, n) => ({
      kind: 'number',
      values: mapNum2(numArg(args[0]!), numArg(args[1]!), n, (x, y) =>
        Number.isNaN(x) || Number.isNaN(y) ? NaN : x ** y,
      ),
    }),
  ],
  [
    'round',
    (args, _types, n) => ({
      kind: 'number',
      values: mapNum2(numArg(args[0]!), args.length > 1 ? numArg(args[1]!) : 0, n, roundHalfAway),
    }),
  ],
  ['floor', unaryNum(Math.floor)],
  ['ceil', unaryNum(Math.ceil)],
  ['min', extreme(Math.min)],
  ['max', extreme(Math.max)],
  [
    'clip',
    (args, _types, n) => {
      const [x, lo, hi] = args.map(numArg) as [
        ReturnType<typeof numArg>,
        ReturnType<typeof numArg>,
        ReturnType<typeof numArg>,
      ];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = numAt(x, i);
        const l = numAt(lo, i);
        const h = numAt(hi, i);
        // A missing bound is no bound (pandas clip), so clip(x, 0, null) only floors.
        if (!Number.isNaN(l) && v < l) v = l;
        if (!Number.isNaN(h) && v > h) v = h;
        out[i] = v;
      }
      return { kind: 'number', values: out };
    },
  ],
  ['lower', unaryText((s) => s.toLowerCase())],
  ['upper', unaryText((s) => s.toUpperCase())],
  ['trim', unaryText((s) => s.trim())],
  [
    'len',
    (args, _types, n) => {
      const a = strArg(args[0]!);
      // Code points, not UTF-16 units: an emoji counts as one character.
      const length = (s: string): number => Array.from(s).length;
      if (a === null || typeof a === 'string')
        return { kind: 'scalar', value: a === null ? null : length(a) };
      const perCode = Float64Array.from(a.dictionary, length);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = a.codes[i]!;
        out[i] = c === MISSING_CODE ? NaN : perCode[c]!;
      }
      return { kind: 'number', values: out };
    },
  ],
  [
    'concat',
    (args, types, n) => {
      const b = new StringBuilder(n);
      for (let i = 0; i < n; i++) {
        let s = '';
        let missing = false;
        for (let k = 0; k < args.length && !missing; k++) {
          const part = textAt(args[k]!, types[k]!, i);
          if (part === null) missing = true;
          else s += part;
        }
        b.set(i, missing ? null : s);
      }
      return b.vec();
    },
  ],
  ['contains', textTest((s, p) => s.includes(p))],
  ['startsWith', textTest((s, p) => s.startsWith(p))],
  ['endsWith', textTest((s, p) => s.endsWith(p))],
  ['year', datePart((ms) => civil(Math.floor(ms / DAY_MS)).year)],
  ['month', datePart((ms) => civil(Math.floor(ms / DAY_MS)).month)],
  ['day', datePart((ms) => civil(Math.floor(ms / DAY_MS)).day)],
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  ['weekday', datePart((ms) => (((Math.floor(ms / DAY_MS) + 3) % 7) + 7) % 7)],
  ['hour', datePart((ms) => Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000))],
]);

/** Runs a catalogue function on evaluated arguments. */
export function callFunction(
  name: string,
  args: readonly Vec[],
  types: readonly StaticType[],
  n: number,
): Vec {
  const impl = IMPLEMENTATIONS.get(name);
  if (!impl) throw new Error(`internal: no implementation for ${name}()`);
  return impl(args, types, n);
}
