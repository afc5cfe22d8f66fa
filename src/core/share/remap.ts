/**
 * Copying an imported project under new ids: every string that equals an old id, anywhere in a
 * record (fields, arrays, nested objects, object keys), becomes the new id. Ids are random
 * UUIDs, so a string equal to one is a reference to it; walking generically keeps references
 * consistent in record types this module has never seen. Typed arrays and buffers are data and
 * are returned as they are.
 */

import { setOwn } from './recordCodec';

/** `value` with every string found in `ids` replaced by its mapping. Never mutates `value`. */
export function remapIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  return walk(value, ids) as T;
}

function walk(v: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof v === 'string') return ids.get(v) ?? v;
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, ids));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, ids.get(k) ?? k, walk(x, ids));
  return out;
}
