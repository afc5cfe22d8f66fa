import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../src/core/share/archiveReader';
import { sha256Hex } from '../../src/core/share/format';
import { encodeRecord, joinRecords, splitRecords } from '../../src/core/share/recordCodec';
import { chunkCount } from '../../src/store/chunks';
import type { WorkbenchDb } from '../../src/store/db';
import { importProject } from '../../src/store/share';
import { ImportStaging, removeInterruptedImports } from '../../src/store/shareStaging';
import { freshDb } from './helpers';
import { buildProject, editManifest, exportBytes, rezip, snapshot } from './shareFixture';

/** The notes in the import journal beside `db`. */
async function journal(db: WorkbenchDb): Promise<unknown[]> {
  const j = new Dexie(`${db.name}-imports`);
  j.version(1).stores({ imports: 'id' });
  try {
    return await j.table('imports').toArray();
  } finally {
    j.close();
  }
}

/** An archive with one member per record, so chunks arrive one member at a time. */
async function manyMembers() {
  const source = await freshDb();
  const fx = await buildProject(source);
  const archive = await exportBytes(source, fx.project.id, { kind: 'project' }, 1, 1);
  return { fx, archive };
}

/** The last columnChunks member's name. */
function lastChunkMember(archive: Uint8Array): string {
  let last = -1;
  rezip(archive, (files) => {
    for (const name of Object.keys(files)) {
      const m = /^columnChunks\/(\d+)$/.exec(name);
      if (m) last = Math.max(last, Number(m[1]));
    }
  });
  return `columnChunks/${last}`;
}

/** Imports `archive` into `db`, expecting `message`; returns the most chunk rows seen staged meanwhile. */
async function refusedLate(db: WorkbenchDb, archive: Uint8Array, message: RegExp): Promise<number> {
  const before = await snapshot(db);
  let staged = 0;
  await expect(
    importProject(
      db,
      bytesSource(archive),
      { ifExists: 'copy' },
      {
        stageBytes: 1,
        onProgress: () => {
          void db.columnChunks.count().then((n) => (staged = Math.max(staged, n)));
        },
      },
    ),
  ).rejects.toThrow(message);
  expect(await snapshot(db)).toEqual(before);
  expect(await journal(db)).toEqual([]);
  return staged;
}

