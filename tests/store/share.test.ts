import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detachingTransfer } from '../unit/share/detachingTransfer';
import { zipSync, type Zippable } from 'fflate';
import { blobSource, bytesSource, readEntries } from '../../src/core/share/archiveReader';
import { DEFAULT_SHARE_LIMITS, sha256Hex } from '../../src/core/share/format';
import { encodeRecord, joinRecords, splitRecords } from '../../src/core/share/recordCodec';
import type { WorkbenchDb } from '../../src/store/db';
import { importProject, previewImport } from '../../src/store/share';
import { loadTable } from '../../src/store/tableReader';
import { hashTable } from '../../src/core/table/hash';
import { freshDb } from './helpers';
import { buildProject, editManifest, exportBytes, rezip, snapshot, V2_TABLES } from './shareFixture';

/** The project's records of every table, without the import note, keyed by table. */
async function projectRecords(db: WorkbenchDb, projectId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const versionIds = await db.datasetVersions.where('projectId').equals(projectId).primaryKeys();
  for (const t of db.tables) {
    let rows: Record<string, unknown>[];
    if (t.name === 'projects') rows = [(await t.get(projectId)) as Record<string, unknown>];
    else if (t.name === 'columnChunks' || t.name === 'dictionaries')
      rows = await t.where('versionId').anyOf(versionIds).toArray();
    else rows = await t.where('projectId').equals(projectId).toArray();
    out[t.name] = rows.map((r) => {
      const { importedFrom: _i, seq: _s, updatedAt: _u, ...rest } = r;
      return rest;
    });
  }
  return out;
}

async function refused(db: WorkbenchDb, archive: Uint8Array, message: RegExp, limits = DEFAULT_SHARE_LIMITS) {
  const before = await snapshot(db);
  await expect(importProject(db, bytesSource(archive), { ifExists: 'copy' }, { limits })).rejects.toThrow(
    message,
  );
  expect(await snapshot(db)).toEqual(before);
}

