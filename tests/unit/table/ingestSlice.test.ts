// Issue 16, item 5: a large file read on two threads (ingestSlice.ts) gives exactly what one pass
// gives — table, content hash, column reports, warnings, errors — whether the helper's slice was
// appended or the first thread had to read the rest itself. The helper here runs in-process.
import { describe, expect, it } from 'vitest';
import { hashTable, hashTableFrom } from '../../../src/core/table/hash';
import { ingestCsv, readSlice } from '../../../src/core/table/ingest';
import { findSliceStart } from '../../../src/core/table/ingestSlice';
import {
  IngestError,
  type IngestHelper,
  type IngestOptions,
  type IngestResult,
  type SliceStart,
} from '../../../src/core/table/ingestTypes';
import { rng } from './helpers';

/** Marks a slice the first thread appended (the helper's "file hash" reaches the result). */
const JOINED = 'helper-joined';

interface TestHelper extends IngestHelper {
  starts: (SliceStart | undefined)[];
  cancels: number;
}

function testHelper(): TestHelper {
  let controller = new AbortController();
  const helper: TestHelper = {
    minBytes: 1,
    starts: [],
    cancels: 0,
    read(job, onProgress) {
      controller = new AbortController();
      let found: (s: SliceStart | undefined) => void = () => undefined;
      const start = new Promise<SliceStart | undefined>((r) => (found = r));
      const done = readSlice(job, {
        signal: controller.signal,
        onStart: (s) => {
          helper.starts.push(s);
          found(s);
        },
        onProgress,
      }).then(
        (r) => {
          found(undefined);
          return r && { ...r, fileHash: JOINED };
        },
        (e: unknown) => {
          found(undefined);
          throw e;
        },
      );
      return { start, done };
    },
    cancel() {
      helper.cancels++;
      controller.abort();
    },
  };
  return helper;
}

type Outcome = { ok: IngestResult; hash: string } | { error: string; line: number | undefined };

async function outcome(text: string, options: IngestOptions, helper?: IngestHelper): Promise<Outcome> {
  try {
    const ok = await ingestCsv(new Blob([text]), { chunkBytes: 512, ...options }, { helper });
    return { ok, hash: await hashTable(ok.table) };
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { error: e.message, line: e.line };
  }
}

/** Reads `text` alone and with a helper; expects the same outcome; says whether it was joined. */
async function compare(
  text: string,
  options: Partial<IngestOptions> = {},
  /** The line from which the file has what only the second part has: the slice must start before. */
  secondFrom: number | null = 25_000,
): Promise<boolean> {
  const opts = { fileName: 't.csv', ...options };
  const alone = await outcome(text, opts);
  const helper = testHelper();
  const split = await outcome(text, opts, helper);
  expect(helper.starts.length, 'the helper was given a slice').toBe(1);
  const startLine = text.slice(0, helper.starts[0]!.at).split('\n').length;
  if (secondFrom !== null && !text.includes('"')) expect(startLine).toBeLessThan(secondFrom);
  expect(startLine).toBeGreaterThan(1000);
  if ('error' in alone) {
    expect(split).toEqual(alone);
    return false;
  }
  if (!('ok' in split)) throw new Error(`split read failed: ${split.error}`);
  const { fileHash, partialHash, ...rest } = split.ok;
  expect(split.hash).toBe(alone.hash);
  // The hash as the data worker computes it: the first rows hashed while the helper read.
  expect(await hashTableFrom(split.ok.table, partialHash)).toBe(alone.hash);
  expect(rest).toEqual(alone.ok);
  return fileHash === JOINED;
}

function rows(n: number, row: (i: number) => string, header: string): string {
  const lines = [header];
  for (let i = 0; i < n; i++) lines.push(row(i));
  return `${lines.join('\n')}\n`;
}

const COLORS = ['red', 'green', 'blue', 'cyan'];

function typical(n: number, seed = 1): string {
  const r = rng(seed);
  return rows(
    n,
    (i) => {
      const missing = r() < 0.05;
      const day = String(1 + (i % 28)).padStart(2, '0');
      return [
        i,
        missing ? '' : (r() * 100).toFixed(2),
        COLORS[Math.floor(r() * (i < 25000 ? 2 : 4))],
        `2024-03-${day}`,
        r() < 0.5 ? 'yes' : 'no',
      ].join(',');
    },
    'id,amount,color,day,flag',
  );
}

