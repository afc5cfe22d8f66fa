// Issue 10: every file of tests/fixtures/malformed either parses as its manifest says or is
// refused with a clear error naming the cause (and the line), through the data worker's ingest
// handler against fake-indexeddb: a refused file leaves nothing stored.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestHandlers } from '../../workers/data/ingest';
import { workerDb } from '../../workers/workerDb';
import { IngestError } from '../../src/core/table/ingestTypes';
import { tableToCsv } from '../../src/core/table/csvWriter';
import { isNumericColumn } from '../../src/core/table/table';
import { loadTable } from '../../src/store/tableReader';
import { createProject } from '../../src/store/projects';
import { plain } from '../unit/table/helpers';

interface Case {
  file: string;
  expect: 'parse' | 'refuse';
  options?: { malformed?: 'stop' | 'skip' };
  code?: string;
  line?: number;
  message?: string;
  rows?: number;
  skipped?: number;
  columns?: string[];
  columnCount?: number;
  values?: Record<string, (string | number | null)[]>;
  types?: Record<string, string>;
  encoding?: string;
  newline?: string;
  warning?: string;
  formulas?: string;
}

const dir = new URL('../fixtures/malformed/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { cases: Case[] };
const dbName = `malformed-${crypto.randomUUID()}`;
const ctx = { emit: () => undefined, signal: new AbortController().signal, transfer: () => undefined };

async function stored(): Promise<number[]> {
  const db = await workerDb(dbName);
  return Promise.all([
    db.datasets.count(),
    db.datasetVersions.count(),
    db.columnChunks.count(),
    db.dictionaries.count(),
  ]);
}

afterAll(async () => {
  await (await workerDb(dbName)).delete();
});

describe('the malformed-input corpus', () => {
  it('has at least 40 files, each with an expected outcome', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(40);
    for (const c of manifest.cases) expect(readFileSync(new URL(c.file, dir))).toBeDefined();
  });

  it.each(manifest.cases.map((c) => [c.file, c] as const))('%s', async (file, c) => {
    const bytes = readFileSync(new URL(file, dir));
    // A project per file: two files with the same content would otherwise be one version (twins).
    const db = await workerDb(dbName);
    const projectId = (
      await createProject(db, { name: file, goal: { statement: '', compliance: '', kpis: [] } })
    ).id;
    const before = await stored();
    const args = {
      file: new Blob([bytes]),
      fileName: file,
      projectId,
      datasetName: file,
      malformed: c.options?.malformed ?? 'stop',
      dbName,
    } as const;
    if (c.expect === 'refuse') {
      const error = await ingestHandlers.ingest(args, ctx).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'refused').toBeInstanceOf(IngestError);
      const e = error as IngestError;
      expect(e.code).toBe(c.code);
      expect(e.message).toContain(`"${file}"`);
      if (c.line !== undefined) {
        expect(e.line).toBe(c.line);
        if (e.code !== 'no-rows') expect(e.message.toLowerCase()).toContain(`line ${c.line}`);
      }
      if (c.message) expect(e.message).toContain(c.message);
      expect(await stored(), 'nothing stored').toEqual(before);
      return;
    }
    const summary = await ingestHandlers.ingest(args, ctx);
    const version = (await db.datasetVersions.get(summary.versionId))!;
    const table = await loadTable(db, version.id);
    if (c.rows !== undefined) expect(table.rowCount).toBe(c.rows);
    if (c.skipped !== undefined) expect(summary.skippedCount).toBe(c.skipped);
    if (c.columns) expect(table.columns.map((col) => col.name)).toEqual(c.columns);
    if (c.columnCount !== undefined) expect(table.columns).toHaveLength(c.columnCount);
    for (const [name, values] of Object.entries(c.values ?? {})) expect(plain(table, name)).toEqual(values);
    for (const [name, type] of Object.entries(c.types ?? {}))
      expect(table.columns.find((col) => col.name === name)?.type).toBe(type);
    const operation = version.operation as { encoding?: string };
    if (c.encoding) expect(operation.encoding).toBe(c.encoding);
    if (c.warning) expect(summary.warnings.join('\n')).toContain(c.warning);
    // Nothing stored is ±Infinity: no one warned about it, and it would train.
    for (const col of table.columns)
      if (isNumericColumn(col)) expect(col.values.every((v) => v !== Infinity && v !== -Infinity)).toBe(true);
    if (c.formulas) {
      const exported = tableToCsv(table).split('\r\n').slice(1, -1);
      for (const line of exported) expect(line).toMatch(/^("?')/);
    }
  });
});

describe('random CSV text through the ingest handler (property)', () => {
  it('stores one version, or refuses with an IngestError and stores nothing', async () => {
    const db = await workerDb(dbName);
    const projectId = (
      await createProject(db, { name: 'random', goal: { statement: '', compliance: '', kpis: [] } })
    ).id;
    const text = fc
      .array(fc.constantFrom('a', '1', ',', '"', '\n', '\r\n', '\r', ';', 'x"y', '"q,"'), { maxLength: 40 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('stop', 'skip') as fc.Arbitrary<'stop' | 'skip'>,
        async (csv, malformed) => {
          const before = await stored();
          const args = {
            file: new Blob([csv]),
            fileName: 'r.csv',
            projectId,
            datasetName: 'r',
            malformed,
            dbName,
          };
          const outcome: Awaited<ReturnType<typeof ingestHandlers.ingest>> | Error = await ingestHandlers
            .ingest(args, ctx)
            .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
          const after = await stored();
          if (outcome instanceof Error) {
            expect(outcome).toBeInstanceOf(IngestError);
            expect(after).toEqual(before);
          } else {
            // A new version, or the twin already stored: never a half-written one.
            expect(after[1]! - before[1]!).toBe(outcome.duplicateOf ? 0 : 1);
          }
        },
      ),
      { numRuns: 60, seed: 10 },
    );
  });
});
