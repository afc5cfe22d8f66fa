// Issue 10: random CSV text either parses the way a simple reference reader does, or is refused
// (an IngestError) exactly when the reference finds it malformed — whatever the slice size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { IngestError } from '../../../src/core/table/ingestTypes';
import { cleanHeaderNames } from '../../../src/core/table/sniff';
import { isMissingText } from '../../../src/core/table/values';
import { plain } from './helpers';
import { referenceParse } from './referenceCsv';

/** Characters that make CSV hard: delimiters, quotes, every line ending; no spaces (see below). */
const CHARS = ['a', 'b', '1', '-', ',', '"', '\n', '\r', '\r\n', 'é'];

/** Text built from CSV-ish pieces: well-formed quoted fields as often as stray quotes. */
const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...CHARS),
      fc.array(fc.constantFrom('a', ',', '\n', '""', '\r\n'), { maxLength: 4 }).map((p) => `"${p.join('')}"`),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** What ingest should produce according to the reference: column names and cell texts (null = missing). */
function expected(text: string): { names: string[]; rows: (string | null)[][] } | 'refuse' {
  const ref = referenceParse(text);
  if (!ref.ok) return 'refuse';
  // A record of one empty field is a blank line.
  const records = ref.records.filter((r) => !(r.length === 1 && r[0] === ''));
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return 'refuse';
  const width = header.length;
  const out: (string | null)[][] = [];
  for (const row of rows) {
    // Extra fields are tolerated only when empty (a trailing delimiter).
    if (row.length < width || row.slice(width).some((f) => f !== '')) return 'refuse';
    out.push(row.slice(0, width).map((f) => (isMissingText(f) ? null : f)));
  }
  return { names: cleanHeaderNames(header).names, rows: out };
}

describe('ingest against a reference reader (property)', () => {
  it('parses what the reference parses, cell for cell, and refuses what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.constantFrom(undefined, 1, 2, 3, 7, 64), async (text, chunkBytes) => {
        const want = expected(text);
        // Header and delimiter forced, every column read as text: the property is about
        // splitting records and fields, not about type inference or sniffing.
        const names = want === 'refuse' ? [] : want.names;
        const typeOverrides = Object.fromEntries(names.map((n) => [n, 'text' as const]));
        let got;
        try {
          got = await ingestCsv(text, {
            fileName: 'p.csv',
            delimiter: ',',
            hasHeader: true,
            typeOverrides,
            chunkBytes,
          });
        } catch (e) {
          if (!(e instanceof IngestError)) throw e;
          expect(want, `ingest refused (${e.message}) what the reference reads`).toBe('refuse');
          return;
        }
        expect(want, 'ingest read what the reference refuses').not.toBe('refuse');
        if (want === 'refuse') return;
        expect(got.table.columns.map((c) => c.name)).toEqual(want.names);
        const cells = want.names.map((n) => plain(got.table, n));
        const rows = want.rows.map((_, r) => cells.map((col) => col[r]));
        expect(rows).toEqual(want.rows);
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});
