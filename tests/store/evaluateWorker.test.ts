// The evaluation worker's view handlers (workers/evaluate/views.ts) against fake-indexeddb: a
// run trained in Node, stored as the train worker stores it, then every view read back.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSpec, disposeModel, type GbdtSpec } from '../../src/core/ml/models';
import { trainOnTable, type TrainJob } from '../../src/core/pipeline/train';
import type { WorkbenchDb } from '../../src/store/db';
import { finishRunWithPredictions } from '../../src/store/predictions';
import { createRun } from '../../src/store/runs';
import { viewHandlers } from '../../workers/evaluate/views';
import { mixedTable } from '../unit/features/fixtures';
import { freshDb, newDataset, newProject, saveIngest } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

const ctx = { emit: () => undefined, signal: new AbortController().signal, transfer: () => undefined };

const job = (maxIterations: number): TrainJob => ({
  target: 'y',
  task: 'classification',
  recipe: {
    formatVersion: 1,
    steps: [
      { kind: 'drop', columns: ['id', 'when'] },
      { kind: 'impute', columns: ['a', 'b'], strategy: 'median' },
      { kind: 'impute', columns: ['flag'], strategy: 'mode' },
      { kind: 'oneHot', columns: ['colour'] },
    ],
  },
  model: { ...(defaultSpec('gbdt', 'classification') as GbdtSpec), maxIterations },
  split: { kind: 'holdout', testFraction: 0.3, validationFraction: 0.2, stratify: true },
  seed: 4,
});

async function trainedRun(projectId: string, versionId: string, hash: string, iterations: number) {
  const table = mixedTable(400, 9);
  const outcome = await trainOnTable(table, job(iterations));
  disposeModel(outcome.model);
  const run = await createRun(db, {
    projectId,
    datasetVersionId: versionId,
    datasetHash: hash,
    spec: job(iterations).model,
    seed: 4,
    backend: 'cpu',
    backendReason: 'test',
  });
  await finishRunWithPredictions(
    db,
    run.id,
    {
      status: 'done',
      metrics: outcome.metrics,
      baselineMetrics: outcome.baselineMetrics,
      splitSizes: outcome.splitSizes,
    },
    outcome.heldOut,
  );
  return { run, outcome };
}

describe('evaluation worker views', () => {
  it('computes curves, the KPI matrix, segments, a cell’s rows and a paired test from stored predictions', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const version = await saveIngest(db, newDataset(project), mixedTable(400, 9), { chunkRows: 128 });
    const strong = await trainedRun(project.id, version.id, version.hash, 40);
    const weak = await trainedRun(project.id, version.id, version.hash, 1);
    const dbName = db.name;

    const views = await viewHandlers.views({ runId: strong.run.id, dbName }, ctx);
    expect(views.sets.map((s) => s.split)).toEqual(['validation', 'test']);
    const test = views.sets[1]!.views;
    if (test.task !== 'classification') throw new Error('task');
    const stored = strong.outcome.metrics.test!;
    expect(test.curves[0]!.roc.auc).toBeCloseTo(stored.task === 'classification' ? stored.rocAuc : NaN, 10);
    expect(test.sweep!.length).toBe(101);

    const matrix = await viewHandlers.matrix(
      {
        candidates: [
          { id: 'strong', label: 'strong', runId: strong.run.id },
          { id: 'weak', label: 'weak', runId: weak.run.id },
        ],
        kpis: [{ id: 'k', metric: 'accuracy', op: '>=', threshold: 0.8, split: 'test' }],
        seed: 1,
        dbName,
      },
      ctx,
    );
    expect(matrix.map((r) => r.label)).toEqual(['strong', 'weak', 'Baseline (majority class / mean)']);
    expect(matrix[0]!.entries[0]!.bySplit.test!.low).toBeLessThan(
      matrix[0]!.entries[0]!.bySplit.test!.value!,
    );

    const segments = await viewHandlers.segments(
      { runId: strong.run.id, split: 'test', column: 'colour', metric: 'accuracy', dbName },
      ctx,
    );
    expect(segments.segments.reduce((a, s) => a + s.rows, 0)).toBe(strong.outcome.splitSizes.test);

    // The cell "true yes, predicted no": every row listed is one, sorted by probability.
    const yes = views.classes.indexOf('yes');
    const cell = await viewHandlers.cellRows(
      {
        runId: strong.run.id,
        split: 'test',
        actual: yes,
        predicted: 1 - yes,
        sort: 'probability',
        descending: true,
        limit: 50,
        dbName,
      },
      ctx,
    );
    expect(cell.total).toBe(test.confusion[yes]![1 - yes]);
    expect(cell.rows.every((r) => r.actual === 'yes' && r.predicted === 'no')).toBe(true);
    const scores = cell.rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(cell.columns).toContain('colour');

    const paired = await viewHandlers.paired(
      { runA: strong.run.id, runB: weak.run.id, split: 'test', metric: 'accuracy', seed: 1, dbName },
      ctx,
    );
    expect(paired.rows).toBe(strong.outcome.splitSizes.test);
    expect(paired.mcNemar!.onlyARight + paired.mcNemar!.onlyBRight).toBeGreaterThan(0);
    expect(paired.bootstrap.low).toBeLessThanOrEqual(paired.bootstrap.difference);
  });
});
