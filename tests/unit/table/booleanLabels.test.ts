import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { cellText, getColumn, isBooleanColumn, takeRows } from '../../../src/core/table/table';
import { booleanLabels } from '../../../src/core/table/values';
import { tableToCsv } from '../../../src/core/table/csvWriter';
import { profileColumn } from '../../../src/core/table/profile';
import { encodeTarget } from '../../../src/core/ml/target';

const csv = (text: string) => new Blob([text]);

// A yes/no column is read as a boolean (fast, one byte a value) but keeps the file's words: a
// churn target that said yes/no must not come back as true/false in classes, predictions, charts.
describe('boolean columns keep the texts the file used', () => {
  it('yes/no: labels from the file, classes and CSV as written', async () => {
    const r = await ingestCsv(csv('id,churn\n1,yes\n2,no\n3,\n4,yes\n'), { fileName: 'c.csv' });
    const churn = getColumn(r.table, 'churn');
    expect(churn.type).toBe('boolean');
    expect(isBooleanColumn(churn) && churn.labels).toEqual({ false: 'no', true: 'yes' });
    expect(encodeTarget(churn, 'classification').classes).toEqual(['no', 'yes']);
    expect(cellText(churn, 1)).toBe('no');
    expect(tableToCsv(r.table).split(/\r?\n/).slice(1, 4)).toEqual(['1,yes', '2,no', '3,']);
    const profile = profileColumn(churn);
    expect(profile.top.map((t) => t.value).sort()).toEqual(['no', 'yes']);
  });

  it('survives taking rows (filters, splits)', async () => {
    const r = await ingestCsv(csv('a\nY\nN\nY\n'), { fileName: 'a.csv' });
    const taken = takeRows(r.table, [1, 0]).columns[0]!;
    expect(isBooleanColumn(taken) && taken.labels).toEqual({ false: 'N', true: 'Y' });
  });

  it('plain true/false needs no labels', async () => {
    const r = await ingestCsv(csv('a\ntrue\nfalse\n'), { fileName: 'a.csv' });
    const a = getColumn(r.table, 'a');
    expect(isBooleanColumn(a) && a.labels).toBeUndefined();
    expect(encodeTarget(a, 'classification').classes).toEqual(['false', 'true']);
  });

  it('a side never seen gets the partner word in the same casing', () => {
    expect(booleanLabels('YES', '')).toEqual({ false: 'NO', true: 'YES' });
    expect(booleanLabels('', 'No')).toEqual({ false: 'No', true: 'Yes' });
    expect(booleanLabels('t', '')).toEqual({ false: 'f', true: 't' });
    expect(booleanLabels('True', 'False')).toEqual({ false: 'False', true: 'True' });
    expect(booleanLabels('true', '')).toBeUndefined();
    expect(booleanLabels('', '')).toBeUndefined();
  });
});
