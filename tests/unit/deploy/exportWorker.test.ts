/**
 * The export worker's handlers behind a fake Worker (messages cross as they would between
 * threads): a stored model version comes back as the same model file and the same ONNX bytes the
 * core writers make, an imported version keeps its source lineage, and a missing one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile, type ModelFile } from '../../../src/core/deploy/modelFile';
import { exportOnnx } from '../../../src/core/deploy/onnx/export';
import type { ExportEvents, ExportRequests } from '../../../src/protocol/export';
import { WorkerClient } from '../../../src/state/workerClient';
import { getModelVersion, listModelVersions, saveModelVersion } from '../../../src/store/models';
import { exportHandlers } from '../../../workers/export/exportHandlers';
import { freshDb, newDataset, newProject, saveIngest, everyTypeTable } from '../../store/helpers';
import { InProcessWorker } from '../state/harness';
import type { RecipeSpec } from '../../../src/core/features';
import { WITH_ENCODERS } from '../features/fixtures';
import { disposeCase, trainCase, useCpu, type TrainedCase } from './trained';

/** Steps that all have an ONNX form. */
const RECIPE: RecipeSpec = {
  formatVersion: 1,
  steps: [
    { kind: 'drop', columns: ['id', 'when'] },
    { kind: 'impute', columns: ['a', 'b', 'flag'], strategy: 'mean' },
    { kind: 'oneHot', columns: ['colour'], topK: 3 },
  ],
};

let trees: TrainedCase;
let mlp: TrainedCase;
/** A recipe with a step that has no ONNX form (a copied column). */
let noOnnx: TrainedCase;
beforeAll(async () => {
  await useCpu();
  trees = await trainCase('gbdt', 'multiclass', RECIPE);
  mlp = await trainCase('mlp', 'binary', RECIPE);
  noOnnx = await trainCase('baseline', 'binary', WITH_ENCODERS);
});
afterAll(() => [trees, mlp, noOnnx].forEach(disposeCase));

const client = () =>
  new WorkerClient<ExportRequests, ExportEvents>(
    new InProcessWorker(exportHandlers) as unknown as Worker,
    'export',
  );

/** Stores a trained case as a model version of a new project; `origin` makes it an imported one. */
async function stored(c: TrainedCase, origin?: { sourceRunId: string; sourceRecipeVersionId: string }) {
  const db = await freshDb();
  const project = await newProject(db);
  const data = await saveIngest(db, newDataset(project), everyTypeTable(5));
  const e = c.exportable;
  const saved = await saveModelVersion(db, {
    projectId: project.id,
    name: e.name,
    datasetVersionId: data.id,
    datasetHash: data.hash,
    target: e.target,
    task: e.task,
    classes: e.classes,
    spec: e.spec,
    fittedRecipe: e.fittedRecipe,
    metrics: e.metrics,
    backend: 'cpu',
    backendReason: 'test',
    durationMs: 1,
    history: [],
    model: e.model,
    ...(origin
      ? {
          origin: {
            kind: 'import' as const,
            fileName: 'm.lwbmodel.json',
            exportedAt: 1,
            sourceModelId: 'elsewhere',
            sourceProject: 'Other',
            ...origin,
          },
        }
      : {}),
  });
  return { db, dbName: db.name, saved, data, projectId: project.id };
}

