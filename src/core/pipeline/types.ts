/**
 * The training pipeline's vocabulary: a job (what to train, how to split), the hooks a worker
 * listens on, and the outcome it stores. Outcome fields are persisted on runs and model versions:
 * renaming one breaks stored records.
 */
import type { FittedRecipe, RecipeSpec } from '../features/types';
import type { EpochEvent, FittedModel, FitInfo } from '../ml/models/types';
import type { ModelSpec } from '../ml/models/spec';
import type { MetricName, SplitMetrics, SplitName, Task } from '../ml/types';
import type { SplitConfig, SplitSummary } from './split';

export interface TrainJob {
  target: string;
  task: Task;
  recipe: RecipeSpec;
  model: ModelSpec;
  split: SplitConfig;
  /** Seeds the split, the recipe's out-of-fold encodings and the model's initialisation. */
  seed: number;
}

import type { MetricsBySplit } from '../ml/types';

export type { MetricsBySplit };

export type TrainPhase = 'preparing' | 'fitting recipe' | 'training' | 'evaluating';

/** Which fit of the job is running: one for a holdout, folds + 1 for cross-validation. */
export interface TrainStage {
  /** 0-based. */
  index: number;
  count: number;
  /** "fold 2 of 5", "final model", or "model". */
  label: string;
}

export interface TrainHooks {
  onEpoch?(e: EpochEvent, stage: TrainStage): void | Promise<void>;
  onPhase?(phase: TrainPhase, stage: TrainStage): void;
  /**
   * Awaited before each model fit, once the recipe has made the feature matrix: the worker picks
   * and starts the tfjs backend here, by timing real steps on this shape.
   */
  beforeModelFit?(
    shape: { rows: number; cols: number; nClasses: number },
    stage: TrainStage,
  ): void | Promise<void>;
  /** Polled between batches and iterations; true rejects the training with an AbortError. */
  shouldStop?(): boolean;
}

/** One point of a training curve (stored per run). */
export interface CurvePoint {
  epoch: number;
  loss: number;
  valLoss?: number;
}

/** Scores of one cross-validation fold. */
export interface FoldResult {
  trainRows: number;
  validationRows: number;
  metrics: SplitMetrics;
  baseline: SplitMetrics;
  epochsRun: number;
}

/**
 * Cross-validation scores: mean and standard deviation across folds of every scalar metric
 * (population std, as numpy's `scores.std()` that scikit-learn users quote).
 */
export interface CrossValidationSummary {
  folds: number;
  mean: Partial<Record<MetricName, number>>;
  std: Partial<Record<MetricName, number>>;
  baselineMean: Partial<Record<MetricName, number>>;
  perFold: FoldResult[];
}

export interface TrainingOutcome {
  fittedRecipe: FittedRecipe;
  model: FittedModel;
  classes: string[];
  /** The model on each split. Cross-validation: `validation` is the mean across folds. */
  metrics: MetricsBySplit;
  /** The baseline (majority class / mean) fit on the same training rows, on the same splits. */
  baselineMetrics: MetricsBySplit;
  splitSizes: Partial<Record<SplitName, number>>;
  split: SplitSummary;
  history: CurvePoint[];
  featureNames: string[];
  fitInfo: FitInfo;
  crossValidation?: CrossValidationSummary;
}
