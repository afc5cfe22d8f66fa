import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import { RecordNotFoundError } from '../../src/store/errors';
import type { SplitMetrics } from '../../src/core/ml/types';
import type { Project, RecipeSpec } from '../../src/store/records';
import { getRecipeVersion, saveRecipeVersion } from '../../src/store/recipes';
import { byCreation } from '../../src/store/ids';
import { createRun, deleteRun, getRun, listRuns, updateRun, type NewRun } from '../../src/store/runs';
import { newId } from '../../src/store/ids';
import { freshDb, newProject } from './helpers';
import { defaultSpec } from '../../src/core/ml/models/spec';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

function runOf(project: Project, extra: Partial<NewRun> = {}): NewRun {
  return {
    projectId: project.id,
    datasetVersionId: 'v1',
    datasetHash: 'h1',
    spec: defaultSpec('mlp', 'classification'),
    seed: 42,
    backend: 'webgpu',
    backendReason: 'forced by ?backend=webgpu',
    ...extra,
  };
}

const TEST_METRICS: SplitMetrics = {
  task: 'regression',
  rmse: 1,
  mae: 0.5,
  r2: 0.9,
  mape: 0.1,
  medianAe: 0.4,
  explainedVariance: 0.9,
};

describe('runs', () => {
  it('creates a running run and completes it with its curve and metrics', async () => {
    db = await freshDb();
    const run = await createRun(db, runOf(await newProject(db)));
    expect(run).toMatchObject({ status: 'running', history: [], metrics: {}, durationMs: 0, seed: 42 });
    const done = await updateRun(db, run.id, {
      status: 'done',
      history: [
        { epoch: 1, loss: 0.9, valLoss: 1 },
        { epoch: 2, loss: 0.5 },
      ],
      durationMs: 1500,
      metrics: { test: TEST_METRICS },
      modelVersionId: 'm1',
    });
    expect(await getRun(db, run.id)).toEqual(done);
    expect(done.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(done.metrics.test).toEqual(TEST_METRICS);
  });

  it('never brings a finished run back to life', async () => {
    db = await freshDb();
    const run = await createRun(db, runOf(await newProject(db)));
    await updateRun(db, run.id, { status: 'cancelled' });
    await expect(updateRun(db, run.id, { status: 'running', durationMs: 5 })).rejects.toThrow(
      /already ended \(cancelled\)/,
    );
    const stored = await getRun(db, run.id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.durationMs).toBe(0);
    expect(stored?.history).toEqual([]);
  });

  it('lists a project’s runs or one search’s trials, oldest first', async () => {
    db = await freshDb();
    const p = await newProject(db);
    const other = await newProject(db, 'Other');
    const a = await createRun(db, runOf(p));
    const b = await createRun(db, runOf(p, { searchId: 's1' }));
    const c = await createRun(db, runOf(p, { searchId: 's1' }));
    await createRun(db, runOf(other, { searchId: 's1' }));
    expect((await listRuns(db, p.id)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect((await listRuns(db, p.id, { searchId: 's1' })).map((r) => r.id)).toEqual([b.id, c.id]);
  });

  it('deletes a run', async () => {
    db = await freshDb();
    const run = await createRun(db, runOf(await newProject(db)));
    await deleteRun(db, run.id);
    expect(await getRun(db, run.id)).toBeUndefined();
    await expect(deleteRun(db, run.id)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(updateRun(db, run.id, { status: 'done' })).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});

const EMPTY_RECIPE: RecipeSpec = { formatVersion: 1, steps: [] };

describe('recipe versions', () => {
  it('stores versions with their parents and lists them oldest first', async () => {
    db = await freshDb();
    const p = await newProject(db);
    const first = await saveRecipeVersion(db, {
      projectId: p.id,
      spec: { formatVersion: 1, steps: [{ kind: 'drop', columns: ['id'] }] },
    });
    const second = await saveRecipeVersion(db, {
      projectId: p.id,
      spec: { formatVersion: 1, steps: [] },
      parents: [first.id],
    });
    expect(await getRecipeVersion(db, first.id)).toEqual(first);
    expect(
      (await db.recipes.where('projectId').equals(p.id).toArray())
        .sort(byCreation)
        .map((r) => [r.id, r.parents]),
    ).toEqual([
      [first.id, []],
      [second.id, [first.id]],
    ]);
  });

  it('refuses an unknown project or parent', async () => {
    db = await freshDb();
    const p = await newProject(db);
    await expect(saveRecipeVersion(db, { projectId: 'nope', spec: EMPTY_RECIPE })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await expect(
      saveRecipeVersion(db, { projectId: p.id, spec: EMPTY_RECIPE, parents: ['nope'] }),
    ).rejects.toThrow(/parent recipe version "nope"/);
    expect(await db.recipes.count()).toBe(0);
  });
});

describe('record ids', () => {
  it('are unique UUIDv7 strings that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 20))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
