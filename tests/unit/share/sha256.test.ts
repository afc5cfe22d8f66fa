import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/share/format';
import { sha256HexInPlace } from '../../../src/core/share/sha256';

describe('sha256HexInPlace', () => {
  it('is SHA-256: the FIPS 180-4 examples', () => {
    expect(sha256HexInPlace(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256HexInPlace(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('agrees with crypto.subtle at every length around the block and padding edges, and on a view', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 131 + (i >> 7)) & 255);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 299_999]) {
      expect(sha256HexInPlace(data.subarray(0, n))).toBe(await sha256Hex(data.slice(0, n)));
    }
    expect(sha256HexInPlace(data.subarray(7, 70_007))).toBe(await sha256Hex(data.slice(7, 70_007)));
  });
});
