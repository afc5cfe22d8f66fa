import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { getColumn } from '../../../src/core/table/table';
import { fixtureBlob, plain } from './helpers';

const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe('ingest: types from a real-world European export', () => {
  it('reads decimal commas, day-first dates and postcodes with leading zeros', async () => {
    const r = await ingestCsv(fixtureBlob('european-latin1.csv'), { fileName: 'european-latin1.csv' });
    expect(r.delimiter).toBe(';');
    expect(r.newline).toBe('\r\n');
    expect(r.rowsRead).toBe(5);
    const info = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(info['Umsatz']).toEqual({ name: 'Umsatz', type: 'number', decimalComma: true });
    expect(plain(r.table, 'Umsatz')).toEqual([1234.5, 987.25, 12000, 45.1, 2500.75]);
    expect(info['Menge']!.type).toBe('integer');
    expect(plain(r.table, 'Menge')).toEqual([3, 12, 7, null, 1]);
    expect(info['Datum']).toEqual({ name: 'Datum', type: 'date', dateFormat: 'dmy' });
    expect(plain(r.table, 'Datum')).toEqual([
      utc(2023, 12, 31),
      utc(2024, 2, 1),
      utc(2024, 3, 15),
      utc(2024, 2, 29),
      utc(2024, 4, 5),
    ]);
    expect(info['PLZ']!.type).toBe('identifier');
    expect(plain(r.table, 'PLZ')).toEqual(['01067', '80331', '40213', '50667', '10115']);
    expect(info['Stadt']!.type).toBe('category');
  });
});

describe('ingest: quoted fields', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quotes', async () => {
    const r = await ingestCsv(fixtureBlob('quoted-multiline.csv'), { fileName: 'quoted-multiline.csv' });
    expect(r.rowsRead).toBe(6);
    expect(plain(r.table, 'comment')).toEqual([
      'plain',
      'has, a comma',
      'she said "hi"',
      'two\nlines',
      'three\nlong\nlines',
      'last',
    ]);
    expect(plain(r.table, 'score')).toEqual([10, 20, 30, 40, 50, 60]);
  });
});

describe('ingest: thousands separators', () => {
  it('reads quoted thousands groups in a comma file', async () => {
    const r = await ingestCsv('city,population\nA,"1,234,567"\nB,"2,500"\nC,980\n', { fileName: 'pop.csv' });
    expect(r.columns[1]).toEqual({ name: 'population', type: 'integer' });
    expect(plain(r.table, 'population')).toEqual([1234567, 2500, 980]);
  });
});

