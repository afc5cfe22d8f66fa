/**
 * The training pipeline's vocabulary: a job (what to train, how to split), the hooks a worker
 * listens on, and the outcome it stores. Outcome fields are persisted on runs and model versions:
 * renaming one breaks stored records.
 */
import type { FittedRecipe, RecipeSpec } from '../features/types';
import type { EpochEvent, FittedModel, FitInfo } from '../ml/models/types';
import type { TreeHelpers } from '../ml/models/gbdt/helpers';
import type { ModelSpec } from '../ml/models/spec';
import type { MetricName, SplitMetrics, SplitName, Task } from '../ml/types';
import type { SplitConfig, SplitSummary } from './split';
import type { ReferenceProfile } from '../monitoring/profile';

export interface TrainJob {
  target: string;
  task: Task;
  recipe: RecipeSpec;
  model: ModelSpec;
  split: SplitConfig;
  /** Seeds the split, the recipe's out-of-fold encodings and the model's initialisation. */
  seed: number;
  /**
   * Where the recipe is fit. Absent (always, in the product): the training rows only. The other
   * values LEAK held-out rows into the features and exist only for the guided tour's leakage
   * demonstration; the run records them (`Run.recipeFit`) and the leaderboard says so.
   */
  recipeFit?: RecipeFit;
}

/**
 * A leaky recipe fit, for teaching only. `allRows`: the recipe is fit on every labelled row
 * (validation and test included); the training rows keep their out-of-fold target encodings from
 * that fit, and the other rows are replayed through it. `wholeTable`: the same fit, and every row
 * — training rows included — is replayed through it, as a notebook that prepares the whole table
 * before splitting does.
 */
export type RecipeFit = 'allRows' | 'wholeTable';

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
  /** Helper workers boosted trees may grow each tree with on a large table (same trees). */
  treeHelpers?: TreeHelpers;
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

/** The held-out parts whose predictions a run keeps. */
export type HeldOutSplit = 'validation' | 'test' | 'outOfTime';

/**
 * A run's predictions on one held-out part, as compact typed arrays: every evaluation view
 * (curves, thresholds, segments, intervals, paired tests) is computed from these without
 * retraining. In cross-validation, `validation` holds the out-of-fold predictions of all folds.
 */
export interface HeldOutSet {
  split: HeldOutSplit;
  /** Row index of each prediction in the dataset version the run trained on. */
  rowIds: Int32Array;
  /** Encoded target (class index or value). */
  y: Float32Array;
  /** rows × width: class probabilities (width = classes) or values (width 1). */
  predicted: Float32Array;
  /** The baseline's predictions on the same rows, same shape. */
  baseline: Float32Array;
  /** Cross-validation: the fold (0-based) whose model predicted each row. */
  fold?: Uint8Array;
}

/** All held-out predictions of a run. */
export interface HeldOutPredictions {
  task: Task;
  classes: string[];
  /** Values per row: the class count, or 1. */
  width: number;
  sets: HeldOutSet[];
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
  /** Predictions on validation (out-of-fold), test and out-of-time rows. */
  heldOut: HeldOutPredictions;
  /** What the training rows and held-out predictions looked like: what monitoring compares batches to. */
  reference?: ReferenceProfile;
}
