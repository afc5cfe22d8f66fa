// The model version registered from a finished training, built in one place: the train worker
// (a single training) and the page (a search's best trial) both register through
// `modelVersionOf`; the run's result is copied through core's `runResultOf`.
import type { FittedRecipe } from '../core/features/types';
import type { KpiResult } from '../core/lifecycle/kpiEvaluation';
import type { SerializedModel } from '../core/ml/types';
import { runResultOf, type RunResult } from '../core/pipeline/runResult';
import type { TrainJob } from '../core/pipeline/types';
import type { NewModelVersion } from './models';

/** A trained model to register: what it was trained on and how, and what came of it. */
export interface TrainedModel {
  projectId: string;
  name: string;
  datasetVersion: { id: string; hash: string };
  recipeVersionId?: string;
  /** The job as trained (a search trial's: the base job with the trial's settings). */
  job: Pick<TrainJob, 'target' | 'task' | 'model' | 'split' | 'seed'>;
  runId: string;
  result: RunResult;
  kpiResults: KpiResult[];
  classes: string[];
  fittedRecipe: FittedRecipe;
  model: SerializedModel;
}

/** The model version record of a trained model (saveModelVersion stores it). */
export function modelVersionOf(t: TrainedModel): NewModelVersion {
  return {
    projectId: t.projectId,
    name: t.name,
    datasetVersionId: t.datasetVersion.id,
    datasetHash: t.datasetVersion.hash,
    target: t.job.target,
    task: t.job.task,
    spec: t.job.model,
    split: t.job.split,
    seed: t.job.seed,
    ...(t.recipeVersionId ? { recipeVersionId: t.recipeVersionId } : {}),
    runId: t.runId,
    ...runResultOf(t.result),
    kpiResults: t.kpiResults,
    classes: t.classes,
    fittedRecipe: t.fittedRecipe,
    model: t.model,
  };
}
