/**
 * Monitoring records: the reference profile kept with each model version (written with it, in
 * saveModelVersion's transaction) and every batch scored in Deploy/Monitor, tied to the model
 * version that scored it. Both are immutable once written.
 */
import type { ReferenceProfile } from '../core/monitoring/profile';
import type { ScoredBatch } from '../core/monitoring/record';
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { byCreation, newId } from './ids';

export type { ScoredBatch, ShadowResult } from '../core/monitoring/record';

export interface ReferenceProfileRecord {
  modelId: string;
  projectId: string;
  createdAt: number;
  profile: ReferenceProfile;
}

/** The reference profile stored with a model version, if it has one. */
export async function getReferenceProfile(
  db: WorkbenchDb,
  modelId: string,
): Promise<ReferenceProfile | undefined> {
  return (await db.referenceProfiles.get(modelId))?.profile;
}

/** Records a scored batch. Refuses when the model version is gone (it must stay traceable). */
export async function saveScoredBatch(
  db: WorkbenchDb,
  batch: Omit<ScoredBatch, 'id' | 'createdAt'>,
): Promise<ScoredBatch> {
  const record: ScoredBatch = { ...batch, id: newId(), createdAt: Date.now() };
  await db.transaction('rw', [db.models, db.scoredBatches], async () => {
    if (!(await db.models.get(batch.modelId))) throw new RecordNotFoundError('model version', batch.modelId);
    await db.scoredBatches.add(record);
  });
  return record;
}

/** The project's scored batches, oldest first (every model). */
export async function listScoredBatches(db: WorkbenchDb, projectId: string): Promise<ScoredBatch[]> {
  const all = await db.scoredBatches.where('projectId').equals(projectId).toArray();
  return all.sort(byCreation);
}

export async function getScoredBatch(db: WorkbenchDb, id: string): Promise<ScoredBatch | undefined> {
  return db.scoredBatches.get(id);
}
