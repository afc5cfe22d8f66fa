import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../../src/core/ml/metrics';
import { defaultSpec, disposeModel, fitModel, predict } from '../../../src/core/ml/models';
import type { ActivationName, MlpSpec, TrainingData } from '../../../src/core/ml/models';
import { mlpTrainsInJs } from '../../../src/core/ml/models/mlp/fit';
import {
  backward,
  createBuffers,
  createMlp,
  forward,
  outputLoss,
} from '../../../src/core/ml/models/mlp/network';
import { createRng } from '../../../src/core/ml/rng';
import type { Task } from '../../../src/core/ml/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const spec = (over: Partial<MlpSpec> = {}): MlpSpec => ({
  ...(defaultSpec('mlp', 'classification', 300) as MlpSpec),
  ...over,
});

/** Loss and back-propagated gradient of a tiny network against central differences. */
function gradientCheck(activation: ActivationName, task: Task, nClasses: number): void {
  const rng = createRng(5);
  const s = spec({ hiddenLayers: [4, 3], activation, dropout: 0 });
  const net = createMlp(s, task, nClasses, 3, rng);
  const rows = 5;
  const x = Float32Array.from({ length: rows * 3 }, () => rng() * 2 - 1);
  const y = Float32Array.from({ length: rows }, (_, r) => (task === 'regression' ? rng() : r % nClasses));
  const buf = createBuffers(net, rows);
  const gOut = net.layers.map((l) => new Float32Array(rows * l.units));
  const gIn = net.layers.map((l) => new Float32Array(rows * l.inputs));
  const params = net.layers.flatMap((l) => [l.kernel, l.bias]);
  const grads = params.map((p) => new Float32Array(p.length));
  const loss = () => {
    forward(net, x, rows, buf, null);
    return outputLoss(net, buf, rows, y, null, rows, gOut.at(-1)!) / rows;
  };
  loss();
  backward(net, x, rows, buf, gOut, gIn, grads);
  params.forEach((p, i) => {
    for (let k = 0; k < p.length; k++) {
      const keep = p[k]!;
      const h = 1e-3;
      p[k] = keep + h;
      const up = loss();
      p[k] = keep - h;
      const down = loss();
      p[k] = keep;
      expect(grads[i]![k]!).toBeCloseTo((up - down) / (2 * h), 2);
    }
  });
}

describe('MLP in plain TypeScript', () => {
  for (const activation of ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'swish'] as const) {
    it(`back-propagates the exact gradient (${activation}, binary, softmax and regression)`, () => {
      gradientCheck(activation, 'classification', 2);
      gradientCheck(activation, 'classification', 3);
      gradientCheck(activation, 'regression', 1);
    });
  }

  it('trains small tables in JavaScript and large ones in tfjs', () => {
    expect(mlpTrainsInJs(spec(), 569, 30, 2)).toBe(true);
    expect(mlpTrainsInJs(spec(), 5_000_000, 30, 2)).toBe(false);
  });

  it('fits a curved boundary on 569 rows quickly, reproducibly, into a tfjs model', async () => {
    const rng = createRng(9);
    const rows = 569;
    const cols = 8;
    const x = Float32Array.from({ length: rows * cols }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) =>
      x[r * cols]! ** 2 + x[r * cols + 1]! ** 2 < 0.6 ? 1 : 0,
    );
    const data: TrainingData = { task: 'classification', nClasses: 2, x, y, rows: 450, cols, seed: 4 };
    data.x = x.subarray(0, 450 * cols);
    data.y = y.subarray(0, 450);
    const before = tf.memory().numTensors;
    const t = performance.now();
    const a = await fitModel(spec(), data);
    const seconds = (performance.now() - t) / 1000;
    const b = await fitModel(spec(), data);
    expect(a.info.solver?.name).toBe('js-minibatch');
    // tfjs took ~10 s per fold here; the budget leaves room for a loaded machine.
    expect(seconds).toBeLessThan(4);
    const pa = await predict(a, x.subarray(450 * cols), rows - 450);
    const pb = await predict(b, x.subarray(450 * cols), rows - 450);
    expect(Array.from(pa)).toEqual(Array.from(pb));
    expect(classificationMetrics(Int32Array.from(y.subarray(450)), pa, 2).accuracy).toBeGreaterThan(0.8);
    disposeModel(a);
    disposeModel(b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on the training loss without validation rows (validation share 0), and not at all when off', async () => {
    const rng = createRng(2);
    const rows = 120;
    const x = Float32Array.from({ length: rows * 3 }, () => rng() * 2 - 1);
    const y = Float32Array.from({ length: rows }, (_, r) => (x[3 * r]! > 0 ? 1 : 0));
    const data: TrainingData = { task: 'classification', nClasses: 2, x, y, rows, cols: 3, seed: 1 };
    const watched = await fitModel(
      spec({
        hiddenLayers: [8],
        dropout: 0,
        epochs: 2000,
        earlyStopping: { patience: 5, validationFraction: 0 },
      }),
      data,
    );
    expect(watched.info.stoppedEarly).toBe(true);
    expect(watched.info.epochsRun).toBeLessThan(2000);
    expect(watched.info.validation).toBe('none');
    const off = await fitModel(spec({ hiddenLayers: [8], epochs: 30, earlyStopping: null }), data);
    expect(off.info.epochsRun).toBe(30);
    expect(off.info.stoppedEarly).toBe(false);
    disposeModel(watched);
    disposeModel(off);
  });
});
