// The score worker's monitored scoring (workers/score/monitor.ts) run in Node against
// fake-indexeddb: a batch without the target still gets drift and agreement; a labelled one gets
// metrics and paired tests and is kept as a dataset version; a batch that does not fit is
// refused per column and nothing stored changes.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import { listScoredBatches } from '../../src/store/monitoring';
import { saveModelVersion } from '../../src/store/models';
import { defaultSpec, disposeModel, serializeModel, type LinearSpec } from '../../src/core/ml/models';
import { trainOnTable, type TrainJob } from '../../src/core/pipeline/train';
import { DEFAULT_THRESHOLDS } from '../../src/core/monitoring/alert';
import { categoricalFromStrings, type Table } from '../../src/core/table/table';
import { numericFromNumbers } from '../unit/table/helpers';
import { createRng } from '../../src/core/ml/rng';
import { monitorHandlers } from '../../workers/score/monitor';
import { countAll, freshDb, newDataset, newProject, saveIngest } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { scoreBatch, compareModels } = monitorHandlers(() => tf.setBackend('cpu'));
const ctx = { emit: () => undefined, signal: new AbortController().signal, transfer: () => undefined };

function rows(n: number, shift: number, seed: number): { x: number; z: number; c: string; y: string }[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const x = rng() * 10 + shift;
    const z = rng() * 4;
    const c = rng() < 0.5 ? 'red' : 'blue';
    return { x, z, c, y: x + (c === 'red' ? 2 : 0) + rng() * 2 > 7 ? 'hot' : 'cold' };
  });
}

function toTable(r: ReturnType<typeof rows>): Table {
  return {
    rowCount: r.length,
    columns: [
      numericFromNumbers(
        'x',
        r.map((v) => v.x),
      ),
      numericFromNumbers(
        'z',
        r.map((v) => v.z),
      ),
      categoricalFromStrings(
        'c',
        r.map((v) => v.c),
      ),
      categoricalFromStrings(
        'y',
        r.map((v) => v.y),
      ),
    ],
  };
}

function csv(r: ReturnType<typeof rows>, columns: readonly string[]): Blob {
  const lines = r.map((v) =>
    columns.map((c) => (c === 'x' || c === 'z' ? v[c].toFixed(4) : v[c as 'c' | 'y'])).join(','),
  );
  return new Blob([`${columns.join(',')}\n${lines.join('\n')}\n`]);
}

async function setUp() {
  db = await freshDb();
  const project = await newProject(db);
  const table = toTable(rows(400, 0, 1));
  const version = await saveIngest(db, newDataset(project), table);
  const job = (family: 'gbdt' | 'linear', seed: number): TrainJob => ({
    target: 'y',
    task: 'classification',
    recipe: { formatVersion: 1, steps: [{ kind: 'oneHot', columns: ['c'] }] },
    model:
      family === 'gbdt'
        ? defaultSpec('gbdt', 'classification')
        : { ...(defaultSpec('linear', 'classification') as LinearSpec), epochs: 5 },
    split: { kind: 'holdout', testFraction: 0.2, validationFraction: 0.2, stratify: true },
    seed,
  });
  const save = async (family: 'gbdt' | 'linear', name: string) => {
    const outcome = await trainOnTable(table, job(family, 3));
    const model = await serializeModel(outcome.model);
    disposeModel(outcome.model);
    return saveModelVersion(db, {
      projectId: project.id,
      name,
      datasetVersionId: version.id,
      datasetHash: version.hash,
      target: 'y',
      task: 'classification',
      classes: outcome.classes,
      spec: job(family, 3).model,
      fittedRecipe: outcome.fittedRecipe,
      metrics: outcome.metrics,
      backend: 'cpu',
      backendReason: 'test',
      durationMs: 1,
      history: [],
      model,
      ...(outcome.reference ? { reference: outcome.reference } : {}),
    });
  };
  const production = await save('gbdt', 'trees');
  const challenger = await save('linear', 'line');
  const args = (file: Blob, fileName: string) => ({
    projectId: project.id,
    modelVersionId: production.id,
    challengerIds: [challenger.id],
    file,
    fileName,
    kpis: [
      { id: 'k', metric: 'accuracy' as const, op: '>=' as const, threshold: 0.99, split: 'test' as const },
    ],
    thresholds: DEFAULT_THRESHOLDS,
    dbName: db.name,
  });
  return { project, production, challenger, args };
}