describe('an import stages its data and makes it visible at once', () => {
  it('a member found changed late, after earlier chunks were staged, leaves nothing', async () => {
    const { archive } = await manyMembers();
    const name = lastChunkMember(archive);
    const edited = editManifest(archive, (m) => {
      (m['members'] as { name: string; sha256: string }[]).find((x) => x.name === name)!.sha256 = 'f'.repeat(
        64,
      );
    });
    const db = await freshDb();
    const staged = await refusedLate(db, edited, new RegExp(`SHA-256 does not match.*"${name}"`));
    expect(staged).toBeGreaterThan(10); // chunks were in storage before the refusal
    expect(await db.columnChunks.count()).toBe(0);
    expect(await db.dictionaries.count()).toBe(0);
    expect(await db.predictions.count()).toBe(0);
  });

  it('a chunk changed consistently (member hash recomputed) fails the content hash at the end', async () => {
    const { archive } = await manyMembers();
    const name = lastChunkMember(archive);
    let patched: Uint8Array | undefined;
    const changed = rezip(archive, (files) => {
      const records = splitRecords(files[name]!) as { data: ArrayBuffer }[];
      const bytes = new Uint8Array(records[0]!.data);
      bytes[0] = bytes[0]! ^ 1;
      patched = joinRecords(records.map((r) => encodeRecord(r)));
      files[name] = patched;
    });
    const hash = await sha256Hex(patched as Uint8Array<ArrayBuffer>);
    const edited = editManifest(changed, (m) => {
      (m['members'] as { name: string; sha256: string }[]).find((x) => x.name === name)!.sha256 = hash;
    });
    const db = await freshDb();
    const staged = await refusedLate(
      db,
      edited,
      /does not match its recorded content hash|holds a code its dictionary does not have/,
    );
    expect(staged).toBeGreaterThan(10);
    expect(await db.columnChunks.count()).toBe(0);
  });

  it('a cancelled import leaves nothing', async () => {
    const { archive } = await manyMembers();
    const db = await freshDb();
    const controller = new AbortController();
    let members = 0;
    const before = await snapshot(db);
    await expect(
      importProject(
        db,
        bytesSource(archive),
        { ifExists: 'copy' },
        {
          stageBytes: 1,
          signal: controller.signal,
          onProgress: () => ++members === 20 && controller.abort(),
        },
      ),
    ).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
    expect(await journal(db)).toEqual([]);
  });

  it('succeeds in many small transactions with the same records as one', async () => {
    const { fx, archive } = await manyMembers();
    const a = await freshDb();
    const b = await freshDb();
    await importProject(a, bytesSource(archive), { ifExists: 'copy' }, { stageBytes: 1 });
    await importProject(b, bytesSource(archive), { ifExists: 'copy' });
    const strip = async (db: WorkbenchDb) => {
      const s = await snapshot(db);
      for (const t of ['projects', 'datasets', 'datasetVersions', 'recipes', 'runs', 'models', 'auditLog'])
        s[t] = s[t]!.map((r) => ({ ...(r as object), importedFrom: null, at: null, seq: null }));
      return s;
    };
    expect(await strip(a)).toEqual(await strip(b));
    const v = fx.versions[0]!;
    // A fresh database: imported under the archive's own ids.
    expect(await a.columnChunks.where('versionId').equals(v.id).count()).toBe(
      v.schema.length * chunkCount(v.rowCount, v.chunkRows),
    );
    expect(await journal(a)).toEqual([]);
  });

  it('waits for the import lock, and refuses when the same project was imported meanwhile', async () => {
    const { archive } = await manyMembers();
    const db = await freshDb();
    let after: Record<string, unknown[]> | undefined;
    // The lock is held by "another tab" that imports the same archive first.
    const lock = async <T>(work: () => Promise<T>): Promise<T> => {
      await importProject(db, bytesSource(archive), { ifExists: 'copy' });
      after = await snapshot(db);
      return work();
    };
    await expect(
      importProject(db, bytesSource(archive), { ifExists: 'copy' }, { lock, stageBytes: 1 }),
    ).rejects.toThrow(/imported in another tab meanwhile/);
    expect(await snapshot(db)).toEqual(after);
    expect(await journal(db)).toEqual([]);
  });

  it('an import cut short is cleaned up at the next start; a finished one is kept', async () => {
    const db = await freshDb();
    const staging = await ImportStaging.begin(db, 'gone-project', ['v-gone'], ['r-gone']);
    expect(staging.stages('columnChunks', 'v-gone')).toBe(true);
    expect(staging.stages('columnChunks', 'v-other')).toBe(false);
    await staging.write('columnChunks', [
      { versionId: 'v-gone', column: 0, chunk: 0, data: new ArrayBuffer(8) },
    ]);
    await staging.write('dictionaries', [{ versionId: 'v-gone', column: 0, piece: 0, values: ['a'] }]);
    await staging.write('predictions', [{ runId: 'r-gone', projectId: 'gone-project', sets: [] }]);
    // The tab closes here: no discard, no commit. A finished import beside it keeps its rows.
    const { archive } = await manyMembers();
    const done = await importProject(db, bytesSource(archive), { ifExists: 'copy' });
    const chunksDone = await db.columnChunks.count();
    expect(await journal(db)).toHaveLength(1);

    const busy = await removeInterruptedImports(db, async () => {
      throw Object.assign(new Error('held'), { name: 'ImportLockBusy' });
    }).catch((e: Error) => e.message);
    expect(busy).toBe('held'); // only the module's own "busy" is swallowed

    expect(await removeInterruptedImports(db)).toBe(1);
    expect(await db.columnChunks.where('versionId').equals('v-gone').count()).toBe(0);
    expect(await db.dictionaries.where('versionId').equals('v-gone').count()).toBe(0);
    expect(await db.predictions.get('r-gone')).toBeUndefined();
    expect(await db.columnChunks.count()).toBe(chunksDone - 1);
    expect(await db.projects.get(done.projectId)).toBeDefined();
    expect(await journal(db)).toEqual([]);
    expect(await removeInterruptedImports(db)).toBe(0);
  });
});
