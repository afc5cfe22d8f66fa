import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import { listAudit } from '../../src/store/audit';
import { getModelVersion, listModelVersions } from '../../src/store/models';
import {
  changeModelStage,
  deleteModelVersion,
  importModelVersion,
  StageChangeRefused,
} from '../../src/store/registry';
import { RecordNotFoundError } from '../../src/store/errors';
import type { SplitMetrics } from '../../src/core/ml/types';
import { classification } from '../unit/lifecycle/fixtures';
import { countAll, everyTypeTable, freshDb, newDataset, newProject, saveIngest, saveModel } from './helpers';
import { loadFixtures, seedFrozenDatabase } from './migrationHarness';
import { openDb } from '../../src/store/db';

let db: WorkbenchDb;

/** The project's production model, read through the registry's index. */
const productionOf = (db: WorkbenchDb, projectId: string) =>
  db.models.where('[projectId+status]').equals([projectId, 'production']).first();
afterEach(async () => {
  await db?.delete();
});

/** The helpers' project has one KPI: accuracy ≥ 0.9 on test. */
const passing: Partial<Record<'validation' | 'test', SplitMetrics>> = {
  validation: classification({ accuracy: 0.95 }),
  test: classification({ accuracy: 0.93 }),
};
const failing = { validation: classification({ accuracy: 0.5 }), test: classification({ accuracy: 0.4 }) };

async function setUp() {
  db = await freshDb();
  const project = await newProject(db);
  const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
  return { project, version };
}

