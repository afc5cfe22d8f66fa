import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeOptimizer, setLearningRate } from '../../../src/core/ml/models/tfjs/network';
import { ValidationWatch } from '../../../src/core/ml/models/tfjs/schedule';
import type { OptimizerName } from '../../../src/core/ml/models';

/** Feeds `losses` (epochs 1, 2, …) and returns each decision. */
function run(watch: ValidationWatch, losses: number[]) {
  return losses.map((l, i) => watch.observe(i + 1, l));
}

describe('ValidationWatch', () => {
  it('keeps the best epoch and stops `patience` epochs after the last real improvement', () => {
    const d = run(new ValidationWatch({ patience: 3, factor: 1 }), [1, 0.8, 0.7, 0.71, 0.72, 0.73]);
    expect(d.map((x) => x.best)).toEqual([true, true, true, false, false, false]);
    expect(d.map((x) => x.stop)).toEqual([false, false, false, false, false, true]);
    expect(d.every((x) => x.scaleBy === 1)).toBe(true);
  });

  it('does not let improvements smaller than minDelta reset patience, yet keeps their weights', () => {
    const d = run(
      new ValidationWatch({ patience: 3, factor: 1, minDelta: 0.01 }),
      [1, 0.5, 0.499, 0.498, 0.497],
    );
    expect(d.map((x) => x.best)).toEqual([true, true, true, true, true]);
    expect(d.map((x) => x.stop)).toEqual([false, false, false, false, true]);
  });

  it('halves the learning rate half way through the patience, and not below the floor', () => {
    const w = new ValidationWatch({ patience: 4, minScale: 0.25 });
    const d = run(w, [0.5, 0.6, 0.6, 0.6, 0.6, 0.6]);
    // Plateau from epoch 1: epochs 3 (2 stale) halve; stop at epoch 5 (4 stale).
    expect(d.map((x) => x.scaleBy)).toEqual([1, 1, 0.5, 1, 1, 1]);
    expect(d[4]!.stop).toBe(true);

    const long = new ValidationWatch({ patience: 4, minScale: 0.25 });
    // Each halving is followed by a real improvement, so training goes on; the scale stops at 1/4.
    const losses = [1, 1.1, 1.1, 0.9, 1, 1, 0.8, 0.9, 0.9, 0.7, 0.8, 0.8];
    const scales = run(long, losses).map((x) => x.scaleBy);
    expect(scales.filter((s) => s === 0.5)).toHaveLength(2);
  });
});

describe('setLearningRate', () => {
  it.each(['sgd', 'adam', 'rmsprop'] as OptimizerName[])('changes the step size of %s', async (name) => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const one = tf.scalar(1);
    const x = tf.variable(one);
    one.dispose();
    const optimizer = makeOptimizer(name, 0.1);
    const step = () => {
      const start = x.dataSync()[0]!;
      optimizer.minimize(() => x.mul(1).sum() as tf.Scalar);
      return start - x.dataSync()[0]!;
    };
    const first = step();
    setLearningRate(optimizer, 0.01);
    const second = step();
    // Gradient 1 every step: SGD moves by the rate, Adam by about the rate, RMSprop by a
    // rate-proportional amount; a tenth of the rate gives at most about a tenth of the step.
    expect(first).toBeGreaterThan(0.05);
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThan(first / 5);
    optimizer.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
