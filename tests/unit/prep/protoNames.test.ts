// Issue 10 item 7: a column (or a category) named like an Object.prototype member is data like
// any other, in every place user strings become keys.
import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../../../src/core/table/ingest';
import { diffTables } from '../../../src/core/prep/diff';
import { conformColumn } from '../../../src/core/features/conform';
import { defaultRecipe } from '../../../src/core/features/defaults';
import { applyRecipe, fitTransform } from '../../../src/core/features/recipe';
import { profileTable } from '../../../src/core/table/profile';
import { tableToCsv } from '../../../src/core/table/csvWriter';
import { plain } from '../table/helpers';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const CSV = `${NAMES.join(',')},y\n${[1, 2, 3, 4, 5, 6]
  .map((i) => `${i},__proto__,constructor,${i % 2 ? 'toString' : '__proto__'},${i * 1.5},${i % 2}`)
  .join('\n')}\n`;

describe('__proto__ and friends as names', () => {
  it('survive ingest, profile, CSV export and the version diff sample rows', async () => {
    const { table } = await ingestCsv(CSV, {
      fileName: 'p.csv',
      typeOverrides: { __proto__: 'number' } as never,
    });
    expect(table.columns.map((c) => c.name)).toEqual([...NAMES, 'y']);
    expect(plain(table, '__proto__')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(profileTable(table).columns.map((c) => c.name)).toEqual([...NAMES, 'y']);
    expect(tableToCsv(table).split('\r\n')[0]).toBe(`${NAMES.join(',')},y`);

    const fewer = (await ingestCsv(CSV.split('\n').slice(0, 3).join('\n'), { fileName: 'q.csv' })).table;
    const diff = diffTables(table, fewer);
    const sample = diff.removedSample[0]!;
    expect(Object.keys(sample)).toEqual(expect.arrayContaining(NAMES));
    expect(Object.hasOwn(sample, '__proto__')).toBe(true);
    expect(sample['__proto__']).toBeDefined();
    // Survives the structured clone that carries it from the worker to the page.
    const cloned = structuredClone(sample);
    expect(Object.hasOwn(cloned, '__proto__')).toBe(true);
    expect(cloned['__proto__']).toBe(sample['__proto__']);
  });

  it('a category "__proto__" or "constructor" is not a boolean', () => {
    const col = {
      name: 'b',
      type: 'category' as const,
      codes: Int32Array.from([0, 1, 2]),
      dictionary: ['__proto__', 'constructor', 'true'],
    };
    expect(() => conformColumn({ name: 'b', type: 'boolean' }, col)).toThrow(/cannot be converted/);
  });

  it('a recipe fits and applies over such columns', async () => {
    const { table } = await ingestCsv(CSV, { fileName: 'p.csv' });
    const schema = table.columns.map((c) => ({ name: c.name, type: c.type }));
    const spec = defaultRecipe(schema, { target: 'y', task: 'regression' });
    const { fitted } = fitTransform(spec, table, { target: 'y', task: 'regression' });
    const applied = applyRecipe(fitted, table);
    expect(applied.rowCount).toBe(6);
    expect(fitted.features.length).toBeGreaterThan(3);
  });
});
