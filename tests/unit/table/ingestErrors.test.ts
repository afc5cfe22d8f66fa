import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { IngestError } from '../../../src/core/table/ingestTypes';
import { fixtureBlob, plain } from './helpers';

async function failure(input: Blob | string, options: Parameters<typeof ingestCsv>[1]): Promise<IngestError> {
  try {
    await ingestCsv(input, options);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('ingest did not fail');
}

describe('IngestError codes', () => {
  it('empty: no bytes, or only whitespace', async () => {
    for (const input of ['', '  \n\r\n \t\n']) {
      const e = await failure(input, { fileName: 'blank.csv' });
      expect(e.code).toBe('empty');
      expect(e.message).toContain('"blank.csv" is empty');
    }
  });

  it('no-rows: a header and nothing else, with the header line', async () => {
    const e = await failure('a,b,c\n', { fileName: 'head.csv' });
    expect(e.code).toBe('no-rows');
    expect(e.line).toBe(1);
    const later = await failure('\n\nx;y\n\n', { fileName: 'head2.csv' });
    expect(later.code).toBe('no-rows');
    expect(later.line).toBe(3);
    expect(later.message).toContain('line 3');
  });

  it('binary: NUL bytes or a known binary signature', async () => {
    const e = await failure(new Blob([new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02])]), {
      fileName: 'data.bin',
    });
    expect(e.code).toBe('binary');
    expect(e.message).toContain('"data.bin"');
    const xlsx = await failure(new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])]), {
      fileName: 'book.xlsx',
    });
    expect(xlsx.message).toContain('Excel');
  });

  it('malformed (stop): ragged rows with their physical lines, quoted line breaks counted', async () => {
    const e = await failure(fixtureBlob('ragged.csv'), { fileName: 'ragged.csv' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(5);
    expect(e.problems).toEqual([
      { line: 5, message: 'Line 5 has 4 fields but the header has 3.' },
      { line: 7, message: 'Line 7 has 2 fields but the header has 3.' },
    ]);
    expect(e.problemCount).toBe(2);
    expect(e.message).toContain('"ragged.csv" has 2 malformed rows: line 5 has 4 fields');
    expect(e.message).toContain('skip malformed rows');
  });

  it('malformed (skip): drops the rows and reports them', async () => {
    const r = await ingestCsv(fixtureBlob('ragged.csv'), { fileName: 'ragged.csv', malformed: 'skip' });
    expect(r.rowsRead).toBe(4);
    expect(plain(r.table, 'a')).toEqual([1, 4, 11, 16]);
    expect(r.skipped.map((s) => s.line)).toEqual([5, 7]);
    expect(r.skippedCount).toBe(2);
    expect(r.warnings.some((w) => w.startsWith('Skipped 2 malformed rows'))).toBe(true);
  });

  it('malformed: an unterminated quote names the line where it opens', async () => {
    const e = await failure('a,b\n1,2\n3,"oops\n4,5\n6,7\n', { fileName: 'quote.csv' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(3);
    expect(e.problems[0]!.message).toBe('Line 3 opens a quoted field that is never closed.');
  });

  it('malformed: keeps the first 100 problems and counts the rest', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 250; i++) lines.push(i % 2 === 0 ? `${i},${i}` : `${i}`);
    const e = await failure(lines.join('\n'), { fileName: 'many.csv' });
    expect(e.problems).toHaveLength(100);
    expect(e.problemCount).toBe(125);
    expect(e.problems[0]!.line).toBe(3);
    expect(e.problems[99]!.line).toBe(201);
    expect(e.message).toContain('and 122 more');
  });

  it('malformed, not an empty table, when skipping would leave out every row', async () => {
    const e = await failure('a,b\n1\n2\n', { fileName: 'bad.csv', malformed: 'skip' });
    expect(e.code).toBe('malformed');
    expect(e.line).toBe(2);
    expect(e.problemCount).toBe(2);
    expect(e.message).toContain('line 2 has 1 field but the header has 2');
  });
});
