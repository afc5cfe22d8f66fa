import type { ModelVersionSummary, ScoredBatch } from '../store';

/**
 * What a retraining will use: the production model's training data plus the labelled batches
 * but the latest, or (a window) only the latest few labelled batches, when older data no longer
 * describes the world the model scores.
 */
export interface RetrainPlan {
  champion: ModelVersionSummary;
  /** The dataset version the others are appended to: the champion's training data, or the window's oldest batch. */
  base: string;
  /** Dataset versions appended to `base`, oldest first (none: the model trains on `base` as it is). */
  appended: string[];
  /** The labelled batches' dataset versions the new model learns from, oldest first. */
  batches: string[];
  /** The latest labelled batch, kept apart: both models are compared on it, out of time. */
  holdout: ScoredBatch;
  /** How many of the latest labelled batches the window holds; null: all the history. */
  window: number | null;
}

/**
 * Why a retraining cannot start now, or the plan it would follow. `window`: train on only the
 * latest `window` labelled batches (before the held-out one) instead of the champion's data plus all of them.
 */
export function retrainPlan(
  champion: ModelVersionSummary | null,
  batches: readonly ScoredBatch[],
  window: number | null = null,
): RetrainPlan | string {
  if (!champion) return 'Promote a model to production first: retraining starts from it.';
  const labelled = batches.filter((b) => b.datasetVersionId);
  const holdout = labelled.at(-1);
  if (!holdout) return 'Score a batch that has the target first: retraining needs labelled new rows.';
  const earlier = labelled
    .slice(0, -1)
    .map((b) => b.datasetVersionId!)
    .filter((id, i, all) => all.indexOf(id) === i)
    .filter((id) => id !== holdout.datasetVersionId && id !== champion.datasetVersionId);
  if (earlier.length === 0) {
    return 'Score at least two labelled batches: the latest is kept apart to compare the models on.';
  }
  if (window === null) {
    return {
      champion,
      base: champion.datasetVersionId,
      appended: earlier,
      batches: earlier,
      holdout,
      window,
    };
  }
  if (!Number.isInteger(window) || window < 1) {
    return 'The window is a whole number of labelled batches, at least 1.';
  }
  const picked = earlier.slice(-window);
  return { champion, base: picked[0]!, appended: picked.slice(1), batches: picked, holdout, window };
}