describe('the export worker', () => {
  it.each([
    ['boosted trees', () => trees],
    ['MLP', () => mlp],
  ])('%s: writes the model file the core writer does, readable and sealed', async (_n, which) => {
    const c = which();
    const { dbName, saved, data } = await stored(c);
    const blob = await client().send('modelFile', { modelVersionId: saved.id, project: 'Shop', dbName });
    expect(blob).toBeInstanceOf(Blob);
    const { file, serialized } = await readModelFile(await blob.text());
    expect(file).toMatchObject({
      project: 'Shop',
      model: { id: saved.id, name: c.exportable.name, classes: c.exportable.classes },
      lineage: { datasetVersionId: data.id, datasetHash: data.hash },
      recipe: c.exportable.fittedRecipe,
    } satisfies Partial<Record<keyof ModelFile, unknown>>);
    expect(file.lineage.runId).toBeUndefined();
    expect(new Uint8Array(serialized.weights!)).toEqual(new Uint8Array(c.exportable.model.weights!));
  });

  it.each([
    ['boosted trees', () => trees],
    ['MLP', () => mlp],
  ])('%s: writes the ONNX bytes the core writer does', async (_n, which) => {
    const c = which();
    const { dbName, saved } = await stored(c);
    const blob = await client().send('onnx', { modelVersionId: saved.id, appVersion: '9.9', dbName });
    const expected = exportOnnx({ ...c.exportable, ...saved }, '9.9');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(expected);
  });

  it('keeps the source lineage of an imported model version', async () => {
    const { dbName, saved } = await stored(trees, { sourceRunId: 'run-9', sourceRecipeVersionId: 'rv-9' });
    const blob = await client().send('modelFile', { modelVersionId: saved.id, project: 'Shop', dbName });
    const { file } = await readModelFile(await blob.text());
    expect(file.lineage).toMatchObject({ runId: 'run-9', recipeVersionId: 'rv-9' });
  });

  it('refuses ONNX for a recipe step without an ONNX form, naming the step across the boundary', async () => {
    const { dbName, saved } = await stored(noOnnx);
    await expect(
      client().send('onnx', { modelVersionId: saved.id, appVersion: '1', dbName }),
    ).rejects.toMatchObject({
      name: 'OnnxUnsupportedError',
      message: expect.stringMatching(/^Step 1 \(New column colour2 = colour\) has no ONNX form/),
    });
  });

  it('reads a model file back as a new candidate version that scores as the original and says where it came from', async () => {
    const { db, dbName, saved, projectId } = await stored(trees);
    const w = client();
    const file = await w.send('modelFile', { modelVersionId: saved.id, project: 'Shop', dbName });
    const { modelVersionId } = await w.send('importModelFile', {
      file,
      fileName: 'shop.lwbmodel.json',
      projectId,
      who: 'Ana',
      dbName,
    });
    const back = await getModelVersion(db, modelVersionId);
    expect(back).toMatchObject({
      status: 'candidate',
      name: saved.name,
      version: saved.version + 1,
      backend: 'imported',
      fittedRecipe: saved.fittedRecipe,
      origin: {
        kind: 'import',
        fileName: 'shop.lwbmodel.json',
        sourceModelId: saved.id,
        sourceProject: 'Shop',
      },
    });
    expect(new Uint8Array(back!.model.weights!)).toEqual(new Uint8Array(saved.model.weights!));
  });

  it('refuses a changed model file naming the reason, and stores nothing', async () => {
    const { db, dbName, saved, projectId } = await stored(trees);
    const w = client();
    const text = await (
      await w.send('modelFile', { modelVersionId: saved.id, project: 'Shop', dbName })
    ).text();
    const changed = new Blob([text.replace(`"name":${JSON.stringify(saved.name)}`, '"name":"Renamed"')]);
    expect(await changed.text()).not.toBe(text);
    await expect(
      w.send('importModelFile', {
        file: changed,
        fileName: 'x.lwbmodel.json',
        projectId,
        who: 'Ana',
        dbName,
      }),
    ).rejects.toThrow(/changed after it was exported/);
    expect((await listModelVersions(db, projectId)).map((m) => m.id)).toEqual([saved.id]);
  });

  it('refuses a model version that is not stored, saying so', async () => {
    const { dbName } = await stored(trees);
    await expect(client().send('onnx', { modelVersionId: 'gone', appVersion: '1', dbName })).rejects.toThrow(
      /no longer stored/,
    );
  });
});