describe('registry stage changes', () => {
  it('stages and promotes a passing model, archiving the previous production one, with audit entries', async () => {
    const { project, version } = await setUp();
    const first = await saveModel(db, version, 'logistic', { metrics: passing });
    const second = await saveModel(db, version, 'gbdt', { metrics: passing });
    await changeModelStage(db, project.id, first.id, 'production', { who: 'browser-a' });
    await changeModelStage(db, project.id, second.id, 'staging', { who: 'browser-a' });
    const result = await changeModelStage(db, project.id, second.id, 'production', { who: 'browser-a' });
    expect(result.gate?.verdict).toBe('pass');
    expect(result.archived.map((m) => m.id)).toEqual([first.id]);
    const statuses = Object.fromEntries(
      (await listModelVersions(db, project.id)).map((m) => [m.name, m.status]),
    );
    expect(statuses).toEqual({ logistic: 'archived', gbdt: 'production' });
    expect((await productionOf(db, project.id))?.id).toBe(second.id);
    const log = await listAudit(db, project.id);
    expect(log.map((e) => [e.modelLabel, e.action, e.from, e.to, e.who])).toEqual([
      ['logistic v1', 'promote', 'candidate', 'production', 'browser-a'],
      ['gbdt v1', 'promote', 'candidate', 'staging', 'browser-a'],
      ['logistic v1', 'demote', 'production', 'archived', 'browser-a'],
      ['gbdt v1', 'promote', 'staging', 'production', 'browser-a'],
    ]);
    expect(log[2]!.reason).toMatch(/Replaced in production by gbdt v1/);
    expect(log[3]!.gate).toBe('pass');
    expect(log.every((e) => typeof e.seq === 'number' && e.at > 0)).toBe(true);
  });

  it('refuses a failing model without a reason and writes nothing; with one, logs it', async () => {
    const { project, version } = await setUp();
    const model = await saveModel(db, version, 'baseline', { metrics: failing });
    const before = await countAll(db);
    const refusal = await changeModelStage(db, project.id, model.id, 'production', { who: 'b' }).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(StageChangeRefused);
    expect((refusal as StageChangeRefused).needsReason).toBe(true);
    expect((refusal as Error).message).toMatch(/Fails Accuracy ≥ 0\.90 on the validation set/);
    expect(await countAll(db)).toEqual(before);
    expect((await getModelVersion(db, model.id))?.status).toBe('candidate');

    await changeModelStage(db, project.id, model.id, 'production', {
      who: 'b',
      reason: '  pilot for one week ',
    });
    const [entry] = await listAudit(db, project.id);
    expect(entry).toMatchObject({
      action: 'promote',
      to: 'production',
      gate: 'fail',
      reason: 'pilot for one week',
    });
  });

  it('refuses another project’s model, and deleting production; deletes others with an entry', async () => {
    const { project, version } = await setUp();
    const model = await saveModel(db, version, 'churn', { metrics: passing });
    const other = await newProject(db, 'Other');
    await expect(changeModelStage(db, other.id, model.id, 'staging', { who: 'b' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await changeModelStage(db, project.id, model.id, 'production', { who: 'b' });
    await expect(deleteModelVersion(db, model.id, { who: 'b' })).rejects.toThrow(/cannot be deleted/);
    await changeModelStage(db, project.id, model.id, 'archived', { who: 'b', reason: 'retired' });
    await deleteModelVersion(db, model.id, { who: 'b' });
    expect(await db.models.count()).toBe(0);
    expect(await db.modelArtifacts.count()).toBe(0);
    const log = await listAudit(db, project.id);
    expect(log.at(-1)).toMatchObject({
      action: 'delete',
      from: 'archived',
      to: null,
      modelLabel: 'churn v1',
    });
    expect(await listAudit(db, other.id)).toEqual([]);
  });

  it('keeps the model unchanged when its audit entry cannot be written (one transaction)', async () => {
    const { project, version } = await setUp();
    const model = await saveModel(db, version, 'churn', { metrics: passing });
    db.auditLog.hook('creating', () => {
      throw new Error('disk said no');
    });
    await expect(changeModelStage(db, project.id, model.id, 'staging', { who: 'b' })).rejects.toThrow(
      /disk said no/,
    );
    expect((await getModelVersion(db, model.id))?.status).toBe('candidate');
    await expect(deleteModelVersion(db, model.id, { who: 'b' })).rejects.toThrow(/disk said no/);
    expect(await getModelVersion(db, model.id)).toBeDefined();
  });
});

describe('importModelVersion', () => {
  it('adds a new candidate version, never overwriting, with an import entry', async () => {
    const { project, version } = await setUp();
    const existing = await saveModel(db, version, 'churn');
    const {
      id: _id,
      version: _v,
      createdAt: _c,
      status: _s,
      projectId: _p,
      ...file
    } = (await getModelVersion(db, existing.id))!;
    const imported = await importModelVersion(
      db,
      project.id,
      { ...file, datasetVersionId: 'elsewhere' },
      { who: 'b2' },
    );
    expect(imported.version).toBe(2);
    expect(imported.status).toBe('candidate');
    expect(imported.id).not.toBe(existing.id);
    expect((await getModelVersion(db, existing.id))?.version).toBe(1);
    expect(new Float32Array((await getModelVersion(db, imported.id))!.model.weights!)[1]).toBe(-2.25);
    expect(await listAudit(db, project.id)).toMatchObject([
      { action: 'import', from: null, to: 'candidate', who: 'b2', modelLabel: 'churn v2' },
    ]);
  });
});

describe('schema version 1 models under the registry', () => {
  it('a stored v1 production model is demoted and a v1 candidate staged, with audit entries', async () => {
    const v1 = loadFixtures().find((f) => f.fixture.schemaVersion === 1)!.fixture;
    const name = `frozen-${crypto.randomUUID()}`;
    await seedFrozenDatabase(name, v1);
    db = await openDb(name);
    expect((await productionOf(db, 'p1'))?.id).toBe('m1');
    await changeModelStage(db, 'p1', 'm1', 'archived', { who: 'b', reason: 'replaced' });
    await changeModelStage(db, 'p1', 'm1', 'staging', { who: 'b' });
    expect((await getModelVersion(db, 'm1'))?.status).toBe('staging');
    expect(
      (await db.models.where('[projectId+status]').equals(['p1', 'staging']).toArray()).map((m) => m.id),
    ).toEqual(['m1']);
    expect((await listAudit(db, 'p1')).map((e) => `${e.from}→${e.to}`)).toEqual([
      'production→archived',
      'archived→staging',
    ]);
  });
});
