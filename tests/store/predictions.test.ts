import { afterEach, describe, expect, it } from 'vitest';
import { defaultSpec } from '../../src/core/ml/models/spec';
import type { HeldOutPredictions } from '../../src/core/pipeline/types';
import type { WorkbenchDb } from '../../src/store/db';
import { finishRunWithPredictions, getPredictions } from '../../src/store/predictions';
import { setDecisionThreshold } from '../../src/store/decision';
import { deleteProjectEverywhere } from '../../src/store/storage';
import { createRun, deleteRun, getRun } from '../../src/store/runs';
import { everyTypeTable, freshDb, newDataset, newProject, saveIngest, saveModel } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

const HELD_OUT: HeldOutPredictions = {
  task: 'classification',
  classes: ['no', 'yes'],
  width: 2,
  sets: [
    {
      split: 'validation',
      rowIds: Int32Array.from([4, 1, 3]),
      y: Float32Array.from([1, 0, 1]),
      predicted: Float32Array.from([0.2, 0.8, 0.9, 0.1, 0.4, 0.6]),
      baseline: Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
      fold: Uint8Array.from([0, 1, 1]),
    },
  ],
};

async function setUp() {
  db = await freshDb();
  const project = await newProject(db);
  const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
  const run = await createRun(db, {
    projectId: project.id,
    datasetVersionId: version.id,
    datasetHash: version.hash,
    spec: defaultSpec('linear', 'classification'),
    seed: 1,
    backend: 'cpu',
    backendReason: 'test',
  });
  await saveModel(db, version);
  return { project, version, run };
}

describe('held-out predictions', () => {
  it('are written with the run’s end and its model in one transaction, typed arrays intact', async () => {
    const { run, version } = await setUp();
    const model = (await db.models.toArray())[0]!;
    const artifact = (await db.modelArtifacts.get(model.id))!;
    const { id: _i, version: _v, createdAt: _c, status: _s, ...rest } = model;
    const out = await finishRunWithPredictions(db, run.id, { status: 'done', durationMs: 10 }, HELD_OUT, {
      ...rest,
      name: 'again',
      model: artifact.model,
      datasetHash: version.hash,
    });
    expect(out.run.status).toBe('done');
    expect(out.run.modelVersionId).toBe(out.model!.id);
    const stored = (await getPredictions(db, run.id))!;
    expect(stored.modelId).toBe(out.model!.id);
    expect(stored.sets[0]!.predicted).toBeInstanceOf(Float32Array);
    expect(Array.from(stored.sets[0]!.rowIds)).toEqual([4, 1, 3]);
    expect(Array.from(stored.sets[0]!.fold!)).toEqual([0, 1, 1]);
  });

  it('leave nothing behind when the model cannot be registered', async () => {
    const { run, version } = await setUp();
    const model = (await db.models.toArray())[0]!;
    const artifact = (await db.modelArtifacts.get(model.id))!;
    const { id: _i, version: _v, createdAt: _c, status: _s, ...rest } = model;
    await expect(
      finishRunWithPredictions(db, run.id, { status: 'done' }, HELD_OUT, {
        ...rest,
        model: artifact.model,
        datasetHash: `${version.hash}-other`,
      }),
    ).rejects.toThrow(/hash/);
    expect((await getRun(db, run.id))!.status).toBe('running');
    expect(await getPredictions(db, run.id)).toBeUndefined();
    expect(await db.models.count()).toBe(1);
  });

  it('go with their run and their project', async () => {
    const { run, project } = await setUp();
    await finishRunWithPredictions(db, run.id, { status: 'done' }, HELD_OUT);
    await expect(finishRunWithPredictions(db, run.id, { status: 'done' }, HELD_OUT)).rejects.toThrow(
      /already ended/,
    );
    await deleteRun(db, run.id);
    expect(await getPredictions(db, run.id)).toBeUndefined();
    const again = await createRun(db, runBase(project.id));
    await finishRunWithPredictions(db, again.id, { status: 'done' }, HELD_OUT);
    await deleteProjectEverywhere(db, project.id);
    expect(await db.predictions.count()).toBe(0);
  });
});

function runBase(projectId: string) {
  return {
    projectId,
    datasetVersionId: 'v',
    datasetHash: 'h',
    spec: defaultSpec('linear', 'classification'),
    seed: 1,
    backend: 'cpu',
    backendReason: 'test',
  };
}

describe('decision threshold', () => {
  it('is set on a binary model version and refused on others or out of range', async () => {
    const { version } = await setUp();
    const binary = await saveModel(db, version, 'binary', { classes: ['no', 'yes'] });
    const updated = await setDecisionThreshold(db, binary.id, 0.3);
    expect(updated.threshold).toBe(0.3);
    expect((await db.models.get(binary.id))!.threshold).toBe(0.3);
    expect((await setDecisionThreshold(db, binary.id, null)).threshold).toBeUndefined();
    await expect(setDecisionThreshold(db, binary.id, 1.5)).rejects.toThrow(/from 0 to 1/);
    const three = (await db.models.toArray()).find((m) => m.classes.length === 3)!;
    await expect(setDecisionThreshold(db, three.id, 0.5)).rejects.toThrow(/two classes/);
  });
});
