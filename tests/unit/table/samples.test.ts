import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { getColumn, isCategoricalColumn } from '../../../src/core/table/table';
import { plain, sampleBlob } from './helpers';

async function ingestSample(name: string) {
  const r = await ingestCsv(sampleBlob(name), { fileName: name });
  return { r, types: Object.fromEntries(r.columns.map((c) => [c.name, c.type])) };
}

describe('shipped samples', () => {
  it('penguins: 344 rows, species and island categories, measurements numeric', async () => {
    const { r, types } = await ingestSample('penguins.csv');
    expect(r.rowsRead).toBe(344);
    expect(r.delimiter).toBe(',');
    expect(types).toEqual({
      Species: 'category',
      Island: 'category',
      'Beak Length (mm)': 'number',
      'Beak Depth (mm)': 'number',
      'Flipper Length (mm)': 'integer',
      'Body Mass (g)': 'integer',
      Sex: 'category',
    });
    const species = getColumn(r.table, 'Species');
    expect(isCategoricalColumn(species) && [...species.dictionary].sort()).toEqual([
      'Adelie',
      'Chinstrap',
      'Gentoo',
    ]);
    // Empty cells and the stray "." in Sex are missing.
    const sex = plain(r.table, 'Sex');
    expect(sex.filter((v) => v === null)).toHaveLength(11);
    expect(new Set(sex.filter((v) => v !== null))).toEqual(new Set(['MALE', 'FEMALE']));
    expect(plain(r.table, 'Body Mass (g)').filter((v) => v === null)).toHaveLength(2);
    expect(plain(r.table, 'Beak Length (mm)')[0]).toBe(39.1);
  });

  it('cars: 406 rows, name as text, year as a date, origin a category', async () => {
    const { r, types } = await ingestSample('cars.csv');
    expect(r.rowsRead).toBe(406);
    expect(types).toMatchObject({
      Name: 'text',
      Miles_per_Gallon: 'number',
      Cylinders: 'integer',
      Horsepower: 'integer',
      Acceleration: 'number',
      Year: 'date',
      Origin: 'category',
    });
    expect(plain(r.table, 'Miles_per_Gallon').filter((v) => v === null)).toHaveLength(8);
    expect(plain(r.table, 'Year')[0]).toBe(Date.UTC(1970, 0, 1));
  });

  it('seattle-weather: 1461 daily rows from 2012-01-01', async () => {
    const { r, types } = await ingestSample('seattle-weather.csv');
    expect(r.rowsRead).toBe(1461);
    expect(types).toEqual({
      date: 'date',
      precipitation: 'number',
      temp_max: 'number',
      temp_min: 'number',
      wind: 'number',
      weather: 'category',
    });
    const dates = plain(r.table, 'date') as number[];
    expect(dates[0]).toBe(Date.UTC(2012, 0, 1));
    expect(dates[1460]).toBe(Date.UTC(2015, 11, 31));
    expect(r.warnings).toEqual([]);
  });
});
