/** A project with every kind of record (and one other project) for the share tests. */
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ArchiveWriter } from '../../src/core/share/archiveWriter';
import type { ShareScope } from '../../src/core/share/format';
import { defaultSpec } from '../../src/core/ml/models/spec';
import { hashTable } from '../../src/core/table/hash';
import type { Table } from '../../src/core/table/table';
import type { WorkbenchDb } from '../../src/store/db';
import { newId } from '../../src/store/ids';
import type { DatasetVersion, Project, RecipeVersion, Run } from '../../src/store/records';
import { exportProject } from '../../src/store/shareExport';
import { everyTypeTable, newDataset, newProject, saveIngest, saveModel } from './helpers';

export const V2_TABLES = ['predictions', 'auditLog', 'scoredBatches', 'referenceProfiles'] as const;

export interface ShareFixture {
  project: Project;
  versions: DatasetVersion[];
  recipes: RecipeVersion[];
  run: Run;
  modelId: string;
  otherModelId: string;
}

function firstRows(table: Table, n: number): Table {
  return {
    rowCount: n,
    columns: table.columns.map((c) =>
      'codes' in c ? { ...c, codes: c.codes.slice(0, n) } : { ...c, values: c.values.slice(0, n) },
    ) as Table['columns'],
  };
}

/** A project: two datasets (one with a child version), recipes, runs, two models, v2 records. */
export async function buildProject(db: WorkbenchDb, name = 'Penguins'): Promise<ShareFixture> {
  const project = await newProject(db, name);
  const dataset = newDataset(project);
  const full = everyTypeTable(11);
  const v1 = await saveIngest(db, dataset, full, { hash: await hashTable(full) });
  const part = firstRows(full, 6);
  const v2 = await saveIngest(db, dataset, part, { hash: await hashTable(part), parents: [v1.id] });
  const other = newDataset(project, 'unrelated.csv');
  const small = everyTypeTable(3);
  const v3 = await saveIngest(db, other, small, { hash: await hashTable(small) });
  const r1: RecipeVersion = {
    id: newId(),
    projectId: project.id,
    spec: { formatVersion: 1, steps: [] },
    createdAt: 1,
    parents: [],
  };
  const r2: RecipeVersion = { ...r1, id: newId(), createdAt: 2, parents: [r1.id] };
  await db.recipes.bulkAdd([r1, r2]);
  const run: Run = {
    id: newId(),
    projectId: project.id,
    createdAt: 3,
    status: 'done',
    datasetVersionId: v2.id,
    datasetHash: v2.hash,
    recipeVersionId: r2.id,
    spec: defaultSpec('linear', 'classification'),
    seed: 7,
    backend: 'cpu',
    backendReason: 'test',
    durationMs: 5,
    history: [{ epoch: 1, loss: 0.5, valLoss: NaN }],
    metrics: { validation: { accuracy: 0.75, logLoss: Infinity } as never },
    searchId: newId(),
  };
  const otherRun: Run = {
    ...run,
    id: newId(),
    datasetVersionId: v3.id,
    datasetHash: v3.hash,
    searchId: run.searchId,
  };
  await db.runs.bulkAdd([run, otherRun]);
  const model = await saveModel(db, v2, 'churn', { runId: run.id, recipeVersionId: r2.id });
  const otherModel = await saveModel(db, v3, 'other', { runId: otherRun.id });
  await db.runs.update(run.id, { modelVersionId: model.id });
  await db
    .table('predictions')
    .add({ runId: run.id, projectId: project.id, test: new Float64Array([0.1, NaN, -0]) });
  await db
    .table('predictions')
    .add({ runId: otherRun.id, projectId: project.id, test: new Float64Array([1]) });
  await db.table('auditLog').add({ projectId: project.id, modelId: model.id, at: 10, action: 'promote' });
  await db.table('auditLog').add({ projectId: project.id, modelId: otherModel.id, at: 11, action: 'import' });
  await db
    .table('scoredBatches')
    .add({ id: newId(), projectId: project.id, modelId: model.id, createdAt: 12, rows: 4 });
  await db.table('referenceProfiles').add({ modelId: model.id, projectId: project.id, profile: { n: 6 } });
  await db.projects.update(project.id, {
    framing: {
      datasetId: dataset.id,
      target: 'species',
      task: 'classification',
      primaryMetric: 'accuracy',
      recipeVersionId: r2.id,
    },
  });
  return {
    project: (await db.projects.get(project.id))!,
    versions: [v1, v2, v3],
    recipes: [r1, r2],
    run: (await db.runs.get(run.id))!,
    modelId: model.id,
    otherModelId: otherModel.id,
  };
}

/** The archive of a project as bytes. */
export async function exportBytes(
  db: WorkbenchDb,
  projectId: string,
  scope: ShareScope = { kind: 'project' },
  level: 0 | 1 = 1,
  memberBytes?: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  // A copy: the writer reuses its bytes once the callback returns.
  const writer = new ArchiveWriter((c) => chunks.push(c.slice()), { level });
  await exportProject(db, projectId, scope, writer, {
    appVersion: 'test',
    ...(memberBytes === undefined ? {} : { memberBytes }),
  });
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/** Rewrites an archive: `change` edits the member map (names → bytes) before it is zipped again. */
export function rezip(archive: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(archive);
  change(files);
  return zipSync(files as Zippable, { level: 1 });
}

/** Edits the manifest of an archive as JSON. */
export function editManifest(archive: Uint8Array, change: (m: Record<string, unknown>) => void): Uint8Array {
  return rezip(archive, (files) => {
    const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown>;
    change(m);
    files['manifest.json'] = strToU8(JSON.stringify(m));
  });
}

/** Every record of every table, for "nothing changed" checks. */
export async function snapshot(db: WorkbenchDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return out;
}
