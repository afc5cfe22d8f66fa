/**
 * The tfjs training loop for linear and MLP models: one `fit` call per epoch on rows the run's
 * seeded generator has shuffled (tfjs's own shuffle uses Math.random), early stopping that
 * restores the best epoch's weights, cancellation between batches, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { abortError } from '../abort';
import type { Rng } from '../../rng';
import { createRng, permutation } from '../../rng';
import { checkTrainingData, trainAndValidation } from '../data';
import type { XY } from '../data';
import type { LinearSpec, MlpSpec } from '../spec';
import { specProblems } from '../spec';
import type { FitHooks, FittedTfjs, TrainingData } from '../types';
import {
  buildNetwork,
  isBinaryOutput,
  lossName,
  makeOptimizer,
  reseedDropout,
  setLearningRate,
} from './network';
import { cosineScale, ValidationWatch } from './schedule';

/** Target encoding for the network: 0/1 column, one-hot rows, or the standardised value. */
interface TargetCoding {
  width: number;
  fill(out: Float32Array, at: number, y: number): void;
}

function targetCoding(data: TrainingData, yMean: number, yStd: number): TargetCoding {
  if (data.task === 'regression') return { width: 1, fill: (out, at, y) => (out[at] = (y - yMean) / yStd) };
  if (data.nClasses === 2) return { width: 1, fill: (out, at, y) => (out[at] = y) };
  const k = data.nClasses;
  return { width: k, fill: (out, at, y) => (out[at + y] = 1) };
}

function tensors(
  set: XY,
  cols: number,
  coding: TargetCoding,
  order: Int32Array | null,
): [tf.Tensor2D, tf.Tensor2D] {
  const x = new Float32Array(set.rows * cols);
  const y = new Float32Array(set.rows * coding.width);
  for (let i = 0; i < set.rows; i++) {
    const r = order ? order[i]! : i;
    x.set(set.x.subarray(r * cols, (r + 1) * cols), i * cols);
    coding.fill(y, i * coding.width, set.y[r]!);
  }
  return [tf.tensor2d(x, [set.rows, cols]), tf.tensor2d(y, [set.rows, coding.width])];
}

function meanStd(y: Float32Array): [number, number] {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let variance = 0;
  for (const v of y) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / y.length);
  return [mean, std > 0 ? std : 1];
}

/** n / (k · count) per class, as sklearn's class_weight='balanced'. */
function balancedWeights(y: Float32Array, k: number): Record<number, number> {
  const counts = new Array<number>(k).fill(0);
  for (const v of y) counts[v]!++;
  return Object.fromEntries(counts.map((c, i) => [i, c > 0 ? y.length / (k * c) : 0]));
}

function lastValue(history: tf.History, key: string): number | undefined {
  const v = history.history[key]?.[0];
  return typeof v === 'number' ? v : undefined;
}

