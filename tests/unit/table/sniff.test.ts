import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { binaryReason, looksLikeHeader, sniffDelimiter, sniffNewline } from '../../../src/core/table/sniff';
import { fixtureBlob, plain } from './helpers';

describe('delimiter sniffing', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1;2;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n'],
    ['|', 'a|b|c\n1|2|3\n4|5|6\n'],
  ])('finds %j', async (delimiter, text) => {
    expect(sniffDelimiter(text, true)).toBe(delimiter);
    const r = await ingestCsv(text, { fileName: 'x.csv' });
    expect(r.delimiter).toBe(delimiter);
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(plain(r.table, 'c')).toEqual([3, 6]);
  });

  it('ignores delimiters inside quotes', async () => {
    // Each line has more semicolons than commas, but all of them are quoted.
    const text = 'name,notes,n\n"A","x;y;z;w",1\n"B","p;q;r;s",2\n"C","no;te;s;!",3\n';
    expect(sniffDelimiter(text, true)).toBe(',');
    const r = await ingestCsv(text, { fileName: 'q.csv' });
    expect(plain(r.table, 'notes')).toEqual(['x;y;z;w', 'p;q;r;s', 'no;te;s;!']);
  });

  it('prefers the delimiter that splits every line the same way', () => {
    // Decimal commas vary per line; the semicolons are consistent.
    expect(sniffDelimiter('a;b;c\n1,5;2;3,25\n4;5,5;6\n7;8;9\n', true)).toBe(';');
  });

  it('reads TSV with commas inside fields', async () => {
    const r = await ingestCsv('city\tnote\nParis\tbig, old\nRome\tsunny, warm\n', { fileName: 't.tsv' });
    expect(r.delimiter).toBe('\t');
    expect(plain(r.table, 'note')).toEqual(['big, old', 'sunny, warm']);
  });

  it('uses a forced delimiter', async () => {
    const r = await ingestCsv('a;b,c\n1;2,3\n', { fileName: 'x.csv', delimiter: ';' });
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b,c']);
  });

  it("honours Excel's sep= first line", async () => {
    const r = await ingestCsv('sep=;\r\na;b\r\n1,5;x\r\n2;y\r\n', { fileName: 'excel.csv' });
    expect(r.delimiter).toBe(';');
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(plain(r.table, 'a')).toEqual([1.5, 2]);
  });

  it('finds the line ending outside quotes', () => {
    expect(sniffNewline('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(sniffNewline('a,"x\ny"\r\n1,2')).toBe('\r\n');
    expect(sniffNewline('a,b\r1,2\r')).toBe('\r');
    expect(sniffNewline('a,b\n1,2')).toBe('\n');
  });
});

describe('encodings', () => {
  it('drops a UTF-8 byte order mark', async () => {
    const r = await ingestCsv(fixtureBlob('european-bom.csv'), { fileName: 'european-bom.csv' });
    expect(r.encoding).toBe('utf-8');
    expect(r.table.columns[0]!.name).toBe('Kunde');
    expect(plain(r.table, 'Kunde')[0]).toBe('Müller');
    expect(r.warnings.some((w) => w.includes('Windows-1252'))).toBe(false);
  });

  it('falls back to Windows-1252 for Latin-1 bytes and says so', async () => {
    const r = await ingestCsv(fixtureBlob('european-latin1.csv'), { fileName: 'european-latin1.csv' });
    expect(r.encoding).toBe('windows-1252');
    expect(plain(r.table, 'Kunde')).toEqual(['Müller', 'Schäfer', 'Weiß', 'Öztürk', 'Groß']);
    expect(r.warnings.find((w) => w.includes('not valid UTF-8'))).toContain('european-latin1.csv');
  });

  it('restarts as Windows-1252 when invalid bytes appear after the first 64 KB', async () => {
    const ascii = 'name,n\n' + 'plain,1\n'.repeat(10_000); // 80 KB of ASCII
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(ascii),
      ...[0x63, 0x61, 0x66, 0xe9],
      0x2c,
      0x32,
      0x0a,
    ]);
    const r = await ingestCsv(new Blob([bytes]), { fileName: 'late.csv', chunkBytes: 16 * 1024 });
    expect(r.encoding).toBe('windows-1252');
    expect(r.rowsRead).toBe(10_001);
    expect(plain(r.table, 'name')[10_000]).toBe('café');
    expect(r.warnings[0]).toMatch(/invalid byte \(line 10002, column 4\)/);
  });
});

describe('binary files', () => {
  it('names known signatures and rejects NUL bytes', () => {
    expect(binaryReason(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toContain('Excel');
    expect(binaryReason(new Uint8Array([0x61, 0x00, 0x62]))).toContain('NUL');
    expect(binaryReason(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toContain('UTF-16');
    expect(binaryReason(new TextEncoder().encode('a,b\n1,2\n'))).toBeNull();
  });
});

describe('header sniffing', () => {
  it('takes a first row of words over numbers as a header', () => {
    expect(
      looksLikeHeader(
        ['x', 'y'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ),
    ).toBe(true);
    expect(looksLikeHeader(['name', 'city'], [['ann', 'oslo']])).toBe(true);
  });

  it('takes an all-numeric first row as data and names the columns', async () => {
    expect(looksLikeHeader(['1', '2.5'], [['3', '4']])).toBe(false);
    const r = await ingestCsv('1,2.5,2024-01-01\n3,4,2024-01-02\n', { fileName: 'n.csv' });
    expect(r.hasHeader).toBe(false);
    expect(r.table.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(r.rowsRead).toBe(2);
    expect(plain(r.table, 'column_1')).toEqual([1, 3]);
  });

  it('obeys a forced hasHeader', async () => {
    const r = await ingestCsv('a,b\nc,d\n', { fileName: 'x.csv', hasHeader: false });
    expect(r.rowsRead).toBe(2);
    expect(plain(r.table, 'column_2')).toEqual(['b', 'd']);
  });

  it('renames blank and duplicate header names and reports them', async () => {
    const r = await ingestCsv('id, name ,,name,id_2,\n1,a,b,c,d,e\n', { fileName: 'h.csv' });
    expect(r.table.columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'column_3',
      'name_2',
      'id_2',
      'column_6',
    ]);
    expect(r.renamedColumns).toEqual([
      { from: ' name ', to: 'name' },
      { from: '', to: 'column_3' },
      { from: 'name', to: 'name_2' },
      { from: '', to: 'column_6' },
    ]);
    expect(r.warnings).toContain('Column "" in the header was renamed "column_3".');
  });
});
