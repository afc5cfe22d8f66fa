import type { CategoricalType, ColumnType, DateType, NumericType } from '../table/table';

/** The four kinds of value an expression computes, plus the type of a bare `null`. */
export type ValueKind = 'number' | 'boolean' | 'string' | 'date' | 'null';

/** What the checker knows about a subexpression before any row is read. */
export type StaticType =
  | { readonly kind: 'number'; readonly type: NumericType; readonly literal: boolean }
  | { readonly kind: 'date'; readonly type: DateType; readonly literal: boolean }
  | { readonly kind: 'boolean'; readonly type: 'boolean'; readonly literal: boolean }
  | { readonly kind: 'string'; readonly type: CategoricalType; readonly literal: boolean }
  | { readonly kind: 'null'; readonly type: null; readonly literal: true };

export const NULL_TYPE: StaticType = { kind: 'null', type: null, literal: true };
export const INTEGER: StaticType = { kind: 'number', type: 'integer', literal: false };
export const NUMBER: StaticType = { kind: 'number', type: 'number', literal: false };
export const BOOLEAN: StaticType = { kind: 'boolean', type: 'boolean', literal: false };
export const TEXT: StaticType = { kind: 'string', type: 'text', literal: false };

/** The static type of a table column. */
export function columnStaticType(type: ColumnType): StaticType {
  switch (type) {
    case 'integer':
    case 'number':
      return { kind: 'number', type, literal: false };
    case 'date':
    case 'datetime':
      return { kind: 'date', type, literal: false };
    case 'boolean':
      return BOOLEAN;
    default:
      return { kind: 'string', type, literal: false };
  }
}

/** The word users read for a kind of value in messages. */
export function kindWord(kind: ValueKind): string {
  switch (kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    case 'date':
      return 'date';
    case 'boolean':
      return 'true/false';
    case 'null':
      return 'null';
  }
}

/** Thrown by `unify` with the index of the operand that does not fit; the checker names it. */
export class UnifyError extends Error {
  constructor(
    readonly index: number,
    readonly expected: ValueKind,
  ) {
    super(`operand ${index} is not ${expected}`);
  }
}

/**
 * The common type of values that end up in one column (if branches, coalesce, min/max).
 * `null` fits anything; integers widen to numbers, dates to datetimes; a text literal adopts
 * the other side's categorical type, mixed categorical types become free text.
 */
export function unify(types: readonly StaticType[]): StaticType {
  let result: StaticType = NULL_TYPE;
  types.forEach((t, index) => {
    if (t.kind === 'null') return;
    if (result.kind === 'null') {
      result = t;
      return;
    }
    if (t.kind !== result.kind) throw new UnifyError(index, result.kind);
    const literal = result.literal && t.literal;
    if (result.kind === 'number' && t.kind === 'number') {
      result = {
        kind: 'number',
        type: result.type === 'integer' && t.type === 'integer' ? 'integer' : 'number',
        literal,
      };
    } else if (result.kind === 'date' && t.kind === 'date') {
      result = {
        kind: 'date',
        type: result.type === 'date' && t.type === 'date' ? 'date' : 'datetime',
        literal,
      };
    } else if (result.kind === 'string' && t.kind === 'string') {
      const type = t.literal
        ? result.type
        : result.literal
          ? t.type
          : result.type === t.type
            ? t.type
            : 'text';
      result = { kind: 'string', type, literal };
    }
  });
  return result;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A text literal compared with a date column, as epoch milliseconds; undefined when it is not
 * an ISO date. A time without a zone is read as UTC so a filter means the same in every time zone.
 */
export function parseDateLiteral(text: string): number | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const normalizedZone =
    zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${normalizedZone}`);
  // Date.parse rolls 2023-02-30 over to March; reject it rather than silently shift the filter.
  if (Number.isNaN(ms)) return undefined;
  if (zone === 'Z' && new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}