describe('a file read on two threads', () => {
  it('appends the helper slice: same table, hash and reports, new categories re-coded', async () => {
    expect(await compare(typical(30000))).toBe(true);
  });

  it('hashes the first rows while the helper reads: the same content hash', async () => {
    const text = typical(300_000, 7);
    expect(await compare(text, { chunkBytes: 64 * 1024 }, null)).toBe(true);
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 64 * 1024 },
      { helper: testHelper() },
    );
    expect(r.partialHash?.rows).toBeGreaterThanOrEqual(65_536);
  });

  it('reports progress up to the whole file with the helper rows', async () => {
    const text = typical(30000);
    const seen: number[] = [];
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 512 },
      { helper: testHelper(), onProgress: (p) => void seen.push(p.bytesRead) },
    );
    expect(r.fileHash).toBe(JOINED);
    expect(seen.at(-1)).toBe(new Blob([text]).size);
  });

  it('merges an integer column that has decimals only in the second slice into a number column', async () => {
    const text = rows(30000, (i) => `${i},${i < 25000 ? i : i + 0.5}`, 'a,b');
    expect(await compare(text)).toBe(true);
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 512 },
      { helper: testHelper() },
    );
    expect(r.columns.map((c) => c.type)).toEqual(['integer', 'number']);
  });

  it('keeps boolean texts first seen in the second slice', async () => {
    const text = rows(30000, (i) => `${i},${i < 25000 ? 'yes' : i % 2 ? 'yes' : 'no'}`, 'a,flag');
    expect(await compare(text)).toBe(true);
  });

  it('reads the rest alone when a column turns to text in the second slice (same warning, same line)', async () => {
    const text = rows(30000, (i) => `${i},${i === 28000 ? 'n/a?' : i}`, 'a,b');
    expect(await compare(text)).toBe(false);
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 512 },
      { helper: testHelper() },
    );
    expect(r.columns[1]!.mixedFrom).toEqual({ line: 28002, value: 'n/a?' });
  });

  it('reads the rest alone when ambiguous dates turn out day-first in the second slice', async () => {
    const text = rows(30000, (i) => `${i},${i < 28000 ? '03/04/2024' : '25/04/2024'}`, 'a,d');
    expect(await compare(text)).toBe(false);
    // Ambiguous throughout: appended, and still reported ambiguous.
    expect(await compare(rows(30000, (i) => `${i},0${1 + (i % 9)}/04/2024`, 'a,d'))).toBe(true);
  });

  it('gives the same quoted fields with line breaks, CRLF endings and a BOM', async () => {
    const r = rng(3);
    const body = rows(
      3000,
      (i) => `${i},"say ""${i}""\r\nthen ${r() < 0.5 ? 'stop' : 'go'}",${r() < 0.3 ? '"a,b"' : 'c'}`,
      'n,quote,pair',
    ).replaceAll(/(?<!\r)\n/g, '\r\n');
    expect(await compare(`\uFEFF${body}`)).toBe(true);
  });

  it('reads the rest alone when a stray quote fools the boundary search (a line break inside quotes)', async () => {
    // A stray quote in an unquoted field is text to the parser but flips the quote parity the
    // boundary search counts, so the cut lands inside a quoted field.
    const text = rows(30000, (i) => (i === 10 ? `${i},5" wide` : `${i},"x\n${i}"`), 'a,b');
    expect(await compare(text)).toBe(false);
  });

  it('reports an error in the second slice with the line one pass reports', async () => {
    const text = rows(30000, (i) => (i === 28600 ? `${i},1,2` : `${i},1`), 'a,b');
    const alone = await outcome(text, { fileName: 't.csv' });
    expect(alone).toMatchObject({ line: 28602 });
    // Stop: the same error, naming the same line. Skip: the same rows, the slice appended.
    await compare(text);
    expect(await compare(text, { malformed: 'skip' })).toBe(true);
  });

  it('shifts the line numbers of problems found on both sides of the cut (skip)', async () => {
    const text = rows(30000, (i) => (i === 300 || i === 28600 || i === 29000 ? `${i},1,2` : `${i},1`), 'a,b');
    expect(await compare(text, { malformed: 'skip' })).toBe(true);
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 512, malformed: 'skip' },
      { helper: testHelper() },
    );
    expect(r.skipped.map((p) => p.line)).toEqual([302, 28602, 29002]);
    expect(r.skipped[2]!.message).toMatch(/^Line 29002 /);
  });

  it('counts values that do not convert to a chosen type on both sides, with their lines', async () => {
    const text = rows(30000, (i) => `${i},${i === 100 || i === 28000 ? 'x' : i}`, 'a,b');
    expect(await compare(text, { typeOverrides: { b: 'integer' } })).toBe(true);
    const r = await ingestCsv(
      new Blob([text]),
      { fileName: 't.csv', chunkBytes: 512, typeOverrides: { b: 'integer' } },
      { helper: testHelper() },
    );
    expect(r.columns[1]).toMatchObject({ overridden: true, failures: 2 });
  });

  it('reads the rest alone when the second part has bytes that are not UTF-8 (read as Windows-1252)', async () => {
    const head = new TextEncoder().encode(rows(30000, (i) => `${i},plain`, 'a,b'));
    const latin1 = new Uint8Array([...new TextEncoder().encode('30000,caf'), 0xe9, 10]);
    const bytes = new Uint8Array([...head, ...latin1]);
    const opts = { fileName: 't.csv', chunkBytes: 512 };
    const alone = await ingestCsv(new Blob([bytes]), opts);
    const split = await ingestCsv(new Blob([bytes]), opts, { helper: testHelper() });
    expect(alone.encoding).toBe('windows-1252');
    expect(split.fileHash).toBeUndefined();
    expect(split.warnings).toEqual(alone.warnings);
    expect(await hashTable(split.table)).toBe(await hashTable(alone.table));
  });

  it('keeps a byte order mark in the middle of the file as text, as one pass does', async () => {
    const text = rows(30000, (i) => (i === 28000 ? `\uFEFF${i},x` : `${i},x`), 'a,b');
    expect(await compare(text)).toBe(true);
  });

  it('gives the same table for random files cut at random targets', async () => {
    let joined = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      const n = 4000 + Math.floor(r() * 8000);
      const text = rows(
        n,
        (i) =>
          [
            r() < 0.1 ? '' : Math.floor(r() * 1000) - 500,
            r() < 0.02 ? `"multi\nline ${i}"` : COLORS[Math.floor(r() * 4)],
            r() < 0.5 ? (r() * 10).toFixed(3) : Math.floor(r() * 10),
            r() < 0.01 ? '"with ""quotes"""' : `t${Math.floor(r() * 50)}`,
          ].join(','),
        'i,c,x,t',
      );
      if (await compare(text, { chunkBytes: 256 + Math.floor(r() * 2048) })) joined++;
    }
    // Most cuts land between records (the multi-line fields are rare): the append path is what
    // these files exercise.
    expect(joined).toBeGreaterThan(6);
  });

  it('lets the helper go when the read is cancelled', async () => {
    const controller = new AbortController();
    const helper = testHelper();
    const read = ingestCsv(
      new Blob([typical(30000)]),
      { fileName: 't.csv', chunkBytes: 512 },
      {
        helper,
        signal: controller.signal,
        onChunk: (p) => {
          if (p.bytesRead > 200_000) controller.abort();
        },
      },
    );
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    expect(helper.cancels).toBe(1);
  });
});

