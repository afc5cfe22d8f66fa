import { describe, expect, it } from 'vitest';
import { blobSource } from '../../../src/core/share/archiveReader';

describe('blobSource (one reused read buffer)', () => {
  const bytes = new Uint8Array(3_000_000).map((_, i) => (i * 31 + (i >> 9)) & 255);
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

  it('reads any slice exactly, larger and smaller than the slices before it', async () => {
    const source = blobSource(new Blob([bytes]));
    expect(source.size).toBe(bytes.length);
    for (const [o, n] of [
      [0, 30],
      [10, 2_500_000],
      [7, 100],
      [1_000_001, 1_999_999],
      [2_999_990, 10],
      [5, 1],
    ] as const) {
      expect(same(await source.read(o, n), bytes.subarray(o, o + n))).toBe(true);
    }
  });

  it('stops at the end of the file: a read past it is short', async () => {
    const source = blobSource(new Blob([bytes]));
    const tail = await source.read(2_999_000, 5000);
    expect(same(tail, bytes.subarray(2_999_000))).toBe(true);
    expect((await source.read(3_000_000, 10)).length).toBe(0);
  });

  it('reuses its buffer: bytes read hold until the next read only', async () => {
    const source = blobSource(new Blob([bytes]));
    const first = await source.read(0, 1000);
    const copy = first.slice();
    await source.read(500_000, 1000);
    // A caller keeping `first` past the next read would see other bytes: readers must not.
    expect(first.buffer.byteLength === 0 || !same(first, copy)).toBe(true);
  });
});
