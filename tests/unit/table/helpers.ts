import { readFileSync } from 'node:fs';
import {
  getColumn,
  isCategoricalColumn,
  cellValue,
  type Column,
  type NumericColumn,
  type NumericType,
  type Table,
} from '../../../src/core/table/table';

/** A CSV fixture from tests/fixtures/csv as a Blob (the same input type the worker gets). */
export function fixtureBlob(name: string): Blob {
  return new Blob([readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url))]);
}

/** A shipped sample from public/samples as a Blob. */
export function sampleBlob(name: string): Blob {
  return new Blob([readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url))]);
}

export function goldenJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}`, import.meta.url), 'utf8')) as T;
}

/** The values of a column as plain JS values (null = missing). */
export function plain(table: Table, name: string): (number | string | boolean | null)[] {
  const c: Column = getColumn(table, name);
  const n = isCategoricalColumn(c) ? c.codes.length : c.values.length;
  return Array.from({ length: n }, (_, i) => cellValue(c, i));
}

/** A deterministic PRNG (mulberry32) so generated data is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds a numeric column from plain numbers (null or NaN = missing). */
export function numericFromNumbers(
  name: string,
  values: readonly (number | null)[],
  type: NumericType = 'number',
): NumericColumn {
  return { name, type, values: Float64Array.from(values, (v) => (v === null ? NaN : v)) };
}
