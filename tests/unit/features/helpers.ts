import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Column, Table } from '../../../src/core/table/table';
import { categoricalFromStrings } from '../../../src/core/table/table';
import { numericFromNumbers } from '../table/helpers';

export interface TransformsGolden {
  x_train: (number | null)[];
  x_test: (number | null)[];
  standard: { test: (number | null)[]; mean: number; scale: number };
  minmax: { test: (number | null)[] };
  robust: { test: (number | null)[] };
  impute_mean: { fill: number; test: number[] };
  impute_median: { fill: number; test: number[] };
  impute_most_frequent: { fill: string };
  kbins_quantile: { n_bins: number; edges: number[]; test: number[] };
  kbins_uniform: { n_bins: number; edges: number[]; test: number[] };
  yeo_johnson: { lambda_: number; test: number[] };
  onehot: {
    train: (string | null)[];
    test: (string | null)[];
    categories: string[];
    test_encoded: number[][];
  };
}

export function loadGolden(): TransformsGolden {
  return JSON.parse(
    readFileSync(new URL('../../fixtures/golden/transforms.json', import.meta.url), 'utf8'),
  ) as TransformsGolden;
}

/** Asserts |actual − expected| ≤ 1e-9 · |expected| (plus 1e-12 for values at 0); null means NaN. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: readonly (number | null)[],
  rel = 1e-9,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i]!;
    if (e === null || e === undefined) {
      expect(Number.isNaN(a), `row ${i} should be missing, got ${a}`).toBe(true);
    } else {
      expect(Math.abs(a - e), `row ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(rel * Math.abs(e) + 1e-12);
    }
  }
}

export function table(...columns: Column[]): Table {
  const rowCount =
    columns.length === 0 ? 0 : 'codes' in columns[0]! ? columns[0].codes.length : columns[0]!.values.length;
  return { rowCount, columns };
}

export function num(name: string, values: readonly (number | null)[]): Column {
  return numericFromNumbers(name, values);
}

export function cat(name: string, values: readonly (string | null)[]): Column {
  return categoricalFromStrings(name, values);
}

/** The values of column `name` of `t` as a plain array. */
export function values(t: Table, name: string): number[] {
  const c = t.columns.find((x) => x.name === name);
  if (!c || !('values' in c)) throw new Error(`no numeric column ${name}`);
  return Array.from(c.values);
}

/**
 * The penguins sample as a Table, parsed here with a tiny comma splitter (the file has no quotes)
 * so these tests do not depend on the CSV ingest code.
 */
export function penguins(): Table {
  const text = readFileSync(new URL('../../../public/samples/penguins.csv', import.meta.url), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const categorical = new Set(['Species', 'Island', 'Sex']);
  const columns = header.map((name, j) => {
    const cells = rows.map((r) => (r[j] === undefined || r[j] === '' ? null : r[j]!));
    return categorical.has(name)
      ? categoricalFromStrings(name, cells)
      : numericFromNumbers(
          name,
          cells.map((c) => (c === null ? null : Number(c))),
        );
  });
  return { rowCount: rows.length, columns };
}
