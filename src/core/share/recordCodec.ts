/**
 * A byte encoding for stored records of any shape, so every table travels the same way,
 * including tables whose record types other parts of the workbench add later.
 *
 * A record is JSON for its structure plus a binary section for its typed arrays and
 * ArrayBuffers (weights, column chunks, predictions): base64 would grow them by a third and JSON
 * numbers would lose NaN, ±Infinity and -0. Values JSON cannot say are tagged objects
 * `{ "$t": … }`; a record's own object that has a `$t` key is wrapped so it cannot be mistaken
 * for a tag. Decoding builds plain data only: nothing in an archive is ever executed.
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Thrown when a member's bytes are not a record this codec wrote. */
export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One record as bytes: [u32 JSON length][JSON][binary parts, each 8-byte aligned]. */
export function encodeRecord(record: unknown): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let binaryLength = 0;
  const addBinary = (bytes: Uint8Array): { o: number; n: number } => {
    const o = binaryLength;
    parts.push(bytes);
    binaryLength += Math.ceil(bytes.byteLength / 8) * 8;
    return { o, n: bytes.byteLength };
  };
  const walk = (v: unknown): Json => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $t: 'num', v: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (v === undefined) return { $t: 'undef' };
    if (typeof v === 'bigint') return { $t: 'bigint', v: v.toString() };
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name;
      if (!(name in TYPED)) throw new RecordFormatError(`A ${name} cannot be exported.`);
      return { $t: name, ...addBinary(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    if (v instanceof ArrayBuffer) return { $t: 'ArrayBuffer', ...addBinary(new Uint8Array(v)) };
    if (v instanceof Date) return { $t: 'Date', v: v.getTime() };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) setOwn(out, k, walk(x));
      return Object.hasOwn(out, '$t') ? { $t: 'obj', v: out } : out;
    }
    throw new RecordFormatError(
      `A ${typeof v === 'object' ? v.constructor.name : typeof v} cannot be exported.`,
    );
  };
  const json = encoder.encode(JSON.stringify(walk(record)));
  const head = 4 + json.byteLength;
  const start = Math.ceil(head / 8) * 8;
  const out = new Uint8Array(start + binaryLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  let offset = start;
  for (const p of parts) {
    out.set(p, offset);
    offset += Math.ceil(p.byteLength / 8) * 8;
  }
  return out;
}

/** The record `encodeRecord` wrote. Typed arrays get buffers of their own (copies). */
export function decodeRecord(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 4) throw new RecordFormatError('The record is truncated.');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + jsonLength > bytes.byteLength) throw new RecordFormatError('The record is truncated.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes.subarray(4, 4 + jsonLength)));
  } catch (e) {
    throw new RecordFormatError('The record is not readable JSON.', { cause: e });
  }
  const binary = bytes.subarray(Math.ceil((4 + jsonLength) / 8) * 8);
  const slice = (o: unknown, n: unknown, unit: number): ArrayBuffer => {
    if (typeof o !== 'number' || typeof n !== 'number' || o < 0 || n < 0 || o + n > binary.byteLength) {
      throw new RecordFormatError('A binary part of the record lies outside it.');
    }
    if (n % unit !== 0) throw new RecordFormatError('A binary part of the record has a partial element.');
    return binary.slice(o, o + n).buffer;
  };
  const revive = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(revive);
    const obj = v as Record<string, unknown>;
    const tag = obj['$t'];
    if (tag === undefined) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(obj)) setOwn(out, k, revive(x));
      return out;
    }
    switch (tag) {
      case 'num':
        if (obj['v'] === '-0') return -0;
        if (obj['v'] === 'NaN') return NaN;
        if (obj['v'] === 'Infinity') return Infinity;
        if (obj['v'] === '-Infinity') return -Infinity;
        break;
      case 'undef':
        return undefined;
      case 'bigint':
        if (typeof obj['v'] === 'string' && /^-?\d+$/.test(obj['v'])) return BigInt(obj['v']);
        break;
      case 'Date':
        if (typeof obj['v'] === 'number') return new Date(obj['v']);
        break;
      case 'obj':
        if (obj['v'] !== null && typeof obj['v'] === 'object' && !Array.isArray(obj['v'])) {
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(obj['v'])) setOwn(out, k, revive(x));
          return out;
        }
        break;
      case 'ArrayBuffer':
        return slice(obj['o'], obj['n'], 1);
      default:
        if (typeof tag === 'string' && Object.hasOwn(TYPED, tag)) {
          const Ctor = TYPED[tag as TypedName];
          return new Ctor(slice(obj['o'], obj['n'], Ctor.BYTES_PER_ELEMENT));
        }
    }
    throw new RecordFormatError(`The record holds an unknown value tag ${JSON.stringify(tag)}.`);
  };
  return revive(parsed);
}

/**
 * Sets an own property, even one named `__proto__` (JSON.parse makes those own keys; a plain
 * assignment would change the object's prototype instead of keeping the key).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

/**
 * A member built record by record: each record as [u32 length][bytes], in one buffer reused from
 * member to member (`clear`), grown when a member needs more.
 */
export class MemberBuilder {
  #bytes = new Uint8Array(0);
  #length = 0;
  #records = 0;
  /** `reserve`: bytes to make room for at the first growth (about a member). */
  constructor(private readonly reserve = 0) {}

  add(encoded: Uint8Array): void {
    const need = this.#length + 4 + encoded.byteLength;
    if (need > this.#bytes.byteLength) {
      const grown = new Uint8Array(Math.max(need, this.reserve, Math.ceil(1.25 * this.#bytes.byteLength)));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    new DataView(this.#bytes.buffer).setUint32(this.#length, encoded.byteLength, true);
    this.#bytes.set(encoded, this.#length + 4);
    this.#length = need;
    this.#records++;
  }

  /** The member so far: a view of the reused buffer, valid until the next add or clear. */
  get bytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes.subarray(0, this.#length);
  }

  get records(): number {
    return this.#records;
  }

  clear(): void {
    this.#length = 0;
    this.#records = 0;
  }
}

/** Several encoded records as one member (a buffer of its own). */
export function joinRecords(encoded: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const member = new MemberBuilder();
  for (const e of encoded) member.add(e);
  return member.bytes.slice();
}

/** The records of a member `joinRecords` wrote. */
export function splitRecords(member: Uint8Array): unknown[] {
  return [...eachRecord(member)];
}

/**
 * The records of a member one at a time, each decoded when asked for: only the records in use
 * hold their binary parts, not the whole member's. Throws RecordFormatError where a record is cut.
 */
export function* eachRecord(member: Uint8Array): Generator<unknown> {
  const view = new DataView(member.buffer, member.byteOffset, member.byteLength);
  let offset = 0;
  while (offset < member.byteLength) {
    if (offset + 4 > member.byteLength) throw new RecordFormatError('The member is truncated.');
    const n = view.getUint32(offset, true);
    if (offset + 4 + n > member.byteLength) throw new RecordFormatError('The member is truncated.');
    yield decodeRecord(member.subarray(offset + 4, offset + 4 + n));
    offset += 4 + n;
  }
}
