import type { ModelVersionSummary, ScoredBatch } from '../store';

/** What a retraining will use: the production model's data plus the labelled batches but the latest. */
export interface RetrainPlan {
  champion: ModelVersionSummary;
  /** Dataset versions of the labelled batches appended to the training data, oldest first. */
  appended: string[];
  /** The latest labelled batch, kept apart: both models are compared on it, out of time. */
  holdout: ScoredBatch;
}

/** Why a retraining cannot start now, or the plan it would follow. */
export function retrainPlan(
  champion: ModelVersionSummary | null,
  batches: readonly ScoredBatch[],
): RetrainPlan | string {
  if (!champion) return 'Promote a model to production first: retraining starts from it.';
  const labelled = batches.filter((b) => b.datasetVersionId);
  const holdout = labelled.at(-1);
  if (!holdout) return 'Score a batch that has the target first: retraining needs labelled new rows.';
  const appended = labelled
    .slice(0, -1)
    .map((b) => b.datasetVersionId!)
    .filter((id, i, all) => all.indexOf(id) === i)
    .filter((id) => id !== holdout.datasetVersionId && id !== champion.datasetVersionId);
  if (appended.length === 0) {
    return 'Score at least two labelled batches: the latest is kept apart to compare the models on.';
  }
  return { champion, appended, holdout };
}
