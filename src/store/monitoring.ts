/**
 * Monitoring records: the reference profile kept with each model version (written with it, in
 * saveModelVersion's transaction) and every batch scored in Deploy/Monitor, tied to the model
 * version that scored it. Both are immutable once written.
 */
import type { BatchAlert, MonitoringThresholds } from '../core/monitoring/alert';
import type { BatchAnalysis, FeatureDrift } from '../core/monitoring/batch';
import type { ReferenceProfile } from '../core/monitoring/profile';
import type { ShadowComparison } from '../core/monitoring/shadow';
import type { KpiResult } from '../core/lifecycle/kpiEvaluation';
import type { SplitMetrics } from '../core/ml/types';
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { byCreation, newId } from './ids';

export interface ReferenceProfileRecord {
  modelId: string;
  projectId: string;
  createdAt: number;
  profile: ReferenceProfile;
}

/** A challenger's result on a batch it scored in the shadow of the production model. */
export interface ShadowResult {
  modelId: string;
  /** "name vN" at the time, so the line still reads after the version is deleted. */
  modelLabel: string;
  comparison: ShadowComparison;
  /** Its own drift of predictions against its own reference, when it has one. */
  predictionDrift?: FeatureDrift;
}

export interface ScoredBatch {
  id: string;
  projectId: string;
  /** The production model version that scored the batch (its predictions were the ones downloaded). */
  modelId: string;
  modelLabel: string;
  createdAt: number;
  fileName: string;
  fileSize: number;
  /** SHA-256 hex of the file's bytes. */
  fileHash: string;
  rows: number;
  /** The batch had the target column: metrics, KPIs and paired tests were computed. */
  labelled: boolean;
  /** Rows with a known target (0 when not labelled). */
  labelledRows: number;
  analysis: BatchAnalysis;
  predictionDrift?: FeatureDrift;
  metrics?: SplitMetrics;
  kpiResults?: KpiResult[];
  thresholds: MonitoringThresholds;
  alert: BatchAlert;
  shadow: ShadowResult[];
  /** No reference profile for the model: drift could not be computed (quality neither). */
  noReference?: boolean;
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
