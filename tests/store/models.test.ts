import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import { RecordNotFoundError } from '../../src/store/errors';
import { getModelVersion, listModelVersions } from '../../src/store/models';
import { everyTypeTable, freshDb, newDataset, newProject, saveIngest, saveModel } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

async function setUp() {
  db = await freshDb();
  const project = await newProject(db);
  const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
  return { project, version };
}

describe('model versions', () => {
  it('numbers versions per project and model name, starting as candidates', async () => {
    const { project, version } = await setUp();
    const a1 = await saveModel(db, version, 'logistic');
    const b1 = await saveModel(db, version, 'mlp');
    const a2 = await saveModel(db, version, 'logistic');
    const other = await saveIngest(db, newDataset(await newProject(db, 'Other')), everyTypeTable(2));
    const elsewhere = await saveModel(db, other, 'logistic');
    expect([a1.version, b1.version, a2.version, elsewhere.version]).toEqual([1, 1, 2, 1]);
    expect([a1.status, a2.status]).toEqual(['candidate', 'candidate']);
    expect((await listModelVersions(db, project.id)).map((m) => `${m.name} v${m.version}`)).toEqual([
      'logistic v1',
      'mlp v1',
      'logistic v2',
    ]);
  });

  it('lists without weights and loads the weights byte for byte', async () => {
    const { project, version } = await setUp();
    const saved = await saveModel(db, version);
    const [listed] = await listModelVersions(db, project.id);
    expect(listed).not.toHaveProperty('model');
    const loaded = await getModelVersion(db, saved.id);
    expect(loaded?.datasetHash).toBe(version.hash);
    expect(Array.from(new Float32Array(loaded!.model.weights!))).toEqual([
      1.5,
      -2.25,
      3,
      Math.fround(Math.PI),
    ]);
    expect(await getModelVersion(db, 'unknown')).toBeUndefined();
  });

  it('refuses a model whose dataset version is gone or has another hash', async () => {
    const { version } = await setUp();
    await expect(saveModel(db, { ...version, id: 'deleted-version' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await expect(saveModel(db, { ...version, hash: 'other' })).rejects.toThrow(/hash other.*Train again/);
    expect(await db.models.count()).toBe(0);
    expect(await db.modelArtifacts.count()).toBe(0);
  });
});
