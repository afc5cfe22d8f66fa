import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRecord, encodeRecord, joinRecords, splitRecords } from '../../../src/core/share/recordCodec';
import { remapIds } from '../../../src/core/share/remap';

describe('record codec', () => {
  it('keeps what JSON loses: NaN, ±Infinity, -0, undefined, typed arrays, buffers, dates, $t keys', () => {
    const weights = new Float32Array([1.5, NaN, -0]).buffer;
    const record = {
      id: 'a',
      metrics: { auc: NaN, loss: Infinity, low: -Infinity, zero: -0 },
      list: [1, undefined, null, 'x'],
      values: new Float64Array([0.1, NaN, -0, 5e-324]),
      codes: new Int32Array([-1, 2]),
      flags: new Uint8Array([0, 1, 255]),
      view: new Float64Array(new Float64Array([9, 8, 7, 6]).buffer, 8, 2),
      model: { weights },
      at: new Date(86_400_000),
      sneaky: { $t: 'Float64Array', o: 0, n: 8 },
      big: 12345678901234567890n,
    };
    const back = decodeRecord(encodeRecord(record)) as typeof record;
    expect(back).toEqual(record);
    expect(Object.is(back.metrics.zero, -0)).toBe(true);
    expect(back.view).toEqual(new Float64Array([8, 7]));
    expect(back.view.buffer.byteLength).toBe(16); // its own buffer, not the whole source one
    expect(new Float32Array(back.model.weights)).toEqual(new Float32Array(weights));
  });

  it('round-trips any JSON-like value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(decodeRecord(encodeRecord(v))).toEqual(v);
      }),
    );
  });

  it('refuses class instances and malformed bytes', () => {
    expect(() => encodeRecord({ m: new Map() })).toThrow(/A Map cannot be exported/);
    const bytes = encodeRecord({ v: new Float64Array([1, 2]) });
    expect(() => decodeRecord(bytes.subarray(0, bytes.byteLength - 8))).toThrow(/outside it/);
    expect(() => decodeRecord(new TextEncoder().encode('\x05\x00\x00\x00{"$t"'))).toThrow(
      /not readable JSON/,
    );
    const unknownTag = new TextEncoder().encode('{"$t":"Function","v":"alert(1)"}');
    const framed = new Uint8Array(4 + unknownTag.length);
    new DataView(framed.buffer).setUint32(0, unknownTag.length, true);
    framed.set(unknownTag, 4);
    expect(() => decodeRecord(framed)).toThrow(/unknown value tag "Function"/);
  });

  it('joins and splits several records', () => {
    const records = [{ a: 1 }, { b: new Float64Array([2]) }, []];
    expect(splitRecords(joinRecords(records.map((r) => encodeRecord(r))))).toEqual(records);
    expect(() => splitRecords(joinRecords([encodeRecord({ a: 1 })]).subarray(0, 6))).toThrow(/truncated/);
  });
});

describe('remapIds', () => {
  it('replaces ids in fields, arrays and keys, leaves data alone and the input unchanged', () => {
    const data = new Float64Array([1]);
    const record = { id: 'a', parents: ['b', 'c'], nested: { ref: 'b', b: 1 }, data, name: 'a b' };
    const ids = new Map([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expect(remapIds(record, ids)).toEqual({
      id: 'A',
      parents: ['B', 'c'],
      nested: { ref: 'B', B: 1 },
      data,
      name: 'a b',
    });
    expect(record.id).toBe('a');
  });
});

describe('hostile keys', () => {
  it('keeps a __proto__ key as data and never changes a prototype', () => {
    const record = JSON.parse('{"a":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    const back = decodeRecord(encodeRecord(record)) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect(Object.hasOwn(back.a, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
