import { describe, expect, it } from 'vitest';
import {
  FILE_BLOCK_BYTES,
  FILE_HASH_PLAIN_LIMIT,
  FileHasher,
  hashBytes,
  sha256Digest,
} from '../../../src/core/table/hash';
import { ingestCsv } from '../../../src/core/table/ingest';

/** Feeds `bytes` to a FileHasher in slices of `slice` bytes, as ingest reads a file. */
function fed(bytes: Uint8Array, slice: number): Promise<string> | undefined {
  const hasher = new FileHasher(bytes.length);
  for (let at = 0; at < bytes.length; at += slice) {
    hasher.update(bytes.slice(at, Math.min(bytes.length, at + slice)).buffer, at);
  }
  return hasher.digest();
}

describe('FileHasher', () => {
  it('gives hashBytes of a small file whatever the slice size', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n3,4\n'.repeat(50));
    const expected = await hashBytes(bytes.slice().buffer);
    for (const slice of [1, 7, 64, 4096]) expect(await fed(bytes, slice)).toBe(expected);
  });

  it('gives hashBytes of a file above the plain limit (block scheme), slices across blocks', async () => {
    const big = new Uint8Array(FILE_HASH_PLAIN_LIMIT + 5 * 1024 * 1024 + 3);
    for (let i = 0; i < big.length; i += 4093) big[i] = i & 0xff;
    const expected = await hashBytes(new Blob([big]));
    expect(await fed(big, 4 * 1024 * 1024)).toBe(expected);
    expect(await fed(big, 5_000_001)).toBe(expected);
  });

  it('gives hashBytes from two hashers split at any byte (a helper hashes from its block on)', async () => {
    const big = new Uint8Array(FILE_HASH_PLAIN_LIMIT + 5 * 1024 * 1024 + 3);
    for (let i = 0; i < big.length; i += 4093) big[i] = i & 0xff;
    const expected = await hashBytes(new Blob([big]));
    const piece = 4 * 1024 * 1024;
    for (const cut of [FILE_BLOCK_BYTES * 2, FILE_BLOCK_BYTES * 2 + 12_345, big.length - 10]) {
      // The first reader: bytes [0, cut).
      const head = new FileHasher(big.length);
      for (let at = 0; at < cut; at += piece)
        head.update(big.slice(at, Math.min(cut, at + piece)).buffer, at);
      // The helper: the block the cut falls in, whole, then its own bytes [cut, end) from the next block.
      const from = Math.floor(cut / FILE_BLOCK_BYTES);
      const straddles = from * FILE_BLOCK_BYTES < cut;
      const tail = new FileHasher(big.length, (straddles ? from + 1 : from) * FILE_BLOCK_BYTES);
      for (let at = cut; at < big.length; at += piece)
        tail.update(big.slice(at, Math.min(big.length, at + piece)).buffer, at);
      const first = straddles
        ? [await sha256Digest(big.slice(from * FILE_BLOCK_BYTES, (from + 1) * FILE_BLOCK_BYTES).buffer)]
        : [];
      const digests = [...first, ...(await tail.blockDigests())!];
      expect(await head.digestWith({ from, digests }), `cut at ${cut}`).toBe(expected);
      expect(head.digest()).toBeUndefined();
    }
  });

  it('starts over at offset 0 and gives up on a gap', async () => {
    const bytes = new TextEncoder().encode('x,y\n1,2\n');
    const expected = await hashBytes(bytes.slice().buffer);
    const again = new FileHasher(bytes.length);
    again.update(bytes.slice(0, 3).buffer, 0);
    again.update(bytes.slice().buffer, 0);
    expect(await again.digest()).toBe(expected);
    const gap = new FileHasher(bytes.length);
    gap.update(bytes.slice(0, 3).buffer, 0);
    gap.update(bytes.slice(4).buffer, 4);
    expect(gap.digest()).toBeUndefined();
    const short = new FileHasher(bytes.length);
    short.update(bytes.slice(0, 3).buffer, 0);
    expect(short.digest()).toBeUndefined();
  });

  it('hashes the bytes ingest reads, also when it starts over as Windows-1252', async () => {
    // The byte that is not UTF-8 comes after the 64 KB head, so ingest starts over part way.
    const head = new TextEncoder().encode(`name,n\n${'Cafe,1\n'.repeat(12_000)}`);
    const latin = Uint8Array.from([...head, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]);
    const blob = new Blob([latin]);
    const hasher = new FileHasher(blob.size);
    const r = await ingestCsv(
      blob,
      { fileName: 'l.csv', chunkBytes: 4096 },
      { onBytes: (b, at) => hasher.update(b, at) },
    );
    expect(r.encoding).toBe('windows-1252');
    expect(r.warnings[0]).toMatch(/invalid byte \(line \d+, column \d+\)/);
    expect(await hasher.digest()).toBe(await hashBytes(blob));
  });
});