/** Trains a linear or MLP model; rejects with an AbortError when `hooks.shouldStop()` turns true. */
export async function fitTfjs(
  spec: LinearSpec | MlpSpec,
  data: TrainingData,
  hooks: FitHooks = {},
): Promise<FittedTfjs> {
  const started = performance.now();
  const problems = specProblems(spec);
  if (problems.length)
    throw new Error(`${spec.family === 'mlp' ? 'MLP' : 'Linear model'}: ${problems.join(' ')}`);
  checkTrainingData(data, false);
  const { cols, task, nClasses } = data;
  const es = spec.earlyStopping;
  const { train, valid, source } = trainAndValidation(data, es ? es.validationFraction : 0);
  const [yMean, yStd] = task === 'regression' ? meanStd(train.y) : [0, 1];
  const coding = targetCoding(data, yMean, yStd);
  const rng: Rng = createRng(data.seed);

  const model = buildNetwork(spec, task, nClasses, cols, rng, train.rows);
  const optimizer = makeOptimizer(spec.optimizer, spec.learningRate);
  model.compile({
    optimizer,
    loss: lossName(task, nClasses),
    metrics: task === 'regression' ? ['mse'] : ['accuracy'],
  });
  const validation = valid ? tensors(valid, cols, coding, null) : null;
  const classWeight =
    task === 'classification' && spec.classWeights === 'balanced'
      ? balancedWeights(train.y, nClasses)
      : undefined;
  let best: tf.Tensor[] | null = null;
  let bestEpoch = 0;
  const watch = es && valid ? new ValidationWatch({ patience: es.patience }) : null;
  let learningRate = spec.learningRate;
  let epochsRun = 0;
  let stoppedEarly = false;
  let aborted = false;
  const disposeBest = () => {
    best?.forEach((t) => t.dispose());
    best = null;
  };
  try {
    for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      if (hooks.shouldStop?.()) throw abortError();
      if (!watch) setLearningRate(optimizer, spec.learningRate * cosineScale(epoch, spec.epochs));
      const [xs, ys] = tensors(train, cols, coding, permutation(train.rows, rng));
      let history: tf.History;
      try {
        history = await model.fit(xs, ys, {
          epochs: 1,
          batchSize: spec.batchSize,
          shuffle: false,
          verbose: 0,
          validationData: validation ?? undefined,
          classWeight,
          callbacks: {
            onBatchBegin: async () => reseedDropout(model, rng),
            onBatchEnd: async () => {
              if (hooks.shouldStop?.()) {
                aborted = true;
                model.stopTraining = true;
              }
            },
          },
        });
      } finally {
        xs.dispose();
        ys.dispose();
      }
      if (aborted) throw abortError();
      epochsRun = epoch;
      const loss = lastValue(history, 'loss') ?? NaN;
      if (!Number.isFinite(loss)) {
        throw new Error(
          `Training diverged at epoch ${epoch} (the loss is ${loss}). Lower the learning rate (now ${spec.learningRate}) or standardise the features.`,
        );
      }
      const valLoss = lastValue(history, 'val_loss');
      const metric =
        task === 'regression'
          ? ((m) => (m === undefined ? undefined : Math.sqrt(m) * yStd))(lastValue(history, 'val_mse'))
          : lastValue(history, 'val_acc');
      await hooks.onEpoch?.({
        epoch,
        epochs: spec.epochs,
        loss,
        valLoss,
        metric,
        metricName: metric === undefined ? undefined : task === 'regression' ? 'rmse' : 'accuracy',
        elapsedMs: performance.now() - started,
      });
      if (watch && valLoss !== undefined) {
        const decision = watch.observe(epoch, valLoss);
        if (decision.best) {
          bestEpoch = epoch;
          disposeBest();
          // A clone shares the variable's data until the optimizer assigns new values to it.
          best = model.getWeights().map((w) => w.clone());
        }
        if (decision.stop) {
          stoppedEarly = true;
          break;
        }
        if (decision.scaleBy !== 1) {
          learningRate *= decision.scaleBy;
          setLearningRate(optimizer, learningRate);
        }
      }
    }
    if (hooks.shouldStop?.()) throw abortError();
    if (best) model.setWeights(best);
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    disposeBest();
    validation?.forEach((t) => t.dispose());
    // model.dispose() does not free an optimizer passed in as an object: its moments would leak.
    optimizer.dispose();
  }
  return {
    family: spec.family,
    spec,
    task,
    nClasses,
    cols,
    model,
    yMean,
    yStd,
    info: {
      epochsRun,
      bestEpoch: es && valid ? bestEpoch : null,
      stoppedEarly,
      validation: source,
      fitMs: performance.now() - started,
    },
  };
}

/** Rows per predict call: bounds the memory of one batch on any backend. */
const PREDICT_CHUNK = 16_384;

/** Probabilities (n × nClasses) or values (n) of a tfjs model for row-major `x`. */
export async function predictTfjs(m: FittedTfjs, x: Float32Array, rows: number): Promise<Float32Array> {
  const { cols, task, nClasses } = m;
  if (x.length !== rows * cols) {
    throw new Error(`The model expects ${cols} features per row; got ${x.length} values for ${rows} rows.`);
  }
  const binary = isBinaryOutput(task, nClasses);
  const width = task === 'regression' ? 1 : nClasses;
  const out = new Float32Array(rows * width);
  for (let start = 0; start < rows; start += PREDICT_CHUNK) {
    const n = Math.min(PREDICT_CHUNK, rows - start);
    const y = tf.tidy(
      () =>
        m.model.predict(tf.tensor2d(x.subarray(start * cols, (start + n) * cols), [n, cols])) as tf.Tensor,
    );
    let values: Float32Array;
    try {
      values = (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
    for (let i = 0; i < n; i++) {
      const r = start + i;
      if (task === 'regression') out[r] = values[i]! * m.yStd + m.yMean;
      else if (binary) {
        out[2 * r] = 1 - values[i]!;
        out[2 * r + 1] = values[i]!;
      } else out.set(values.subarray(i * width, (i + 1) * width), r * width);
    }
  }
  return out;
}
