// Issue 10 items 3–5: the true reason for malformed files, per-line line endings, invalid UTF-8
// kept as UTF-8 and located, out-of-range numbers and NUL bytes anywhere in the file.
import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { IngestError } from '../../../src/core/table/ingestTypes';
import { plain } from './helpers';

async function failure(input: Blob | string, options: Parameters<typeof ingestCsv>[1]): Promise<IngestError> {
  try {
    await ingestCsv(input, options);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('ingest did not fail');
}

const bytes = (...parts: (string | number[])[]): Blob =>
  new Blob(parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : new Uint8Array(p))));

describe('line endings, line by line', () => {
  it('reads a CRLF header above LF rows (and CR and LF mixed), in both modes', async () => {
    const text = 'id,name,score\r\n1,a,10\n2,b,20\r3,"c\r\nd",30\n4,e,40\r\n';
    for (const chunkBytes of [undefined, 3, 7]) {
      for (const malformed of ['stop', 'skip'] as const) {
        const r = await ingestCsv(text, { fileName: 'mixed.csv', malformed, chunkBytes });
        expect(r.rowsRead).toBe(4);
        expect(r.skippedCount).toBe(0);
        expect(plain(r.table, 'score')).toEqual([10, 20, 30, 40]);
        expect(plain(r.table, 'name')).toEqual(['a', 'b', 'c\nd', 'e']);
        expect(r.newline).toBe('\r\n');
      }
    }
  });

  it('counts lines across mixed endings when naming a malformed row', async () => {
    const e = await failure('a,b\r\n1,2\n3,4\r5\n6,7\r\n', { fileName: 'm.csv' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(4);
  });

  it('an unclosed quote in the header is malformed at line 1, not an empty file', async () => {
    const e = await failure('"id,name\n1,a\n2,b\n', { fileName: 'h.csv' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(1);
    expect(e.message).toContain('line 1 opens a quoted field that is never closed');
    const skip = await failure('"id,name\n1,a\n2,b\n', { fileName: 'h.csv', malformed: 'skip' });
    expect(skip.code).toBe('malformed');
  });

  it('skipping never drops the rest of the file behind an unclosed quote', async () => {
    const e = await failure('a,b\n1,2\n3,"x\n4,5\n6,7\n', { fileName: 'q.csv', malformed: 'skip' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(3);
  });
});

describe('invalid UTF-8 bytes', () => {
  it('keeps UTF-8, replaces each invalid sequence and says where they are', async () => {
    const blob = bytes('city,n\nZürich,1\nGenève,2\nbad', [0xff], 'x,3\nZürich,4\n', [0xc3], ',5\n');
    for (const chunkBytes of [undefined, 5]) {
      const r = await ingestCsv(blob, { fileName: 'u.csv', chunkBytes });
      expect(r.encoding).toBe('utf-8');
      expect(plain(r.table, 'city')).toEqual(['Zürich', 'Genève', 'bad\uFFFDx', 'Zürich', '\uFFFD']);
      const w = r.warnings.find((x) => x.includes('invalid UTF-8'));
      expect(w).toContain('2 invalid UTF-8 byte sequences (line 4, column 4; line 6, column 1)');
    }
  });

  it('falls back to Windows-1252 only when no UTF-8 character came before the bad byte', async () => {
    const latin = bytes('city,n\nZ', [0xfc], 'rich,1\n');
    const r = await ingestCsv(latin, { fileName: 'l.csv' });
    expect(r.encoding).toBe('windows-1252');
    expect(plain(r.table, 'city')).toEqual(['Zürich']);
    expect(r.warnings[0]).toContain('line 2, column 2');
  });
});

describe('values no one warned about', () => {
  it('numbers beyond a double are missing, counted and named, never ±Infinity', async () => {
    const r = await ingestCsv('x,y\n1,2\n1e309,3\n-1e400,4\n5,5\n', { fileName: 'big.csv' });
    const x = plain(r.table, 'x');
    expect(x).toEqual([1, null, null, 5]);
    expect(r.columns.find((c) => c.name === 'x')!.type).toBe('number');
    expect(r.warnings.find((w) => w.includes('too large'))).toContain(
      'Column "x": 2 values are too large for a number (first on line 3: "1e309")',
    );
  });

  it('a NUL byte far past the first 64 KiB is refused with its line', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},v${i}`).join('\n');
    const blob = bytes(`a,b\n${rows}\n1,x`, [0], 'y\n');
    const e = await failure(blob, { fileName: 'nul.csv' });
    expect(e.code).toBe('binary');
    expect(e.line).toBe(20_002);
    expect(e.message).toContain('NUL byte (line 20002, column 4)');
  });
});
