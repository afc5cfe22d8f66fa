import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bytesSource, readEntries, readEntry } from '../../../src/core/share/archiveReader';
import { crc32 } from '../../../src/core/share/crc32';
import { DEFAULT_SHARE_LIMITS, type ShareLimits } from '../../../src/core/share/format';
import { ZipWriter, type ZipWriterOptions } from '../../../src/core/share/zipWriter';

const dir = mkdtempSync(join(tmpdir(), 'lwb-zip64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zip(files: Record<string, Uint8Array>, options: ZipWriterOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  const writer = new ZipWriter((c) => parts.push(c.slice()), options);
  for (const [name, bytes] of Object.entries(files)) writer.add(name, bytes);
  writer.finish();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  expect(writer.bytesOut).toBe(out.byteLength);
  return out;
}

/** `python3 -m zipfile -t` and `unzip -t` on the archive: both must find it whole. */
function standardToolsAccept(bytes: Uint8Array, name: string): void {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  execFileSync('python3', ['-m', 'zipfile', '-t', path]); // throws on a bad archive
  const out = execFileSync('unzip', ['-t', '-q', path], { encoding: 'utf8' });
  expect(out).toMatch(/No errors detected/);
}

function sample(): Record<string, Uint8Array> {
  const big = new Uint8Array(300_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
  return {
    'manifest.json': new TextEncoder().encode('{"a":1}'),
    'columnChunks/0': big,
    'runs/0': new Uint8Array(0),
  };
}

/** Byte-for-byte equality (vitest's deep toEqual walks large arrays element by element, slowly). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Offsets of the records a reader looks for, by signature. */
function has(bytes: Uint8Array, signature: number): boolean {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 4 <= bytes.byteLength; i++) if (v.getUint32(i, true) === signature) return true;
  return false;
}

describe('crc32', () => {
  it('matches the zip checksum of known inputs, in one go or continued', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const bytes = sample()['columnChunks/0']!;
    expect(crc32(bytes.subarray(1000), crc32(bytes.subarray(0, 1000)))).toBe(crc32(bytes));
  });
});

