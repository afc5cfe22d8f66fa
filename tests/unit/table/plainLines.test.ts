import { describe, expect, it } from 'vitest';
import { hashTable } from '../../../src/core/table/hash';
import { ingestCsv } from '../../../src/core/table/ingest';
import type { IngestResult } from '../../../src/core/table/ingestTypes';
import { plain, rng } from './helpers';

/**
 * Text without quote characters is read line by line in place (RowSink.plainLine); text with
 * quotes goes through PapaParse. Both must read the same file the same way, whatever the slice
 * size: the same table, the same malformed lines, the same warnings.
 */

const NEWLINES = { lf: '\n', crlf: '\r\n', cr: '\r' } as const;

/** Seeded quote-free CSV with every kind of cell, blank lines, a trailing delimiter and ragged rows. */
function randomCsv(seed: number, rows: number, newline: string, delimiter = ';'): string {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const lines = [['id', 'amount', 'city', 'day', 'flag', 'note'].join(delimiter)];
  for (let i = 0; i < rows; i++) {
    const r = random();
    if (r < 0.02) {
      lines.push('');
      continue;
    }
    const cells = [
      String(i),
      pick(['', '12', '-3.25', '1e3', 'NA', ' 7 ', '0.5', '123456789012345678']),
      pick(['Zürich', 'Kraków', '東京', '', 'a b', 'Oslo']),
      pick(['2024-01-31', '2023-12-01', '', '2020-02-29']),
      pick(['true', 'false', 'yes', '']),
      pick(['x', '', 'longer text here', '😀']),
    ];
    if (r > 0.98)
      cells.pop(); // a ragged row
    else if (r > 0.96) cells.push(''); // a trailing delimiter
    lines.push(cells.join(delimiter));
  }
  return lines.join(newline) + (seed % 2 ? newline : '');
}

function summary(r: IngestResult) {
  return {
    rows: r.rowsRead,
    types: r.columns.map((c) => c.type),
    skipped: r.skipped,
    skippedCount: r.skippedCount,
    warnings: r.warnings,
    note: plain(r.table, 'note'),
  };
}

describe('quote-free lines read in place', () => {
  for (const [name, newline] of Object.entries(NEWLINES)) {
    it(`match PapaParse's reading for ${name} line ends, whatever the slice size`, async () => {
      const text = randomCsv(name.length, 400, newline);
      // One quoted header name sends the whole (single-slice) file through Papa.
      const quoted = `"id"${text.slice(2)}`;
      const papa = await ingestCsv(quoted, { fileName: 'p.csv', malformed: 'skip', chunkBytes: 1 << 20 });
      const expected = await hashTable(papa.table);
      for (const chunkBytes of [1, 2, 3, 5, 8, 13, 64, 1000, 1 << 20]) {
        const r = await ingestCsv(text, { fileName: 'p.csv', malformed: 'skip', chunkBytes });
        expect(await hashTable(r.table), `chunkBytes ${chunkBytes}`).toBe(expected);
        expect(summary(r), `chunkBytes ${chunkBytes}`).toEqual(summary(papa));
      }
    });
  }

  it('splits on a delimiter of several characters as PapaParse does', async () => {
    const text = randomCsv(5, 300, '\n', '||');
    const options = { fileName: 'd.csv', malformed: 'skip', delimiter: '||' } as const;
    const papa = await ingestCsv(`"id"${text.slice(2)}`, options);
    for (const chunkBytes of [3, 64, 1 << 20]) {
      const r = await ingestCsv(text, { ...options, chunkBytes });
      expect(summary(r), `chunkBytes ${chunkBytes}`).toEqual(summary(papa));
      expect(await hashTable(r.table)).toBe(await hashTable(papa.table));
    }
  });

  it('reads columns that change their reading part way the same way (cached texts re-read)', async () => {
    const lines = ['when,flag,kind'];
    for (let i = 0; i < 3000; i++) {
      // Dates that fit both orders, until line 2000 has one that fits day-first only; booleans
      // until "maybe" makes the column text; the same few texts over and over.
      const when = i === 2000 ? '13/02/2020' : `0${1 + (i % 9)}/0${1 + (i % 7)}/2020`;
      const flag = i === 2500 ? 'maybe' : i % 3 ? 'yes' : 'no';
      lines.push(`${when},${flag},${i % 11 ? `k${i % 5}` : 'NA'}`);
    }
    const text = lines.join('\n');
    const papa = await ingestCsv(`"when"${text.slice(4)}`, { fileName: 'c.csv' });
    for (const chunkBytes of [7, 4096, 1 << 20]) {
      const r = await ingestCsv(text, { fileName: 'c.csv', chunkBytes });
      expect(await hashTable(r.table), `chunkBytes ${chunkBytes}`).toBe(await hashTable(papa.table));
      expect(r.columns).toEqual(papa.columns);
      expect(r.warnings).toEqual(papa.warnings);
    }
    expect(papa.columns.map((c) => c.type)).toEqual(['date', 'category', 'category']);
    expect(papa.columns[1]!.mixedFrom).toEqual({ line: 2502, value: 'maybe' });
    // Read month-first until line 2002, then all re-read day-first: 09/02 is 9 February.
    expect(plain(papa.table, 'when')[8]).toBe(Date.UTC(2020, 1, 9));
  });

  it('keeps rows missing before the storage was decided missing, after a large reserve', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},${i < 700 ? '' : i % 3},${i < 4000 ? '' : 'yes'}`);
    const r = await ingestCsv(lines.join('\n'), { fileName: 'm.csv', chunkBytes: 2048 });
    const b = plain(r.table, 'b');
    const c = plain(r.table, 'c');
    expect(b.slice(0, 700).every((v) => v === null)).toBe(true);
    expect(b.slice(700).every((v) => v !== null)).toBe(true);
    expect(c.slice(0, 4000).every((v) => v === null)).toBe(true);
    expect(c.slice(4000).every((v) => v === true)).toBe(true);
  });

  it('stops on the same malformed line as PapaParse does', async () => {
    const text = 'a,b\n1,2\n3\n4,5\n6,7,8\n';
    const papa = await ingestCsv(`"a",b${text.slice(3)}`, { fileName: 'm.csv' }).catch((e: unknown) => e);
    const mine = await ingestCsv(text, { fileName: 'm.csv', chunkBytes: 4 }).catch((e: unknown) => e);
    expect(mine).toMatchObject({ code: 'malformed', line: 3, problemCount: 2 });
    expect((mine as Error).message).toBe((papa as Error).message);
  });

  it('reads numbers in place exactly as from their text', async () => {
    const values = ['0', '-0', '42', '-7.5', '3.14159', '1e-7', '12345678901234.5', '0.1', 'NA', ' 8'];
    const r = await ingestCsv(`x,y\n${values.map((v) => `${v},`).join('\n')}\n`, { fileName: 'n.csv' });
    expect(plain(r.table, 'x')).toEqual([0, -0, 42, -7.5, 3.14159, 1e-7, 12345678901234.5, 0.1, null, 8]);
    expect(plain(r.table, 'y')).toEqual(values.map(() => null));
  });
});
