/**
 * The stored shape of a scored batch (IndexedDB table `scoredBatches`): defined here, in core,
 * so the worker protocol and the store share it. Renaming a field breaks stored records.
 */
import type { BatchAlert, MonitoringThresholds } from './alert';
import type { BatchAnalysis, FeatureDrift } from './batch';
import type { ShadowComparison } from './shadow';
import type { KpiResult } from '../lifecycle/kpiEvaluation';
import type { SplitMetrics } from '../ml/types';

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
  /** A labelled batch is kept as a dataset version (for retraining and lineage). */
  datasetVersionId?: string;
  /** No reference profile for the model: drift could not be computed (quality neither). */
  noReference?: boolean;
}