describe('zip container: ZIP64 written when needed and read back', () => {
  for (const zip64 of ['auto', 'always'] as const) {
    it(`${zip64 === 'always' ? 'forced ZIP64 records' : 'a classic archive'}: our reader, fflate, Python and unzip read the same members`, async () => {
      const files = sample();
      const bytes = zip(files, { level: 1, zip64 });
      expect(has(bytes, 0x06064b50)).toBe(zip64 === 'always'); // ZIP64 end record
      expect(has(bytes, 0x07064b50)).toBe(zip64 === 'always'); // its locator
      standardToolsAccept(bytes, `${zip64}.zip`);
      const entries = await readEntries(bytesSource(bytes), DEFAULT_SHARE_LIMITS);
      expect([...entries.keys()]).toEqual(Object.keys(files));
      for (const [name, data] of Object.entries(files)) {
        expect(entries.get(name)!.size).toBe(data.byteLength);
        expect(sameBytes(await readEntry(bytesSource(bytes), entries.get(name)!), data)).toBe(true);
      }
      if (zip64 === 'auto') {
        const unzipped = unzipSync(bytes);
        for (const [name, data] of Object.entries(files)) expect(sameBytes(unzipped[name]!, data)).toBe(true);
      }
    });
  }

  it('stored (level 0) and deflated members both check out with the standard tools', () => {
    standardToolsAccept(zip(sample(), { level: 0, zip64: 'always' }), 'stored.zip');
  });

  it('more than 65,535 entries: ZIP64 end records; the member limit still refuses before the directory is read', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 70_000; i++) files[`runs/${i}`] = new Uint8Array(i % 3);
    const bytes = zip(files, { level: 0 });
    expect(has(bytes.subarray(bytes.byteLength - 200), 0x06064b50)).toBe(true);
    standardToolsAccept(bytes, 'many.zip');
    const limits: ShareLimits = { ...DEFAULT_SHARE_LIMITS, maxMembers: 100_000 };
    const entries = await readEntries(bytesSource(bytes), limits);
    expect(entries.size).toBe(70_000);
    expect(entries.get('runs/69999')!.size).toBe(69_999 % 3);
    // The count comes from the ZIP64 end record: refused without reading the directory.
    let read = 0;
    const counting = {
      size: bytes.byteLength,
      read: async (o: number, n: number) => ((read += n), bytes.subarray(o, o + n)),
    };
    await expect(readEntries(counting, DEFAULT_SHARE_LIMITS)).rejects.toThrow(/more than 50000 members/);
    expect(read).toBeLessThan(70_000);
  });

  it('a ZIP64 size past the limits is refused from the directory, before inflating', async () => {
    const bytes = zip(sample(), { level: 1, zip64: 'always' });
    // Make the directory's ZIP64 extra of columnChunks/0 declare 5 GiB unpacked.
    const v = new DataView(bytes.buffer);
    const name = new TextEncoder().encode('columnChunks/0');
    let p = bytes.byteLength - 22 - 76;
    p = Number(v.getBigUint64(p + 48, true)); // directory offset from the ZIP64 end record
    for (;;) {
      const n = v.getUint16(p + 28, true);
      if (bytes.subarray(p + 46, p + 46 + n).every((b, i) => b === name[i]) && n === name.length) {
        expect(v.getUint16(p + 46 + n, true)).toBe(1); // the ZIP64 block
        v.setBigUint64(p + 46 + n + 4, 5n * 1024n ** 3n, true);
        break;
      }
      p += 46 + n + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
    }
    await expect(readEntries(bytesSource(bytes), DEFAULT_SHARE_LIMITS)).rejects.toThrow(
      /unpack to 5368709120 bytes, over the limit.*"columnChunks\/0"/,
    );
    await expect(
      readEntries(bytesSource(bytes), {
        ...DEFAULT_SHARE_LIMITS,
        maxMemberBytes: 8 * 1024 ** 3,
        maxTotalBytes: 4 * 1024 ** 3,
      }),
    ).rejects.toThrow(/would unpack to more than 4294967296 bytes.*refused before unpacking/);
  });

  it('a broken ZIP64 locator or end record is refused, not read past', async () => {
    const bytes = zip(sample(), { level: 1, zip64: 'always' });
    const locator = bytes.byteLength - 22 - 20;
    const wrongOffset = bytes.slice();
    new DataView(wrongOffset.buffer).setBigUint64(locator + 8, BigInt(bytes.byteLength), true);
    await expect(readEntries(bytesSource(wrongOffset), DEFAULT_SHARE_LIMITS)).rejects.toThrow(
      /ZIP64 end record is missing/,
    );
    const badRecord = bytes.slice();
    badRecord[bytes.byteLength - 22 - 76] = 0; // the ZIP64 end record's signature
    await expect(readEntries(bytesSource(badRecord), DEFAULT_SHARE_LIMITS)).rejects.toThrow(
      /ZIP64 end record is missing/,
    );
  });

  it("still reads archives other writers made (fflate's streamed zips)", async () => {
    const files = sample();
    const bytes = zipSync(files, { level: 1 });
    const entries = await readEntries(bytesSource(bytes), DEFAULT_SHARE_LIMITS);
    expect(
      sameBytes(
        await readEntry(bytesSource(bytes), entries.get('columnChunks/0')!),
        files['columnChunks/0']!,
      ),
    ).toBe(true);
  });

  it('inflates a large member as a stream, with or without DecompressionStream, and stops one that lies about its size', async () => {
    // Over 8 MiB compressed (random bytes do not compress): read and inflated slice by slice.
    const files = { 'columnChunks/0': new Uint8Array(9 << 20) };
    for (let i = 0; i < files['columnChunks/0'].length; i += 65_536)
      crypto.getRandomValues(files['columnChunks/0'].subarray(i, i + 65_536));
    const bytes = zip(files, { level: 1 });
    for (const native of [true, false]) {
      if (!native) vi.stubGlobal('DecompressionStream', undefined);
      try {
        const entries = await readEntries(bytesSource(bytes), DEFAULT_SHARE_LIMITS);
        const entry = entries.get('columnChunks/0')!;
        // Compared as bytes: a deep toEqual over 9 MiB takes minutes.
        const read = await readEntry(bytesSource(bytes), entry);
        expect(sameBytes(read, files['columnChunks/0'])).toBe(true);
        await expect(readEntry(bytesSource(bytes), { ...entry, size: 1000 })).rejects.toThrow(
          /unpacks to more than the 1000 bytes it declares/,
        );
        const cut = { ...entry, compressedSize: entry.compressedSize - 50 };
        await expect(readEntry(bytesSource(bytes), cut)).rejects.toThrow(/does not inflate|truncated/);
        const small = zip(sample(), { level: 1 });
        const one = (await readEntries(bytesSource(small), DEFAULT_SHARE_LIMITS)).get('columnChunks/0')!;
        await expect(readEntry(bytesSource(small), { ...one, size: 1000 })).rejects.toThrow(
          /unpacks to more than the 1000 bytes it declares/,
        );
        await expect(
          readEntry(bytesSource(small), { ...one, compressedSize: one.compressedSize - 50 }),
        ).rejects.toThrow(/does not inflate|truncated/);
      } finally {
        vi.unstubAllGlobals();
      }
    }
  });
});