describe('project archive round trip', () => {
  let restore = () => undefined as void;
  beforeAll(() => {
    restore = detachingTransfer();
  });
  afterAll(() => restore());

  it('brings back every record of every table exactly, in a fresh database', async () => {
    const source = await freshDb();
    const fx = await buildProject(source);
    await buildProject(source, 'Someone else'); // must not travel
    const archive = await exportBytes(source, fx.project.id);

    const target = await freshDb();
    const preview = await previewImport(target, bytesSource(archive));
    expect(preview.existing).toBeUndefined();
    expect(preview.manifest.project).toEqual({ id: fx.project.id, name: 'Penguins' });
    expect(preview.manifest.versions.map((v) => v.hash)).toEqual(fx.versions.map((v) => v.hash));
    expect(preview.manifest.models.map((m) => m.name).sort()).toEqual(['churn', 'other']);
    expect(await snapshot(target)).toEqual(await snapshot(await freshDb())); // the preview wrote nothing

    const result = await importProject(
      target,
      bytesSource(archive),
      { ifExists: 'skip' },
      { fileName: 'p.zip', who: 'browser-b' },
    );
    expect(result.status).toBe('imported');
    const expected = await projectRecords(source, fx.project.id);
    const actual = await projectRecords(target, fx.project.id);
    for (const t of V2_TABLES) expect(actual[t]!.length).toBeGreaterThan(0);
    // The audit log carries over, then says where each model version came from and who brought it.
    const log = actual['auditLog']!;
    expect(log.slice(0, expected['auditLog']!.length)).toEqual(expected['auditLog']);
    const added = log.slice(expected['auditLog']!.length) as Record<string, unknown>[];
    expect(added.map((e) => [e['modelLabel'], e['action'], e['from'], e['who']]).sort()).toEqual([
      ['churn v1', 'import', null, 'browser-b'],
      ['other v1', 'import', null, 'browser-b'],
    ]);
    expect(added[0]!['reason']).toMatch(/^Imported from "p\.zip", exported \d{4}-.* by workbench test\.$/);
    expect({ ...actual, auditLog: [] }).toEqual({ ...expected, auditLog: [] });
    const project = await target.projects.get(fx.project.id);
    expect(project?.importedFrom).toMatchObject({
      projectId: fx.project.id,
      appVersion: 'test',
      fileName: 'p.zip',
    });
    for (const v of fx.versions) {
      expect(await hashTable(await loadTable(target, v.id))).toBe(v.hash);
    }
  });

  it('reused buffers corrupt nothing: many members, smaller and larger than every buffer, read from a Blob', async () => {
    const source = await freshDb();
    const fx = await buildProject(source);
    // Members of ~1.5 KB: most hold a few records, and every record over that size (chunks,
    // weights) is a member of its own, larger than the one before or smaller. The import reads
    // them all through one read buffer (BYOB), one member buffer, and the reused inflate tables.
    const archive = await exportBytes(source, fx.project.id, { kind: 'project' }, 1, 1500);
    const members = (await readEntries(bytesSource(archive), DEFAULT_SHARE_LIMITS)).size;
    expect(members).toBeGreaterThan(20);
    const target = await freshDb();
    await importProject(target, blobSource(new Blob([archive as Uint8Array<ArrayBuffer>])), {
      ifExists: 'skip',
    });
    const expected = await projectRecords(source, fx.project.id);
    const actual = await projectRecords(target, fx.project.id);
    // Byte-exact: typed arrays compare element by element (a buffer freed too early reads as empty).
    expect({ ...actual, auditLog: [] }).toEqual({ ...expected, auditLog: [] });
    for (const v of fx.versions) expect(await hashTable(await loadTable(target, v.id))).toBe(v.hash);
    // The same archive written with the default member size holds the same members' records.
    const whole = await exportBytes(source, fx.project.id);
    expect((await readEntries(bytesSource(whole), DEFAULT_SHARE_LIMITS)).size).toBeLessThan(members);
  });

  it('imported twice: a no-op, or a copy under new ids with consistent references', async () => {
    const db = await freshDb();
    const fx = await buildProject(db);
    const archive = await exportBytes(db, fx.project.id);
    const before = await snapshot(db);
    const preview = await previewImport(db, bytesSource(archive));
    expect(preview.existing).toEqual({ name: 'Penguins' });
    const skipped = await importProject(db, bytesSource(archive), { ifExists: 'skip' });
    expect(skipped.status).toBe('skipped');
    expect(await snapshot(db)).toEqual(before);

    const copy = await importProject(db, bytesSource(archive), { ifExists: 'copy', copyName: 'Class copy' });
    expect(copy.status).toBe('copied');
    expect(copy.projectId).not.toBe(fx.project.id);
    const original = await projectRecords(db, fx.project.id);
    expect(original).toEqual(await projectRecords(db, fx.project.id)); // untouched
    const copied = await projectRecords(db, copy.projectId);
    // Every record copied; the log adds one import entry per model version.
    for (const [table, rows] of Object.entries(original)) {
      const more = table === 'auditLog' ? original['models']!.length : 0;
      expect(copied[table]!.length).toBe(rows.length + more);
    }
    const copiedProject = (await db.projects.get(copy.projectId))!;
    expect(copiedProject.name).toBe('Class copy');
    const versions = await db.datasetVersions.where('projectId').equals(copy.projectId).toArray();
    const ids = new Set(versions.map((v) => v.id));
    for (const v of fx.versions) expect(ids.has(v.id)).toBe(false);
    // References point inside the copy: parents, the model's data, the run's model, the framing.
    const child = versions.find((v) => v.parents.length === 1)!;
    expect(ids.has(child.parents[0]!)).toBe(true);
    const models = await db.models.where('projectId').equals(copy.projectId).toArray();
    for (const m of models) {
      expect(ids.has(m.datasetVersionId)).toBe(true);
      expect(await db.modelArtifacts.get(m.id)).toBeDefined();
    }
    const runs = await db.runs.where('projectId').equals(copy.projectId).toArray();
    const churn = models.find((m) => m.name === 'churn')!;
    expect(runs.find((r) => r.id === churn.runId)?.modelVersionId).toBe(churn.id);
    expect(runs[0]!.searchId).not.toBe(fx.run.searchId);
    expect(ids.has(copiedProject.framing!.datasetId)).toBe(false); // a dataset id, not a version id
    expect(await db.datasets.get(copiedProject.framing!.datasetId)).toMatchObject({
      projectId: copy.projectId,
    });
    const prediction = await db.table('predictions').where('runId').equals(churn.runId!).first();
    expect(prediction).toMatchObject({ projectId: copy.projectId });
    for (const v of versions) expect(await hashTable(await loadTable(db, v.id))).toBe(v.hash);
  });

  it("exports one model version's lineage only", async () => {
    const db = await freshDb();
    const fx = await buildProject(db);
    const archive = await exportBytes(db, fx.project.id, { kind: 'model', modelId: fx.modelId });
    const { manifest } = await previewImport(await freshDb(), bytesSource(archive));
    expect(manifest.models.map((m) => m.id)).toEqual([fx.modelId]);
    // v2 was made from v1: both travel; v3 (another dataset, another model) does not.
    expect(manifest.versions.map((v) => v.id)).toEqual([fx.versions[0]!.id, fx.versions[1]!.id]);
    expect(manifest.counts).toMatchObject({
      runs: 1,
      recipes: 2,
      predictions: 1,
      auditLog: 1,
      scoredBatches: 1,
      referenceProfiles: 1,
      modelArtifacts: 1,
      datasets: 1,
    });
    const target = await freshDb();
    await importProject(target, bytesSource(archive), { ifExists: 'skip' });
    expect(await hashTable(await loadTable(target, fx.versions[1]!.id))).toBe(fx.versions[1]!.hash);
  });

  it('exports without the data: models, runs and recipes, no dataset versions or chunks', async () => {
    const db = await freshDb();
    const fx = await buildProject(db);
    const archive = await exportBytes(db, fx.project.id, { kind: 'withoutData' });
    const target = await freshDb();
    const result = await importProject(target, bytesSource(archive), { ifExists: 'skip' });
    expect(result.added).toMatchObject({ models: 2, modelArtifacts: 2, runs: 2, recipes: 2 });
    expect(await target.columnChunks.count()).toBe(0);
    expect(await target.datasetVersions.count()).toBe(0);
  });
});