/** findSliceStart, one byte at a time (ASCII text: one byte per character; short texts). */
function referenceStart(text: string, target: number): SliceStart | undefined {
  const quoteNear = text.slice(target).includes('"');
  let odd = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') odd = !odd;
    if (c === '\n' && i >= target && (!odd || !quoteNear) && i + 1 < text.length) return { at: i + 1 };
  }
  return undefined;
}

describe('findSliceStart', () => {
  it('finds the first line break after the target, outside quotes when quotes are near', async () => {
    const text = 'a,b\r\n1,"x\ny"\r2,z\n3,w\n';
    const blob = new Blob([text]);
    // From byte 6 (inside the quoted field) the first break outside quotes ends "2,z".
    expect(await findSliceStart(blob, 6)).toEqual({ at: text.indexOf('3,w') });
    expect(await findSliceStart(blob, text.length - 2)).toBeUndefined();
    // No quote near the target: the first line break, at once.
    expect(await findSliceStart(new Blob(['a\nb\nc\n']), 2)).toEqual({ at: 4 });
  });

  it('agrees with a byte-by-byte reference whatever the read size', async () => {
    const pieces = ['a', '"', '\n', '\r', '\r\n', ',', '""'];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      let text = '';
      for (let k = 0; k < 40; k++) text += pieces[Math.floor(r() * pieces.length)];
      const target = Math.floor(r() * text.length);
      const blob = new Blob([text]);
      const want = referenceStart(text, target);
      for (const scanBytes of [1, 2, 3, 5, 64])
        expect(await findSliceStart(blob, target, undefined, scanBytes), `${seed}/${scanBytes}`).toEqual(
          want,
        );
    }
  });
});
