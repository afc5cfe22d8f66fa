import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchDb } from '../../src/store/db';
import {
  getReferenceProfile,
  listScoredBatches,
  saveScoredBatch,
  type ScoredBatch,
} from '../../src/store/monitoring';
import { buildReferenceProfile } from '../../src/core/monitoring/profile';
import { analyzeBatch } from '../../src/core/monitoring/batch';
import { batchAlert, DEFAULT_THRESHOLDS } from '../../src/core/monitoring/alert';
import { type Table } from '../../src/core/table/table';
import { numericFromNumbers } from '../unit/table/helpers';
import { countAll, everyTypeTable, freshDb, newDataset, newProject, saveIngest, saveModel } from './helpers';

let db: WorkbenchDb;
afterEach(async () => {
  await db?.delete();
});

const train: Table = { rowCount: 6, columns: [numericFromNumbers('amount', [1, 2, 3, 4, 5, null])] };
const reference = buildReferenceProfile(train);

function batchOf(modelId: string, projectId: string): Omit<ScoredBatch, 'id' | 'createdAt'> {
  const analysis = analyzeBatch(reference, { rowCount: 2, columns: [numericFromNumbers('amount', [9, 10])] });
  return {
    projectId,
    modelId,
    modelLabel: 'churn v1',
    fileName: 'batch.csv',
    fileSize: 20,
    fileHash: 'ab'.repeat(32),
    rows: 2,
    labelled: false,
    labelledRows: 0,
    analysis,
    thresholds: DEFAULT_THRESHOLDS,
    alert: batchAlert(analysis.drift, undefined, [], DEFAULT_THRESHOLDS),
    shadow: [],
  };
}

describe('monitoring records', () => {
  it('stores the reference profile with the model version, typed arrays intact', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
    const model = await saveModel(db, version, 'churn', { reference });
    const stored = await getReferenceProfile(db, model.id);
    expect(stored?.columns[0]?.kind).toBe('numeric');
    if (stored?.columns[0]?.kind !== 'numeric') return;
    expect(stored.columns[0].sample).toBeInstanceOf(Float64Array);
    expect(Array.from(stored.columns[0].sample)).toEqual([1, 2, 3, 4, 5]);
    expect(model).not.toHaveProperty('reference');
    expect(await getReferenceProfile(db, (await saveModel(db, version, 'bare')).id)).toBeUndefined();
  });

  it('writes no profile when the model version is refused', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
    const before = await countAll(db);
    await expect(saveModel(db, version, 'churn', { reference, datasetHash: 'other' })).rejects.toThrow();
    expect(await countAll(db)).toEqual(before);
  });

  it('keeps scored batches per project in order and refuses one for a missing model', async () => {
    db = await freshDb();
    const project = await newProject(db);
    const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
    const model = await saveModel(db, version, 'churn', { reference });
    const a = await saveScoredBatch(db, batchOf(model.id, project.id));
    const b = await saveScoredBatch(db, batchOf(model.id, project.id));
    expect((await listScoredBatches(db, project.id)).map((x) => x.id)).toEqual([a.id, b.id]);
    expect(a.analysis.quality[0]!.outOfRange).toBe(2);
    expect(a.alert.level).toBe('act');
    await expect(saveScoredBatch(db, batchOf('gone', project.id))).rejects.toThrow(/model version/);
    expect(await listScoredBatches(db, project.id)).toHaveLength(2);
  });
});

describe('deleting a model version', () => {
  it('deletes its reference profile and keeps the batches it scored', async () => {
    const { deleteModelVersion } = await import('../../src/store/registry');
    db = await freshDb();
    const project = await newProject(db);
    const version = await saveIngest(db, newDataset(project), everyTypeTable(5));
    const model = await saveModel(db, version, 'churn', { reference });
    await saveScoredBatch(db, batchOf(model.id, project.id));
    await deleteModelVersion(db, model.id, { who: 'test' });
    expect(await getReferenceProfile(db, model.id)).toBeUndefined();
    expect(await listScoredBatches(db, project.id)).toHaveLength(1);
  });
});
