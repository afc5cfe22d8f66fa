import { deflateSync, inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Deflater, Inflater } from '../../../src/core/share/flate';

/** Seeded bytes of several kinds: random (incompressible), text-like, runs, f64 columns. */
function inputs(): Uint8Array[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
  const random = new Uint8Array(200_000).map(() => Math.floor(rand() * 256));
  const text = new TextEncoder().encode(
    Array.from({ length: 20_000 }, (_, i) => `${i},city${i % 17},${(rand() * 100).toFixed(2)}`).join('\n'),
  );
  const runs = new Uint8Array(300_000).map((_, i) => (i >> 12) & 3);
  const floats = new Uint8Array(new Float64Array(60_000).map(() => Math.round(rand() * 1e4) / 100).buffer);
  return [new Uint8Array(0), new Uint8Array([42]), random, text, runs, floats, text.subarray(0, 5000)];
}

/** Byte equality without vitest's element-by-element diff (slow on arrays this size). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

describe('Deflater and Inflater (fflate without garbage)', () => {
  it('write what fflate writes, byte for byte, at every level, reusing their state across calls', () => {
    const deflater = new Deflater();
    for (const level of [1, 6, 9, 0] as const) {
      // Large, then small, then large again: state left by a larger call must not leak into the next.
      for (const data of inputs()) {
        expect(same(deflater.deflate(data, level), deflateSync(data, { level }))).toBe(true);
      }
    }
  });

  it('read back exactly, into one reused buffer, and inflate what fflate wrote', () => {
    const inflater = new Inflater();
    const deflater = new Deflater();
    const out = new Uint8Array(1_000_000);
    for (const level of [1, 9, 0] as const) {
      for (const data of inputs()) {
        expect(same(inflater.inflate(deflateSync(data, { level }), out), data)).toBe(true);
        expect(same(inflater.inflate(deflater.deflate(data, level), out), data)).toBe(true);
        expect(same(inflateSync(deflater.deflate(data, level)), data)).toBe(true);
      }
    }
  });

  it('never writes past the buffer: data that inflates to more fills it whole', () => {
    const inflater = new Inflater();
    const data = inputs()[3]!;
    const out = new Uint8Array(data.length + 10);
    const room = out.subarray(0, 1000);
    expect(inflater.inflate(deflateSync(data, { level: 6 }), room).length).toBe(1000);
    expect(out.subarray(1000).every((b) => b === 0)).toBe(true);
    // Stored blocks too (level 0).
    expect(inflater.inflate(deflateSync(data, { level: 0 }), room).length).toBe(1000);
    expect(out.subarray(1000).every((b) => b === 0)).toBe(true);
  });

  it('throws on damaged or truncated data, and works on afterwards', () => {
    const inflater = new Inflater();
    const data = inputs()[3]!;
    const packed = deflateSync(data, { level: 6 });
    const out = new Uint8Array(data.length + 1);
    expect(() => inflater.inflate(packed.subarray(0, packed.length >> 1), out)).toThrow();
    const broken = packed.slice();
    broken[0] = 0xff; // block type 3 does not exist
    expect(() => inflater.inflate(broken, out)).toThrow();
    expect(same(inflater.inflate(packed, out), data)).toBe(true);
  });
});
