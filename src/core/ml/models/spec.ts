/**
 * Model specifications: what the user chooses per family. A spec is plain data (stored with each
 * run and edited in the search space), so every field has a default and a validation message.
 */
import type { Task } from '../types';

export type ModelFamily = 'baseline' | 'linear' | 'mlp' | 'gbdt';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'swish';

/** Stop when validation loss has not improved for `patience` epochs (or boosting iterations). */
export interface EarlyStopping {
  patience: number;
  /**
   * Share of the training rows held out to watch, used only when the caller passes no
   * validation rows (TrainingData.xValid). 0 (MLP on small tables): without validation rows,
   * stop when the training loss has not fallen by 1e-4 for `patience` epochs (scikit-learn's
   * tol / n_iter_no_change), keeping the last weights.
   */
  validationFraction: number;
}

/** Predicts the majority class (its training proportions) or the training mean. */
export interface BaselineSpec {
  family: 'baseline';
}

/**
 * How a linear model is fit: 'exact' solves the convex problem to convergence (L-BFGS for
 * logistic/softmax, Cholesky for least squares); 'minibatch' runs tfjs Adam on batches (the
 * optimizer, learning rate, epochs, batch size and early-stopping fields apply only then); 'auto'
 * is exact unless the table is very large (linearSolver in linear/fit.ts says which and why).
 */
export type LinearSolverName = 'auto' | 'exact' | 'minibatch';

/**
 * Linear regression (ridge when alpha > 0), or logistic (binary) / softmax (multi-class)
 * regression with L2, each objective exactly as scikit-learn defines it.
 */
export interface LinearSpec {
  family: 'linear';
  /**
   * Classification: inverse regularisation strength (scikit-learn's C): the fit minimises
   * C · Σ log loss + ½‖w‖², intercept unpenalised.
   */
  C: number;
  /** Regression: the ridge penalty (scikit-learn's alpha) in ‖y − Xw − b‖² + alpha·‖w‖²; 0 is OLS. */
  alpha: number;
  solver: LinearSolverName;
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number;
  classWeights: 'balanced' | 'none';
  earlyStopping: EarlyStopping | null;
}

export interface MlpSpec {
  family: 'mlp';
  /** Units per hidden layer, input side first. */
  hiddenLayers: number[];
  activation: ActivationName;
  /** Dropout rate after each hidden layer, in [0, 1). */
  dropout: number;
  l2: number;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Restores the weights of the best validation epoch when training stops. */
  earlyStopping: EarlyStopping | null;
  classWeights: 'balanced' | 'none';
}

/** Histogram-based gradient-boosted trees (sklearn HistGradientBoosting / LightGBM style). */
export interface GbdtSpec {
  family: 'gbdt';
  maxIterations: number;
  learningRate: number;
  /** Leaf-wise grows the best leaf first; depth-wise grows level by level. */
  growth: 'leafwise' | 'depthwise';
  maxLeaves: number;
  /** null: no depth limit (maxLeaves bounds the tree). */
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2: number;
  /** Bins per feature, 2…255, plus one for missing values. */
  maxBins: number;
  /** Keeps the trees up to the best validation iteration. */
  earlyStopping: EarlyStopping | null;
}

export type ModelSpec = BaselineSpec | LinearSpec | MlpSpec | GbdtSpec;

export const MODEL_FAMILIES: readonly ModelFamily[] = ['baseline', 'linear', 'mlp', 'gbdt'];

/** Tables above this many rows early-stop by default (scikit-learn's HistGradientBoosting rule). */
const EARLY_STOPPING_ROWS = 10_000;

/**
 * A power-of-two batch near `rows / stepsPerEpoch`, within [min, max]: small tables keep small
 * batches (many updates per epoch), large ones do not spend an epoch on thousands of tiny steps,
 * each of which costs tfjs a fixed overhead far above its arithmetic.
 */
function batchFor(rows: number, stepsPerEpoch: number, min: number, max: number): number {
  const ideal = 2 ** Math.round(Math.log2(Math.max(1, rows / stepsPerEpoch)));
  return Math.min(max, Math.max(min, ideal));
}

/**
 * Sensible defaults per family for a table of `rows` rows (when known): batch size and early
 * stopping follow the size. Linear models are scikit-learn's (C = 1, or plain least squares),
 * solved exactly. GBDT defaults are scikit-learn HistGradientBoosting's, early stopping included:
 * only above 10,000 rows ('auto'). With it on small tables (measured in bench:small, 5-fold CV),
 * holding out a tenth and stopping on a few dozen rows cost 0.2–0.6 points of accuracy on wine,
 * penguins and breast_cancer; without it the trees match HistGradientBoosting on every table.
 */