describe('a refused archive writes nothing', () => {
  async function setup() {
    const db = await freshDb();
    const fx = await buildProject(db);
    return { db, fx, archive: await exportBytes(db, fx.project.id, { kind: 'project' }, 0) };
  }

  it('a byte flipped in a chunk', async () => {
    const { db, archive } = await setup();
    const entry = (await readEntries(bytesSource(archive), DEFAULT_SHARE_LIMITS)).get('columnChunks/0')!;
    const flipped = archive.slice();
    const nameLength = new DataView(flipped.buffer).getUint16(entry.localOffset + 26, true);
    flipped[entry.localOffset + 30 + nameLength + 100]! ^= 0xff;
    await refused(db, flipped, /SHA-256 does not match.*"columnChunks\/0"/);
  });

  it('a member removed', async () => {
    const { db, archive } = await setup();
    await refused(
      db,
      rezip(archive, (f) => delete f['modelArtifacts/0']),
      /missing.*"modelArtifacts\/0"/,
    );
  });

  it("a member's hash changed in the manifest", async () => {
    const { db, archive } = await setup();
    const edited = editManifest(archive, (m) => {
      const members = m['members'] as { name: string; sha256: string }[];
      members.find((x) => x.name === 'runs/0')!.sha256 = '0'.repeat(64);
    });
    await refused(db, edited, /SHA-256 does not match.*"runs\/0"/);
  });

  it('a wrong format version', async () => {
    const { db, archive } = await setup();
    await refused(
      db,
      editManifest(archive, (m) => (m['formatVersion'] = 2)),
      /format version 2.*Update the workbench/,
    );
  });

  it('data changed consistently (member hashes recomputed) fails the content hash', async () => {
    const { db, archive } = await setup();
    let patched: Uint8Array | undefined;
    const changed = rezip(archive, (files) => {
      const records = splitRecords(files['columnChunks/0']!) as { data: ArrayBuffer }[];
      new Float64Array(records[0]!.data)[1] = 42;
      patched = joinRecords(records.map((r) => encodeRecord(r)));
      files['columnChunks/0'] = patched;
    });
    const hash = await sha256Hex(patched as Uint8Array<ArrayBuffer>);
    const edited = editManifest(changed, (m) => {
      const member = (m['members'] as { name: string; sha256: string }[]).find(
        (x) => x.name === 'columnChunks/0',
      )!;
      member.sha256 = hash;
    });
    await refused(db, edited, /does not match its recorded content hash/);
  });

  it('an archive of 100,000 members, before unpacking any', async () => {
    const { db } = await setup();
    const files: Zippable = {};
    for (let i = 0; i < 100_000; i++) files[`runs/${i}`] = new Uint8Array(0);
    await refused(db, zipSync(files, { level: 0 }), /more than 50000 members/);
  });

  it('a member that would unpack past the limit, refused from its declared size', async () => {
    const { db, archive } = await setup();
    const bomb = rezip(archive, (f) => (f['runs/0'] = new Uint8Array(2 * 1024 * 1024)));
    await refused(db, bomb, /unpack to 2097152 bytes, over the limit.*"runs\/0"/, {
      ...DEFAULT_SHARE_LIMITS,
      maxMemberBytes: 1024 * 1024,
    });
  });

  it('an archive whose members add up past the total limit, before unpacking any', async () => {
    const { db, archive } = await setup();
    await refused(db, archive, /would unpack to more than 1000 bytes.*refused before unpacking/, {
      ...DEFAULT_SHARE_LIMITS,
      maxTotalBytes: 1000,
    });
  });

  it('a member that lies about its size, refused while unpacking', async () => {
    const { db, archive } = await setup();
    const bomb = rezip(archive, (f) => (f['runs/0'] = new Uint8Array(4 * 1024 * 1024)));
    // Make the manifest and the zip directory both say 1,000 bytes.
    const lying = editManifest(bomb, (m) => {
      (m['members'] as { name: string; size: number }[]).find((x) => x.name === 'runs/0')!.size = 1000;
    });
    const view = new DataView(lying.buffer);
    const cd = view.getUint32(lying.byteLength - 22 + 16, true);
    let p = cd;
    const names = new TextDecoder();
    for (;;) {
      const n = view.getUint16(p + 28, true);
      const name = names.decode(lying.subarray(p + 46, p + 46 + n));
      if (name === 'runs/0') {
        view.setUint32(p + 24, 1000, true);
        break;
      }
      p += 46 + n + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    await refused(db, lying, /unpacks to more than the 1000 bytes it declares.*"runs\/0"/);
  });

  it('a truncated file and a foreign file', async () => {
    const { db, archive } = await setup();
    await refused(db, archive.subarray(0, archive.byteLength - 100), /not a readable project archive/);
    await refused(
      db,
      new TextEncoder().encode('id,name\n1,a\n'.repeat(10)),
      /not a readable project archive/,
    );
    await refused(db, zipSync({ 'notes.txt': new Uint8Array([1, 2]) }), /no manifest/);
  });

  it('records claiming another project already here', async () => {
    const { db, archive } = await setup();
    const victim = await buildProject(db, 'Victim');
    let patched: Uint8Array | undefined;
    const changed = rezip(archive, (files) => {
      const records = splitRecords(files['runs/0']!) as { projectId: string }[];
      records[0]!.projectId = victim.project.id;
      patched = joinRecords(records.map((r) => encodeRecord(r)));
      files['runs/0'] = patched;
    });
    const hash = await sha256Hex(patched as Uint8Array<ArrayBuffer>);
    const edited = editManifest(changed, (m) => {
      const member = (m['members'] as { name: string; sha256: string; size: number }[]).find(
        (x) => x.name === 'runs/0',
      )!;
      member.sha256 = hash;
      member.size = patched!.byteLength;
    });
    await refused(db, edited, /belongs to a project the archive does not hold/);
  });
});
