import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import { RecordNotFoundError } from '../../src/store/errors';
import { changeModelStage } from '../../src/store/registry';
import {
  createProject,
  getProject,
  listProjects,
  modifyProject,
  updateProject,
} from '../../src/store/projects';
import { saveRecipeVersion } from '../../src/store/recipes';
import { deleteProjectEverywhere } from '../../src/store/storage';
import { createRun } from '../../src/store/runs';
import { loadTable } from '../../src/store/tableReader';
import {
  GOAL,
  countAll,
  everyTypeTable,
  expectSameTable,
  freshDb,
  newDataset,
  newProject,
  saveIngest,
  saveModel,
} from './helpers';
import { defaultSpec } from '../../src/core/ml/models/spec';

let db: WorkbenchDb;
afterEach(async () => {
  vi.useRealTimers();
  await db?.delete();
});

describe('projects', () => {
  it('creates, reads and lists projects, most recently updated first', async () => {
    db = await freshDb();
    // Only Date is faked: distinct, known timestamps without touching the timers Dexie relies on.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000);
    const a = await createProject(db, { name: '  Churn  ', goal: GOAL });
    vi.setSystemTime(2_000);
    await createProject(db, { name: 'Penguins', goal: GOAL });
    expect(a.name).toBe('Churn');
    expect(await getProject(db, a.id)).toEqual(a);
    expect((await listProjects(db)).map((p) => p.name)).toEqual(['Penguins', 'Churn']);
    vi.setSystemTime(3_000);
    await updateProject(db, { ...a, goal: { ...a.goal, statement: 'Keep customers' } });
    expect((await listProjects(db)).map((p) => [p.name, p.createdAt, p.updatedAt])).toEqual([
      ['Churn', 1_000, 3_000],
      ['Penguins', 2_000, 2_000],
    ]);
  });

  it('updates the whole record, stamps updatedAt and keeps createdAt', async () => {
    db = await freshDb();
    const p = await newProject(db);
    const framing = {
      datasetId: 'd1',
      target: 'species',
      task: 'classification' as const,
      primaryMetric: 'accuracy' as const,
    };
    const updated = await updateProject(db, { ...p, createdAt: 0, framing });
    expect(updated.updatedAt).toBeGreaterThan(p.updatedAt);
    expect(updated.createdAt).toBe(p.createdAt);
    expect(await getProject(db, p.id)).toEqual(updated);
    const again = await updateProject(db, updated);
    expect(again.updatedAt).toBeGreaterThan(updated.updatedAt);
  });

  it('modifyProject changes the stored record: concurrent changes of different fields all land', async () => {
    db = await freshDb();
    const p = await newProject(db);
    const kpi = {
      id: 'k2',
      metric: 'accuracy' as const,
      op: '>=' as const,
      threshold: 0.9,
      split: 'test' as const,
    };
    // Started together, as a text autosave and a KPI added from the same page may be.
    await Promise.all([
      modifyProject(db, p.id, (s) => ({ ...s, goal: { ...s.goal, statement: 'Keep customers' } })),
      modifyProject(db, p.id, (s) => ({ ...s, goal: { ...s.goal, kpis: [...s.goal.kpis, kpi] } })),
      modifyProject(db, p.id, (s) => ({ ...s, name: 'Renamed' })),
    ]);
    const stored = await getProject(db, p.id);
    expect(stored?.name).toBe('Renamed');
    expect(stored?.goal.statement).toBe('Keep customers');
    expect(stored?.goal.kpis).toEqual([...p.goal.kpis, kpi]);

    // Whole-record puts of copies read before either change lose one of them: the reason it exists.
    const stale = (await getProject(db, p.id))!;
    await Promise.all([
      updateProject(db, { ...stale, goal: { ...stale.goal, compliance: 'Data stays on the device' } }),
      updateProject(db, { ...stale, name: 'Renamed again' }),
    ]);
    const after = (await getProject(db, p.id))!;
    expect(after.goal.compliance === 'Data stays on the device' && after.name === 'Renamed again').toBe(
      false,
    );

    await expect(modifyProject(db, 'gone', (s) => s)).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('refuses a blank name and an update of a project that no longer exists', async () => {
    db = await freshDb();
    await expect(createProject(db, { name: '  ', goal: GOAL })).rejects.toThrow(/needs a name/);
    const p = await newProject(db);
    await deleteProjectEverywhere(db, p.id);
    await expect(updateProject(db, p)).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await listProjects(db)).toEqual([]);
  });

  it('deleting a project removes everything the project owns and nothing of other projects', async () => {
    db = await freshDb();
    const keep = await newProject(db, 'Keep');
    const keptVersion = await saveIngest(db, newDataset(keep), everyTypeTable(6));
    await saveModel(db, keptVersion);
    const emptyDb = await countAll(db);

    const doomed = await newProject(db, 'Doomed');
    const dataset = newDataset(doomed);
    const v1 = await saveIngest(db, dataset, everyTypeTable(9));
    await saveIngest(db, dataset, everyTypeTable(5), { parents: [v1.id] });
    const model = await saveModel(db, v1);
    await changeModelStage(db, doomed.id, model.id, 'production', { who: 'b1', reason: 'no KPIs yet' });
    const recipe = await saveRecipeVersion(db, {
      projectId: doomed.id,
      spec: { formatVersion: 1, steps: [] },
    });
    await createRun(db, {
      projectId: doomed.id,
      datasetVersionId: v1.id,
      datasetHash: v1.hash,
      recipeVersionId: recipe.id,
      spec: defaultSpec('linear', 'classification'),
      seed: 1,
      backend: 'cpu',
      backendReason: 'test',
    });

    await deleteProjectEverywhere(db, doomed.id);
    expect(await countAll(db)).toEqual(emptyDb);
    expect(await getProject(db, doomed.id)).toBeUndefined();
    expectSameTable(await loadTable(db, keptVersion.id), everyTypeTable(6));
    await expect(deleteProjectEverywhere(db, doomed.id)).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