export function defaultSpec(family: ModelFamily, _task: Task, rows?: number): ModelSpec {
  const n = rows ?? 0;
  const earlyStopping = n > EARLY_STOPPING_ROWS;
  switch (family) {
    case 'baseline':
      return { family };
    case 'linear': {
      // A convex loss: large batches converge in a few epochs of about 32 steps each. Rates are
      // starting rates: they halve on validation plateaus with early stopping, and otherwise
      // decay (cosine) over the epochs, which is why the rate without early stopping can be higher.
      const batchSize = batchFor(n, 32, 32, 4096);
      // scikit-learn's defaults: LogisticRegression(C=1), LinearRegression (alpha 0).
      return {
        family,
        C: 1,
        alpha: 0,
        solver: 'auto',
        optimizer: 'adam',
        learningRate: earlyStopping ? 0.02 : 0.05,
        epochs: 100,
        batchSize,
        classWeights: 'none',
        earlyStopping: earlyStopping ? { patience: 5, validationFraction: 0.1 } : null,
      };
    }
    case 'mlp': {
      // About 256 steps an epoch. Early stopping on a held-out tenth from 300 rows (30 rows to
      // judge epochs by): on breast_cancer it cut a 5-fold CV ~3× at equal accuracy. Below that
      // the validation part is too small (on iris it cost 5 points) and training stops on
      // scikit-learn's training-loss rule instead (validationFraction 0).
      const batchSize = batchFor(n, 256, 32, 512);
      const watchSmall = n >= 300;
      return {
        family,
        hiddenLayers: [64, 32],
        activation: 'relu',
        dropout: 0.1,
        l2: 1e-4,
        optimizer: 'adam',
        learningRate: earlyStopping ? 2e-3 : 3e-3,
        batchSize,
        epochs: earlyStopping ? 100 : 200,
        earlyStopping: earlyStopping
          ? { patience: 5, validationFraction: 0.1 }
          : { patience: 10, validationFraction: watchSmall ? 0.1 : 0 },
        classWeights: 'none',
      };
    }
    case 'gbdt':
      return {
        family,
        maxIterations: 100,
        learningRate: 0.1,
        growth: 'leafwise',
        maxLeaves: 31,
        maxDepth: null,
        minSamplesLeaf: 20,
        l2: 0,
        maxBins: 255,
        earlyStopping: earlyStopping ? { patience: 10, validationFraction: 0.1 } : null,
      };
  }
}

function check(problems: string[], ok: boolean, message: string): void {
  if (!ok) problems.push(message);
}

const isInt = (v: number, min: number) => Number.isInteger(v) && v >= min;

/**
 * What is wrong with a spec, in words a user can act on (empty when it is valid). Fields are
 * named as in the training form.
 */
export function specProblems(spec: ModelSpec): string[] {
  const p: string[] = [];
  if (spec.family === 'baseline') return p;
  if (spec.family === 'gbdt') {
    check(
      p,
      isInt(spec.maxIterations, 1),
      `Iterations must be a whole number of at least 1 (got ${spec.maxIterations}).`,
    );
    check(
      p,
      spec.learningRate > 0 && spec.learningRate <= 1,
      `Learning rate must be above 0 and at most 1 (got ${spec.learningRate}).`,
    );
    check(
      p,
      isInt(spec.maxLeaves, 2),
      `Max leaves must be a whole number of at least 2 (got ${spec.maxLeaves}).`,
    );
    check(
      p,
      spec.maxDepth === null || isInt(spec.maxDepth, 1),
      `Max depth must be empty or at least 1 (got ${spec.maxDepth}).`,
    );
    check(
      p,
      isInt(spec.minSamplesLeaf, 1),
      `Min samples per leaf must be at least 1 (got ${spec.minSamplesLeaf}).`,
    );
    check(p, spec.l2 >= 0, `L2 must be 0 or more (got ${spec.l2}).`);
    check(
      p,
      isInt(spec.maxBins, 2) && spec.maxBins <= 255,
      `Bins must be from 2 to 255 (got ${spec.maxBins}).`,
    );
  } else {
    if (spec.family === 'linear') {
      check(p, spec.C > 0 && Number.isFinite(spec.C), `C must be above 0 (got ${spec.C}).`);
      check(
        p,
        spec.alpha >= 0 && Number.isFinite(spec.alpha),
        `Alpha must be 0 or more (got ${spec.alpha}).`,
      );
      check(
        p,
        ['auto', 'exact', 'minibatch'].includes(spec.solver),
        `Solver must be auto, exact or minibatch (got ${String(spec.solver)}).`,
      );
    } else check(p, spec.l2 >= 0, `L2 must be 0 or more (got ${spec.l2}).`);
    check(p, spec.learningRate > 0, `Learning rate must be above 0 (got ${spec.learningRate}).`);
    check(p, isInt(spec.epochs, 1), `Epochs must be a whole number of at least 1 (got ${spec.epochs}).`);
    check(
      p,
      isInt(spec.batchSize, 1),
      `Batch size must be a whole number of at least 1 (got ${spec.batchSize}).`,
    );
    if (spec.family === 'mlp') {
      check(p, spec.hiddenLayers.length > 0, 'An MLP needs at least one hidden layer.');
      check(
        p,
        spec.hiddenLayers.every((u) => isInt(u, 1)),
        `Hidden layer sizes must be whole numbers of at least 1 (got ${spec.hiddenLayers.join(', ')}).`,
      );
      check(
        p,
        spec.dropout >= 0 && spec.dropout < 1,
        `Dropout must be at least 0 and below 1 (got ${spec.dropout}).`,
      );
    }
  }
  const es = spec.earlyStopping;
  if (es) {
    check(
      p,
      isInt(es.patience, 1),
      `Early-stopping patience must be a whole number of at least 1 (got ${es.patience}).`,
    );
    check(
      p,
      es.validationFraction >= 0 && es.validationFraction < 0.5,
      `Early-stopping validation share must be at least 0 and below 0.5 (got ${es.validationFraction}).`,
    );
  }
  return p;
}
