/**
 * Builds the tfjs network of a linear or MLP spec. Every random initialiser gets a seed drawn from
 * the run's generator, so the same seed gives the same starting weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';
import { deriveSeed } from '../../rng';
import type { Task } from '../../types';
import type { LinearSpec, MlpSpec, OptimizerName } from '../spec';

/** Binary classification uses one sigmoid unit; its probability is the class-1 column. */
export function isBinaryOutput(task: Task, nClasses: number): boolean {
  return task === 'classification' && nClasses === 2;
}

/**
 * The tfjs L2 coefficient of a spec trained on `rows` rows. tfjs minimises mean loss + l2·‖w‖²;
 * a linear spec's objective is scikit-learn's C·Σ loss + ½‖w‖² (same optimum when
 * l2 = 1/(2·C·rows)) or ‖y − ŷ‖² + alpha·‖w‖² (l2 = alpha/rows, also on a standardised target).
 */
export function tfjsL2(spec: LinearSpec | MlpSpec, task: Task, rows: number): number {
  if (spec.family === 'mlp') return spec.l2;
  const n = Math.max(1, rows);
  return task === 'classification' ? 1 / (2 * spec.C * n) : spec.alpha / n;
}

export function buildNetwork(
  spec: LinearSpec | MlpSpec,
  task: Task,
  nClasses: number,
  cols: number,
  rng: Rng,
  rows = 1,
): tf.Sequential {
  const l2 = tfjsL2(spec, task, rows);
  const outUnits = task === 'regression' || nClasses === 2 ? 1 : nClasses;
  const outActivation = task === 'regression' ? 'linear' : nClasses === 2 ? 'sigmoid' : 'softmax';
  const regularizer = () => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);
  const model = tf.sequential();
  let inputShape: number[] | undefined = [cols];
  if (spec.family === 'mlp') {
    for (const units of spec.hiddenLayers) {
      const seed = deriveSeed(rng);
      model.add(
        tf.layers.dense({
          units,
          inputShape,
          activation: spec.activation,
          // He initialisation suits ReLU-like units; Glorot the saturating ones.
          kernelInitializer:
            spec.activation === 'tanh' || spec.activation === 'sigmoid'
              ? tf.initializers.glorotUniform({ seed })
              : tf.initializers.heNormal({ seed }),
          kernelRegularizer: regularizer(),
        }),
      );
      inputShape = undefined;
      if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout, seed: deriveSeed(rng) }));
    }
  }
  model.add(
    tf.layers.dense({
      units: outUnits,
      inputShape,
      activation: outActivation,
      // A linear model is convex: zeros are a fine, seed-free start.
      kernelInitializer:
        spec.family === 'linear' ? 'zeros' : tf.initializers.glorotUniform({ seed: deriveSeed(rng) }),
      kernelRegularizer: regularizer(),
    }),
  );
  return model;
}

/** Adam and RMSprop get epsilon 1e-7 explicitly: WebGL would otherwise use 1e-4 and disagree. */
export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
    case 'sgd':
      return tf.train.sgd(learningRate);
  }
}

/**
 * Changes an optimizer's learning rate between epochs. Adam and RMSprop read the field on every
 * step (it is protected in tfjs's typings, hence the structural access); SGD keeps a scalar
 * tensor that setLearningRate replaces.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  // Not `instanceof tf.SGDOptimizer`: tfjs optimizers answer instanceof by duck typing, so every
  // optimizer passes it.
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

export function lossName(task: Task, nClasses: number): string {
  if (task === 'regression') return 'meanSquaredError';
  return nClasses === 2 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
}

/**
 * tfjs Dropout layers draw the same mask on every call when given a seed. Re-seeding them before
 * each batch from the run's generator keeps masks different per batch yet reproducible. The seed
 * field is private in tfjs's typings, hence the structural access.
 */
export function reseedDropout(model: tf.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout' && 'seed' in layer) {
      (layer as unknown as { seed: number }).seed = deriveSeed(rng);
    }
  }
}
