import type { BackendPreference, BackendProbe } from '../core/ml/backendChoice';
import type { EpochEvent } from '../core/ml/models/types';
import type { SerializedModel } from '../core/ml/types';
import type { FittedRecipe } from '../core/features/types';
import type { Kpi } from '../core/lifecycle/kpi';
import type { KpiResult } from '../core/lifecycle/kpiEvaluation';
import type { SplitSummary } from '../core/pipeline/split';
import type { RunResult } from '../core/pipeline/runResult';
import type { TrainJob, TrainPhase, TrainStage } from '../core/pipeline/types';

/**
 * The train worker: loads a dataset version, checks and trains a job, records the run, and
 * registers the model version (or hands the model back, or drops it). Several train workers run
 * side by side in the page's worker pool; each request is one run.
 */

/**
 * What happens to the trained model: `save` registers it as a model version (a single
 * training); `return` sends it back to the page, which registers it only if it wins a search;
 * `none` drops it (search trials that cannot win). A cancelled or failed run stores nothing.
 */
/** The Web Lock a train worker holds while a run trains: a 'running' run without it was abandoned. */
export const RUN_LOCK_PREFIX = 'workbench-run-';

export type KeepModel = 'save' | 'return' | 'none';

export interface TrainArgs {
  projectId: string;
  datasetVersionId: string;
  /** The recipe version `job.recipe` was read from, recorded on the run for re-runs. */
  recipeVersionId?: string;
  job: TrainJob;
  backend: BackendPreference;
  modelName: string;
  kpis: Kpi[];
  /** Default 'save'. */
  keepModel?: KeepModel;
  searchId?: string;
  trial?: { number: number; rung: number; budget: number; params: Record<string, number | string> };
  /** The run this one repeats. */
  rerunOf?: string;
  dbName?: string;
}

/** A trained model handed back to the page (keepModel 'return'): all a model version needs. */
export interface ReturnedModel {
  serialized: SerializedModel;
  fittedRecipe: FittedRecipe;
  classes: string[];
}

/** A run as it ended: its result (as recorded on the run) and what only the page needs. */
export interface TrainSummary extends RunResult {
  runId: string;
  /** Set when the model was registered (keepModel 'save'). */
  modelVersionId?: string;
  version?: number;
  /** Epoch ms, as recorded on the run. */
  startedAt: number;
  endedAt: number;
  epochsRun: number;
  kpiResults: KpiResult[];
  /** tf.memory().numTensors before and after: equal unless something leaked. */
  tensors: { before: number; after: number };
  model?: ReturnedModel;
}

export interface TrainingCheckResult {
  problems: string[];
  warnings: string[];
  split?: SplitSummary;
}

export interface BackendEvent {
  name: string;
  reason: string;
  probes: BackendProbe[];
}

export interface TrainRequests {
  train: { args: TrainArgs; result: TrainSummary };
  /** The checks a training makes before it starts, without training (a search runs them once). */
  check: {
    args: { datasetVersionId: string; job: TrainJob; dbName?: string };
    result: TrainingCheckResult;
  };
  probe: { args: Record<string, never>; result: BackendProbe[] };
}

export interface TrainEvents {
  backend: BackendEvent;
  /** The run record exists: if the worker dies now, the page marks this run failed. */
  run: { runId: string; startedAt: number };
  phase: { phase: TrainPhase | 'saving'; stage: TrainStage };
  epoch: EpochEvent & { stage: TrainStage };
}
