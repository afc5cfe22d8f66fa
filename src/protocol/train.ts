import type { BackendPreference, BackendProbe } from '../core/ml/backendChoice';
import type { EpochEvent } from '../core/ml/models/types';
import type { SplitMetrics, SplitName } from '../core/ml/types';
import type { Kpi } from '../core/lifecycle/kpi';
import type { KpiResult } from '../core/lifecycle/kpiEvaluation';
import type { TrainJob, TrainPhase } from '../core/pipeline/train';

/** The train worker: loads a dataset version, trains, evaluates and registers a model version. */

export interface TrainArgs {
  projectId: string;
  datasetVersionId: string;
  job: TrainJob;
  backend: BackendPreference;
  modelName: string;
  kpis: Kpi[];
  dbName?: string;
}

export interface TrainSummary {
  modelVersionId: string;
  version: number;
  runId: string;
  backend: string;
  backendReason: string;
  durationMs: number;
  metrics: Partial<Record<SplitName, SplitMetrics>>;
  splitSizes: Partial<Record<SplitName, number>>;
  kpiResults: KpiResult[];
  /** tf.memory().numTensors before and after: equal unless something leaked. */
  tensors: { before: number; after: number };
}

export interface BackendEvent {
  name: string;
  reason: string;
  probes: BackendProbe[];
}

export interface TrainRequests {
  train: { args: TrainArgs; result: TrainSummary };
  probe: { args: Record<string, never>; result: BackendProbe[] };
}

export interface TrainEvents {
  backend: BackendEvent;
  phase: { phase: TrainPhase | 'saving' };
  epoch: EpochEvent;
}