describe('ingest: columns that change their mind', () => {
  it('widens a numeric column to text at the line of the first word, re-encoding earlier rows', async () => {
    const lines = ['id,value'];
    for (let i = 1; i <= 70_000; i++) lines.push(`${i},${i % 97}`);
    lines.push('70001,n/a?'); // physical line 70,002
    lines.push('70002,5');
    const r = await ingestCsv(lines.join('\n'), { fileName: 'mixed.csv', chunkBytes: 64 * 1024 });
    const info = r.columns.find((c) => c.name === 'value')!;
    expect(info.mixedFrom).toEqual({ line: 70_002, value: 'n/a?' });
    expect(info.type).toBe('category');
    const values = plain(r.table, 'value');
    expect(values[0]).toBe('1');
    expect(values[96]).toBe('0');
    expect(values[70_000]).toBe('n/a?');
    expect(values[70_001]).toBe('5');
    const warning = r.warnings.find((w) => w.includes('"value"'))!;
    expect(warning).toContain('line 70002');
    expect(warning).toContain('integer');
    expect(r.columns.find((c) => c.name === 'id')!.type).toBe('integer');
  });

  it('turns an integer column into an identifier when a leading-zero code appears late', async () => {
    const lines = ['code'];
    for (let i = 0; i < 1000; i++) lines.push(String(1000 + i));
    lines.push('0042');
    const r = await ingestCsv(lines.join('\n'), { fileName: 'codes.csv' });
    expect(r.columns[0]!.type).toBe('identifier');
    expect(r.columns[0]!.mixedFrom).toEqual({ line: 1002, value: '0042' });
    expect(plain(r.table, 'code')[1000]).toBe('0042');
  });

  it('upgrades integer to number and date to datetime without calling it mixed', async () => {
    const lines = ['n,d'];
    for (let i = 0; i < 800; i++) lines.push(`${i},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    lines.push('2.5,2024-02-01T10:30:00Z');
    const r = await ingestCsv(lines.join('\n'), { fileName: 'up.csv' });
    expect(r.columns.map((c) => c.type)).toEqual(['number', 'datetime']);
    expect(r.columns.every((c) => c.mixedFrom === undefined)).toBe(true);
    expect(plain(r.table, 'n')[800]).toBe(2.5);
    expect(plain(r.table, 'd')[800]).toBe(Date.UTC(2024, 1, 1, 10, 30));
  });

  it('re-reads ambiguous dates day-first when a later value settles the order', async () => {
    const lines = ['when'];
    for (let i = 0; i < 700; i++) lines.push(`${String((i % 12) + 1).padStart(2, '0')}/03/2024`);
    lines.push('25/03/2024');
    const r = await ingestCsv(lines.join('\n'), { fileName: 'dates.csv' });
    expect(r.columns[0]).toEqual({ name: 'when', type: 'date', dateFormat: 'dmy' });
    const v = plain(r.table, 'when');
    expect(v[0]).toBe(utc(2024, 3, 1)); // 01/03 read day-first: 1 March
    expect(v[11]).toBe(utc(2024, 3, 12));
    expect(v[700]).toBe(utc(2024, 3, 25));
  });

  it('marks a column ambiguous when every date fits both orders, and honours dayFirst', async () => {
    const text = 'd\n01/02/2024\n03/04/2024\n';
    const r = await ingestCsv(text, { fileName: 'amb.csv' });
    expect(r.columns[0]).toEqual({ name: 'd', type: 'date', dateFormat: 'mdy', ambiguousDate: true });
    expect(plain(r.table, 'd')[0]).toBe(utc(2024, 1, 2));
    expect(r.warnings.some((w) => w.includes('"d"') && w.includes('month-first'))).toBe(true);
    const dayFirst = await ingestCsv(text, { fileName: 'amb.csv', dayFirst: true });
    expect(plain(dayFirst.table, 'd')[0]).toBe(utc(2024, 2, 1));
  });

  it('reads booleans and keeps 0/1 integer', async () => {
    const r = await ingestCsv('flag,bit\nyes,1\nno,0\n,1\nYes,0\n', { fileName: 'b.csv' });
    expect(r.columns.map((c) => c.type)).toEqual(['boolean', 'integer']);
    expect(plain(r.table, 'flag')).toEqual([true, false, null, true]);
  });

  it('reads missing tokens as missing in every type', async () => {
    const r = await ingestCsv('n,s,d\n1,a,2024-01-01\nNA,N/A,null\n?,-,\n4,b,2024-01-02\n', {
      fileName: 'm.csv',
    });
    expect(plain(r.table, 'n')).toEqual([1, null, null, 4]);
    expect(plain(r.table, 's')).toEqual(['a', null, null, 'b']);
    expect(plain(r.table, 'd')).toEqual([utc(2024, 1, 1), null, null, utc(2024, 1, 2)]);
  });
});

describe('ingest: type overrides', () => {
  it('forces a type: values that do not convert become missing and are counted by line', async () => {
    const r = await ingestCsv('qty,code\n1,007\n2.5,010\nlots,200\n4,\n', {
      fileName: 'o.csv',
      typeOverrides: { qty: 'integer', code: 'integer', missing: 'text' },
    });
    expect(r.columns[0]).toMatchObject({ name: 'qty', type: 'integer', overridden: true, failures: 2 });
    expect(plain(r.table, 'qty')).toEqual([1, null, null, 4]);
    expect(r.warnings.some((w) => w.includes('"qty"') && w.includes('line 3'))).toBe(true);
    // Leading-zero codes are identifiers: forced to integer they do not convert.
    expect(plain(r.table, 'code')).toEqual([null, null, 200, null]);
    expect(r.warnings.some((w) => w.includes('"missing"'))).toBe(true);
  });

  it('keeps the file text exactly when a column is forced to text', async () => {
    const r = await ingestCsv('price\n1.50\n2.00\n0003\n', {
      fileName: 't.csv',
      typeOverrides: { price: 'text' },
    });
    expect(getColumn(r.table, 'price').type).toBe('text');
    expect(plain(r.table, 'price')).toEqual(['1.50', '2.00', '0003']);
  });

  it('forces booleans from 0/1', async () => {
    const r = await ingestCsv('b\n1\n0\n1\n', { fileName: 'b.csv', typeOverrides: { b: 'boolean' } });
    expect(plain(r.table, 'b')).toEqual([true, false, true]);
  });
});

describe('ingest: shapes', () => {
  it('skips blank lines and tolerates a trailing delimiter', async () => {
    const r = await ingestCsv('a,b\n\n1,2,\n\n3,4\n\n', { fileName: 's.csv' });
    expect(r.rowsRead).toBe(2);
    expect(plain(r.table, 'b')).toEqual([2, 4]);
  });

  it('reads a file without a final line break and with CRLF endings', async () => {
    const r = await ingestCsv('a,b\r\n1,x\r\n2,y', { fileName: 'c.csv' });
    expect(plain(r.table, 'b')).toEqual(['x', 'y']);
    expect(plain(r.table, 'a')).toEqual([1, 2]);
  });

  it('reads a single-column file', async () => {
    const r = await ingestCsv('only\n3\n4\n', { fileName: 'one.csv' });
    expect(r.table.columns).toHaveLength(1);
    expect(plain(r.table, 'only')).toEqual([3, 4]);
  });
});

describe('ingest: spaces around typed values', () => {
  it('reads " 12 " as a number and " yes" as a boolean, but keeps spaces in text', async () => {
    const lines = ['n,b,d,t'];
    for (let i = 0; i < 3; i++) lines.push(` ${i} , yes,2024-01-0${i + 1} , a b `);
    const r = await ingestCsv(lines.join('\n'), { fileName: 'sp.csv' });
    expect(r.columns.map((c) => c.type)).toEqual(['integer', 'boolean', 'date', 'category']);
    expect(plain(r.table, 'n')).toEqual([0, 1, 2]);
    expect(plain(r.table, 't')[0]).toBe(' a b ');
  });
});