describe('monitored scoring in the score worker', () => {
  it('scores a batch without the target: drift, quality and agreement, no metrics, no version', async () => {
    const { project, production, args } = await setUp();
    const before = await countAll(db);
    const r = await scoreBatch(args(csv(rows(300, 6, 2), ['x', 'z', 'c']), 'shifted.csv'), ctx);
    expect(r.batch.modelId).toBe(production.id);
    expect(r.batch.labelled).toBe(false);
    expect(r.batch.metrics).toBeUndefined();
    expect(r.batch.datasetVersionId).toBeUndefined();
    expect(r.batch.shadow).toHaveLength(1);
    expect(r.batch.shadow[0]!.comparison.agreement).toBeGreaterThan(0);
    expect(r.batch.shadow[0]!.comparison.metrics).toBeUndefined();
    const x = r.batch.analysis.drift.find((d) => d.name === 'x')!;
    expect(x.psi).toBeGreaterThan(0.25);
    expect(r.batch.alert.level).toBe('act');
    expect(r.batch.predictionDrift).toBeDefined();
    expect(r.batch.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await r.csv.text()).split('\n')[0]).toContain('prediction');
    expect(await listScoredBatches(db, project.id)).toHaveLength(1);
    expect((await countAll(db))['datasetVersions']).toBe(before['datasetVersions']);
  });

  it('gives metrics, KPIs and paired tests on a labelled batch and keeps it as a version', async () => {
    const { production, challenger, args } = await setUp();
    const r = await scoreBatch(args(csv(rows(300, 0, 3), ['x', 'z', 'c', 'y']), 'labelled.csv'), ctx);
    expect(r.batch.labelled).toBe(true);
    expect(r.batch.labelledRows).toBe(300);
    expect(r.batch.metrics?.task === 'classification' && r.batch.metrics.accuracy).toBeGreaterThan(0.6);
    expect(r.batch.kpiResults?.[0]?.verdict).toBe('fail'); // 0.99 is out of reach
    expect(r.batch.alert.reasons.some((s) => s.startsWith('KPI missed'))).toBe(true);
    const shadow = r.batch.shadow[0]!.comparison;
    expect(shadow.mcNemar).toBeDefined();
    expect(shadow.bootstrap?.repeats).toBeGreaterThan(0);
    expect(r.batch.datasetVersionId).toBeDefined();
    const cmp = await compareModels(
      {
        championId: production.id,
        challengerId: challenger.id,
        datasetVersionId: r.batch.datasetVersionId!,
        dbName: db.name,
      },
      ctx,
    );
    expect(cmp.labelledRows).toBe(300);
    expect(cmp.comparison.mcNemar).toEqual(shadow.mcNemar);
  });

  it('refuses a batch that lacks an input, naming the column, and stores nothing', async () => {
    const { args } = await setUp();
    const before = await countAll(db);
    await expect(scoreBatch(args(csv(rows(50, 0, 4), ['x', 'c']), 'bad.csv'), ctx)).rejects.toMatchObject({
      name: 'BatchRefusedError',
      problems: [{ message: expect.stringContaining('"z"') }],
    });
    const wrong = new Blob(['x,z,c\nabc,1,red\ndef,2,blue\n']);
    await expect(scoreBatch(args(wrong, 'text.csv'), ctx)).rejects.toMatchObject({
      problems: [{ message: expect.stringContaining('"x" should be number') }],
    });
    expect(await countAll(db)).toEqual(before);
  });
});
