/** Shared set-up for store tests: fresh databases, a table of every column type, records. */
import { expect } from 'vitest';
import {
  MISSING_BOOL,
  MISSING_CODE,
  isCategoricalColumn,
  type Column,
  type Table,
} from '../../src/core/table/table';
import { openDb, type OpenDbOptions, type WorkbenchDb } from '../../src/store/db';
import { createProject } from '../../src/store/projects';
import { saveDatasetVersion } from '../../src/store/datasets';
import { saveModelVersion, type NewModelVersion } from '../../src/store/models';
import type { Dataset, DatasetVersion, Project } from '../../src/store/records';
import { newId } from '../../src/store/ids';
import { defaultSpec } from '../../src/core/ml/models/spec';

/** A database no other test uses. */
export function freshDb(options?: OpenDbOptions): Promise<WorkbenchDb> {
  return openDb(`test-${crypto.randomUUID()}`, options);
}

/**
 * `rowCount` rows of all eight column types, with missing values spread across chunk
 * boundaries, awkward numbers (-0, ±Infinity, tiny and huge values) and awkward strings
 * (empty, non-ASCII, an unused dictionary entry). Deterministic.
 */
export function everyTypeTable(rowCount: number): Table {
  const num = new Float64Array(rowCount);
  const int = new Float64Array(rowCount);
  const bool = new Uint8Array(rowCount);
  const date = new Float64Array(rowCount);
  const datetime = new Float64Array(rowCount);
  const cat = new Int32Array(rowCount);
  const text = new Int32Array(rowCount);
  const ident = new Int32Array(rowCount);
  const awkward = [-0, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 0.1 + 0.2];
  for (let i = 0; i < rowCount; i++) {
    num[i] = i % 7 === 3 ? NaN : i < awkward.length ? awkward[i]! : Math.sin(i) * 1e3;
    int[i] = i % 5 === 4 ? NaN : i * 3 - 10;
    bool[i] = i % 6 === 2 ? MISSING_BOOL : i % 2;
    date[i] = i % 9 === 8 ? NaN : Date.UTC(2020, 0, 1 + i);
    datetime[i] = i % 4 === 1 ? NaN : Date.UTC(2021, 5, 1, i % 24, i % 60, 7);
    cat[i] = i % 8 === 5 ? MISSING_CODE : i % 3;
    text[i] = i % 3 === 0 ? MISSING_CODE : i % 4;
    ident[i] = i;
  }
  return {
    rowCount,
    columns: [
      { name: 'amount', type: 'number', values: num },
      { name: 'count', type: 'integer', values: int },
      { name: 'active', type: 'boolean', values: bool },
      { name: 'day', type: 'date', values: date },
      { name: 'seen at', type: 'datetime', values: datetime },
      // 'Unused' is in the dictionary but no row uses it (as after a filter): it must survive.
      {
        name: 'species',
        type: 'category',
        codes: cat,
        dictionary: ['Adélie', 'Gentoo', 'Chinstrap', 'Unused'],
      },
      {
        name: 'comment',
        type: 'text',
        codes: text,
        dictionary: ['', 'line one\nline two', '日本語 🐧', '"quoted", comma'],
      },
      {
        name: 'id',
        type: 'identifier',
        codes: ident,
        dictionary: Array.from({ length: rowCount }, (_, i) => `0${i}`),
      },
    ],
  };
}

/** Asserts two tables are identical: names, types, row counts, typed-array kinds and every byte. */
export function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.columns.map((c) => [c.name, c.type])).toEqual(expected.columns.map((c) => [c.name, c.type]));
  actual.columns.forEach((a, i) => expectSameColumn(a, expected.columns[i]!));
}

export function expectSameColumn(actual: Column, expected: Column): void {
  expect(actual.name).toBe(expected.name);
  expect(actual.type).toBe(expected.type);
  const a = isCategoricalColumn(actual) ? actual.codes : actual.values;
  const e = isCategoricalColumn(expected) ? expected.codes : expected.values;
  expect(a.constructor).toBe(e.constructor);
  expect(a.length).toBe(e.length);
  // Byte comparison: exact for NaN, -0 and every float bit.
  expect(bytesOf(a)).toEqual(bytesOf(e));
  if (isCategoricalColumn(expected)) {
    expect(isCategoricalColumn(actual) ? [...actual.dictionary] : null).toEqual([...expected.dictionary]);
  }
}

function bytesOf(a: Float64Array | Uint8Array | Int32Array): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export const GOAL = {
  statement: 'Tell penguin species apart from measurements',
  compliance: 'No personal data',
  kpis: [
    { id: 'k1', metric: 'accuracy' as const, op: '>=' as const, threshold: 0.9, split: 'test' as const },
  ],
};

export function newProject(db: WorkbenchDb, name = 'Penguins'): Promise<Project> {
  return createProject(db, { name, goal: GOAL });
}

export function newDataset(project: Project, name = 'penguins.csv'): Dataset {
  return { id: newId(), projectId: project.id, name, createdAt: Date.now() };
}

/** Saves `table` as the next version of `dataset` with an ingest operation. */
export function saveIngest(
  db: WorkbenchDb,
  dataset: Dataset,
  table: Table,
  options: { hash?: string; fileHash?: string; chunkRows?: number; parents?: string[] } = {},
): Promise<DatasetVersion> {
  return saveDatasetVersion(db, {
    dataset,
    table,
    version: {
      hash: options.hash ?? `hash-${crypto.randomUUID()}`,
      parents: options.parents ?? [],
      chunkRows: options.chunkRows ?? 4,
      operation: {
        kind: 'ingest',
        fileName: dataset.name,
        fileSize: 1234,
        fileHash: options.fileHash ?? `file-${crypto.randomUUID()}`,
        delimiter: ',',
        encoding: 'utf-8',
      },
    },
  });
}

/** A registered model trained on `version`, with 16 bytes of distinctive weights. */
export function saveModel(
  db: WorkbenchDb,
  version: DatasetVersion,
  name = 'churn',
  extra: Partial<NewModelVersion> = {},
) {
  const weights = new Float32Array([1.5, -2.25, 3, Math.PI]).buffer;
  return saveModelVersion(db, {
    projectId: version.projectId,
    name,
    datasetVersionId: version.id,
    datasetHash: version.hash,
    target: 'species',
    task: 'classification',
    classes: ['Adélie', 'Gentoo', 'Chinstrap'],
    spec: defaultSpec('linear', 'classification'),
    fittedRecipe: {
      formatVersion: 1,
      spec: { formatVersion: 1, steps: [] },
      target: 'species',
      task: 'classification',
      inputSchema: [{ name: 'amount', type: 'number' }],
      steps: [],
      features: [{ name: 'amount', sources: ['amount'], step: -1 }],
    },
    metrics: {},
    backend: 'cpu',
    backendReason: 'forced by test',
    durationMs: 12,
    history: [{ epoch: 1, loss: 0.7 }],
    model: { format: 'tfjs-layers', formatVersion: 1, json: { modelTopology: {} }, weights },
    ...extra,
  });
}

/** Row counts of every table for records belonging to nobody in particular: the whole db. */
export async function countAll(db: WorkbenchDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) out[t.name] = await t.count();
  return out;
}
