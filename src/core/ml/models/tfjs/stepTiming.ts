/**
 * Times a few real training steps of a linear or MLP spec on the active tfjs backend: the same
 * network, optimizer and loss the training builds, on one batch of the training's shape. Backend
 * choice compares these times; the values in the batch do not change the cost of a step, so they
 * are seeded noise rather than the user's data (which the worker may not have loaded yet).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../rng';
import type { Task } from '../../types';
import type { LinearSpec, MlpSpec } from '../spec';
import { buildNetwork, lossName, makeOptimizer } from './network';

export interface StepShape {
  task: Task;
  /** Training rows: a batch is min(batchSize, rows) rows. */
  rows: number;
  cols: number;
  /** Classes (classification); 1 for regression. */
  nClasses: number;
}

export interface StepTiming {
  /** Rows per step. */
  batch: number;
  /** The first step: kernel compilation, weight upload and allocation, not counted in `stepMs`. */
  warmupMs: number;
  /** Each timed step, in order. */
  stepMs: number[];
  /** Median of `stepMs` (the warm-up when no step was timed): one slow step does not decide. */
  medianMs: number;
  /** tf.memory().numTensors after minus before: 0 unless something leaked. */
  leakedTensors: number;
}

export interface StepTimingOptions {
  /** Timed steps after the warm-up (default 3). */
  steps?: number;
  /** Stop timing once the timed steps have taken this long, after at least one (default 250 ms). */
  budgetMs?: number;
  /**
   * The fastest median step measured so far on another backend. When the warm-up alone is over
   * the budget and over twice this, no step is timed: this backend has lost already, and a heavy
   * model would otherwise spend seconds proving it.
   */
  bestMs?: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A batch of the right shape and target coding, filled with seeded values. */
function batchTensors(shape: StepShape, batch: number): [tf.Tensor2D, tf.Tensor2D] {
  const rng = createRng(batch * 31 + shape.cols);
  const x = new Float32Array(batch * shape.cols);
  for (let i = 0; i < x.length; i++) x[i] = 2 * rng() - 1;
  const regression = shape.task === 'regression';
  const width = regression || shape.nClasses === 2 ? 1 : shape.nClasses;
  const y = new Float32Array(batch * width);
  for (let r = 0; r < batch; r++) {
    if (regression) y[r] = 2 * rng() - 1;
    else if (width === 1) y[r] = r % 2;
    else y[r * width + (r % width)] = 1;
  }
  return [tf.tensor2d(x, [batch, shape.cols]), tf.tensor2d(y, [batch, width])];
}

/**
 * Builds the spec's network on the active backend, runs one warm-up step and up to `steps` timed
 * ones (each awaited to completion: trainOnBatch downloads the loss), and frees every tensor it
 * made, optimizer state included.
 */
export async function timeTrainingSteps(
  spec: LinearSpec | MlpSpec,
  shape: StepShape,
  options: StepTimingOptions = {},
): Promise<StepTiming> {
  const steps = Math.max(1, options.steps ?? 3);
  const budgetMs = options.budgetMs ?? 250;
  const batch = Math.max(1, Math.min(spec.batchSize, shape.rows));
  const before = tf.memory().numTensors;
  const model = buildNetwork(spec, shape.task, shape.nClasses, shape.cols, createRng(1));
  const optimizer = makeOptimizer(spec.optimizer, spec.learningRate);
  const [x, y] = batchTensors(shape, batch);
  const stepMs: number[] = [];
  let warmupMs = 0;
  try {
    model.compile({ optimizer, loss: lossName(shape.task, shape.nClasses) });
    let t = performance.now();
    await model.trainOnBatch(x, y);
    warmupMs = performance.now() - t;
    const lost = warmupMs > budgetMs && warmupMs > 2 * (options.bestMs ?? Infinity);
    let spent = 0;
    while (!lost && stepMs.length < steps && (stepMs.length === 0 || spent < budgetMs)) {
      t = performance.now();
      await model.trainOnBatch(x, y);
      const ms = performance.now() - t;
      stepMs.push(ms);
      spent += ms;
    }
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
    // model.dispose() leaves an optimizer passed in as an object, with its moment tensors.
    optimizer.dispose();
  }
  return {
    batch,
    warmupMs,
    stepMs,
    medianMs: stepMs.length ? median(stepMs) : warmupMs,
    leakedTensors: tf.memory().numTensors - before,
  };
}
