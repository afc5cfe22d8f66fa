/**
 * What every model family shares: the training data handed over by the worker, the progress
 * hooks, and the fitted model that predict, serialise and dispose accept.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { Task } from '../types';
import type { Forest } from './gbdt/forest';
import type { TreeHelpers } from './gbdt/helpers';
import type { ModelFamily, ModelSpec } from './spec';

/**
 * Row-major float32 features (`rows` × `cols`, NaN allowed only for gbdt) and the encoded target:
 * class index for classification, value for regression.
 */
export interface TrainingData {
  task: Task;
  /** Number of classes (classification); 1 for regression. */
  nClasses: number;
  x: Float32Array;
  y: Float32Array;
  rows: number;
  cols: number;
  /** Optional validation rows for early stopping and the validation curve. */
  xValid?: Float32Array;
  yValid?: Float32Array;
  validRows?: number;
  seed: number;
  /** Feature names, for messages that point at a column. */
  featureNames?: readonly string[];
}

export interface EpochEvent {
  /** 1-based epoch (tfjs) or boosting iteration (gbdt). */
  epoch: number;
  /** The planned number of epochs or iterations. */
  epochs: number;
  /**
   * Training loss: cross-entropy (classification) or mean squared error (regression; tfjs models
   * train on the standardised target, so theirs is in units of its variance). Boosted trees on
   * more than 20,000 rows report it on 20,000 evenly spaced rows.
   */
  loss: number;
  /** The same loss on the validation rows (all of them), when there are any. */
  valLoss?: number;
  /** Validation accuracy (classification) or RMSE (regression), when there are validation rows. */
  metric?: number;
  metricName?: 'accuracy' | 'rmse';
  /** Milliseconds since the fit began (binning included), on the clock of the thread that trains. */
  elapsedMs?: number;
}

export interface FitHooks {
  onEpoch?(e: EpochEvent): void | Promise<void>;
  /** Polled between batches and iterations; true cancels the fit with an AbortError. */
  shouldStop?(): boolean;
  /** Helper workers boosted trees may grow each tree with (a large table only; same trees). */
  helpers?: TreeHelpers;
}

export interface FitInfo {
  /** Epochs or iterations actually run. */
  epochsRun: number;
  /** 1-based epoch whose weights were kept (early stopping); null when the last one was kept. */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** Rows used for early stopping and where they came from. */
  validation: 'none' | 'given' | 'heldOut';
  /** Milliseconds the fit took, from the checks on the data to the final model. */
  fitMs?: number;
  /**
   * How the weights were found (linear and MLP): 'newton' / 'lbfgs' / 'cholesky' (exact, full batch),
   * 'js-minibatch' (minibatches in plain JavaScript, with the spec's optimizer) or 'tfjs-minibatch', and
   * why that one.
   */
  /** Boosted trees: how many workers grew each tree (the trees are the same for any number). */
  treeWorkers?: number;
  /**
   * Boosted trees: what the timed trial of helper workers found — they were stopped (slower
   * there) or kept — with one tree's time alone and shared.
   */
  treeWorkersNote?: string;
  solver?: {
    name: 'newton' | 'lbfgs' | 'cholesky' | 'js-minibatch' | 'tfjs-minibatch';
    reason: string;
    converged?: boolean;
  };
}

interface FittedCommon {
  family: ModelFamily;
  spec: ModelSpec;
  task: Task;
  nClasses: number;
  cols: number;
  info: FitInfo;
}

export interface FittedBaseline extends FittedCommon {
  family: 'baseline';
  /** Classification: class proportions; regression: [mean]. */
  constant: Float64Array;
}

export interface FittedTfjs extends FittedCommon {
  family: 'linear' | 'mlp';
  model: LayersModel;
  /** Regression targets are standardised for training; predictions are mapped back. */
  yMean: number;
  yStd: number;
}

export interface FittedGbdt extends FittedCommon {
  family: 'gbdt';
  forest: Forest;
}

export type FittedModel = FittedBaseline | FittedTfjs | FittedGbdt;
