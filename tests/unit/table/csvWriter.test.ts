import { describe, expect, it } from 'vitest';
import { tableToCsv, tableToCsvParts } from '../../../src/core/table/csvWriter';
import { hashTable } from '../../../src/core/table/hash';
import { ingestCsv } from '../../../src/core/table/ingest';
import { categoricalFromStrings, type Table } from '../../../src/core/table/table';
import { fixtureBlob, numericFromNumbers } from './helpers';

describe('tableToCsv', () => {
  it('quotes per RFC 4180, writes ISO dates and empty missing cells', () => {
    const table: Table = {
      rowCount: 3,
      columns: [
        categoricalFromStrings('text', ['plain', 'has, comma', 'say "hi"\nbye']),
        numericFromNumbers('n', [1.5, null, -2]),
        { name: 'day', type: 'date', values: Float64Array.from([Date.UTC(2024, 0, 31), NaN, 0]) },
        { name: 'at', type: 'datetime', values: Float64Array.from([Date.UTC(2024, 0, 31, 8, 30), NaN, 1]) },
        { name: 'ok', type: 'boolean', values: Uint8Array.from([1, 0, 255]) },
      ],
    };
    expect(tableToCsv(table)).toBe(
      'text,n,day,at,ok\r\n' +
        'plain,1.5,2024-01-31,2024-01-31T08:30:00Z,true\r\n' +
        '"has, comma",,,,false\r\n' +
        '"say ""hi""\nbye",-2,1970-01-01,1970-01-01T00:00:00.001Z,\r\n',
    );
  });

  it('guards text that a spreadsheet would run as a formula, never numbers', () => {
    const table: Table = {
      rowCount: 5,
      columns: [
        categoricalFromStrings('t', ['=SUM(A1:A9)', '+1', '-cmd', '@x', '\tTAB']),
        numericFromNumbers('n', [-5, 1, 2, 3, 4]),
      ],
    };
    const lines = tableToCsv(table).split('\r\n');
    expect(lines.slice(1, 6)).toEqual(["'=SUM(A1:A9),-5", "'+1,1", "'-cmd,2", "'@x,3", "'\tTAB,4"]);
    expect(tableToCsv(table, { guardFormulas: false }).split('\r\n')[1]).toBe('=SUM(A1:A9),-5');
    expect(tableToCsv({ rowCount: 0, columns: [numericFromNumbers('=bad', [])] })).toBe("'=bad\r\n");
  });

  it('guards formulas behind leading spaces and in full-width signs', () => {
    const cells = ['  =1+1', ' +cmd', '\u3000@x', '＝SUM(A1)', '＋1', '－2', '＠x', ' \t=x', 'a=b', '-'];
    const table: Table = { rowCount: cells.length, columns: [categoricalFromStrings('t', cells)] };
    const lines = tableToCsv(table).split('\r\n').slice(1, -1);
    expect(lines).toEqual([
      "'  =1+1",
      "' +cmd",
      "'\u3000@x",
      "'＝SUM(A1)",
      "'＋1",
      "'－2",
      "'＠x",
      "' \t=x",
      'a=b',
      "'-",
    ]);
  });

  it('round-trips through ingest to the same table', async () => {
    const original = await ingestCsv(fixtureBlob('quoted-multiline.csv'), { fileName: 'q.csv' });
    const again = await ingestCsv(tableToCsv(original.table), { fileName: 'again.csv' });
    expect(again.columns.map((c) => c.type)).toEqual(original.columns.map((c) => c.type));
    expect(await hashTable(again.table)).toBe(await hashTable(original.table));
    const european = await ingestCsv(fixtureBlob('european-latin1.csv'), { fileName: 'e.csv' });
    const back = await ingestCsv(tableToCsv(european.table), { fileName: 'e2.csv', dayFirst: true });
    expect(await hashTable(back.table)).toBe(await hashTable(european.table));
  });

  it('yields parts that join to the whole', () => {
    const table: Table = { rowCount: 5, columns: [numericFromNumbers('n', [1, 2, 3, 4, 5])] };
    const parts = Array.from(tableToCsvParts(table, {}, 2));
    expect(parts).toHaveLength(3);
    expect(parts.join('')).toBe(tableToCsv(table));
  });
});
