/**
 * MLP training in plain TypeScript for tables where tfjs's fixed cost per batch would dominate
 * (a default 5-fold cross-validation of 569 rows took 66–73 s through tfjs, nearly all of it
 * dispatch). Same spec, optimizers and schedule as the tfjs loop (ValidationWatch with early
 * stopping, best weights restored; cosine decay without), plus scikit-learn's training-loss rule
 * when early stopping has no validation rows (validationFraction 0), seeded; the trained weights are
 * then written into the tfjs network of the spec, so prediction and saving are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { abortError, yieldToEventLoop } from '../abort';
import { createRng, permutation } from '../../rng';
import { checkTrainingData, trainAndValidation } from '../data';
import type { MlpSpec, OptimizerName } from '../spec';
import { specProblems } from '../spec';
import { buildNetwork } from '../tfjs/network';
import { cosineScale, ValidationWatch } from '../tfjs/schedule';
import type { FitHooks, FittedTfjs, TrainingData } from '../types';
import { backward, createBuffers, createMlp, evaluate, forward, outputLoss } from './network';
import type { Mlp } from './network';

/**
 * Multiply-adds of one epoch (rows × weights) up to which the MLP trains in plain TypeScript;
 * above it tfjs (a timed backend: wasm SIMD or a GPU) does. Measured in Node on 140,000 rows ×
 * 25 features, default network, batch 512 (machine loaded): 7.5 s an epoch here against 8.7 s on
 * tfjs wasm, so plain TypeScript is kept up to ~250,000 such rows; beyond, a GPU may pay.
 */
export const JS_MLP_WORK = 1e9;

/** Weights (kernels and biases) of the spec's network on `cols` features. */
export function mlpWeightCount(spec: MlpSpec, cols: number, outputs: number): number {
  let n = 0;
  let inputs = cols;
  for (const units of [...spec.hiddenLayers, outputs]) {
    n += (inputs + 1) * units;
    inputs = units;
  }
  return n;
}

/** True when an MLP of `spec` on this shape trains in plain TypeScript (see JS_MLP_WORK). */
export function mlpTrainsInJs(spec: MlpSpec, rows: number, cols: number, nClasses: number): boolean {
  const outputs = nClasses > 2 ? nClasses : 1;
  return rows * mlpWeightCount(spec, cols, outputs) <= JS_MLP_WORK;
}

/** tfjs's optimizers, step for step: Adam (β1 0.9, β2 0.999, ε 1e-7), RMSprop (ρ 0.9, ε 1e-7), SGD. */
class Optimizer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(
    private readonly name: OptimizerName,
    private readonly params: Float32Array[],
  ) {
    this.m = params.map((p) => new Float32Array(name === 'adam' ? p.length : 0));
    this.v = params.map((p) => new Float32Array(name === 'sgd' ? 0 : p.length));
  }
  step(grads: Float32Array[], rate: number): void {
    this.t++;
    const lr = this.name === 'adam' ? (rate * Math.sqrt(1 - 0.999 ** this.t)) / (1 - 0.9 ** this.t) : rate;
    this.params.forEach((p, i) => {
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      if (this.name === 'adam') {
        for (let k = 0; k < p.length; k++) {
          m[k] = 0.9 * m[k]! + 0.1 * g[k]!;
          v[k] = 0.999 * v[k]! + 0.001 * g[k]! * g[k]!;
          p[k]! -= (lr * m[k]!) / (Math.sqrt(v[k]!) + 1e-7);
        }
      } else if (this.name === 'rmsprop') {
        for (let k = 0; k < p.length; k++) {
          v[k] = 0.9 * v[k]! + 0.1 * g[k]! * g[k]!;
          p[k]! -= (lr * g[k]!) / Math.sqrt(v[k]! + 1e-7);
        }
      } else for (let k = 0; k < p.length; k++) p[k]! -= lr * g[k]!;
    });
  }
}

function paramsOf(net: Mlp): Float32Array[] {
  return net.layers.flatMap((l) => [l.kernel, l.bias]);
}

/** Trains `spec` in plain TypeScript; rejects with an AbortError when `hooks.shouldStop()` turns true. */
export async function fitMlpJs(spec: MlpSpec, data: TrainingData, hooks: FitHooks = {}): Promise<FittedTfjs> {
  const started = performance.now();
  const problems = specProblems(spec);
  if (problems.length) throw new Error(`MLP: ${problems.join(' ')}`);
  checkTrainingData(data, false);
  const { cols, task, nClasses } = data;
  const es = spec.earlyStopping;
  const { train, valid, source } = trainAndValidation(data, es ? es.validationFraction : 0);
  let yMean = 0;
  let yStd = 1;
  if (task === 'regression') {
    for (const v of train.y) yMean += v;
    yMean /= train.rows;
    let variance = 0;
    for (const v of train.y) variance += (v - yMean) ** 2;
    yStd = Math.sqrt(variance / train.rows) || 1;
  }
  const standard = (y: Float32Array) => (task === 'regression' ? y.map((v) => (v - yMean) / yStd) : y);
  const yTrain = standard(train.y);
  const yValid = valid ? standard(valid.y) : null;
  let classWeight: Float64Array | null = null;
  if (task === 'classification' && spec.classWeights === 'balanced') {
    const counts = new Float64Array(nClasses);
    for (const v of train.y) counts[v]!++;
    classWeight = counts.map((c) => (c > 0 ? train.rows / (nClasses * c) : 0));
  }

  const rng = createRng(data.seed);
  const net = createMlp(spec, task, nClasses, cols, rng);
  const params = paramsOf(net);
  const grads = params.map((p) => new Float32Array(p.length));
  const optimizer = new Optimizer(spec.optimizer, params);
  const batch = Math.max(1, Math.min(spec.batchSize, train.rows));
  const buf = createBuffers(net, batch);
  const evalBuf = createBuffers(net, 1024);
  const xb = new Float32Array(batch * cols);
  const yb = new Float32Array(batch);
  const wb = classWeight ? new Float32Array(batch) : null;
  const gOut = net.layers.map((l) => new Float32Array(batch * l.units));
  const gIn = net.layers.map((l) => new Float32Array(batch * l.inputs));

  const watch = es && valid ? new ValidationWatch({ patience: es.patience }) : null;
  // Early stopping without validation rows (validationFraction 0): scikit-learn's rule, stop once
  // the training loss has not fallen by 1e-4 for `patience` epochs, the last weights kept. On a
  // few hundred rows this ends most fits in tens of epochs instead of the cap.
  const plateau = es && !valid ? new ValidationWatch({ patience: es.patience, factor: 1 }) : null;
  let rate = spec.learningRate;
  let best: Float32Array[] | null = null;
  let bestEpoch = 0;
  let epochsRun = 0;
  let stoppedEarly = false;
  let lastYield = performance.now();
  const last = net.layers.length - 1;

  for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    if (hooks.shouldStop?.()) throw abortError();
    // Without any early stopping, the tfjs loop's cosine decay over the epochs.
    const epochRate = watch
      ? rate
      : plateau
        ? spec.learningRate
        : spec.learningRate * cosineScale(epoch, spec.epochs);
    const order = permutation(train.rows, rng);
    let lossSum = 0;
    for (let start = 0; start < train.rows; start += batch) {
      const n = Math.min(batch, train.rows - start);
      for (let i = 0; i < n; i++) {
        const r = order[start + i]!;
        xb.set(train.x.subarray(r * cols, (r + 1) * cols), i * cols);
        yb[i] = yTrain[r]!;
        if (wb && classWeight) wb[i] = classWeight[yTrain[r]!]!;
      }
      forward(net, xb, n, buf, rng);
      lossSum += outputLoss(net, buf, n, yb, wb, n, gOut[last]!);
      backward(net, xb, n, buf, gOut, gIn, grads);
      // L2 on kernels, as tfjs's regulariser: l2·Σw² adds 2·l2·w.
      if (spec.l2 > 0) {
        net.layers.forEach((layer, i) => {
          const g = grads[2 * i]!;
          for (let k = 0; k < g.length; k++) g[k]! += 2 * spec.l2 * layer.kernel[k]!;
        });
      }
      optimizer.step(grads, epochRate);
      if (performance.now() - lastYield > 100) {
        await yieldToEventLoop();
        if (hooks.shouldStop?.()) throw abortError();
        lastYield = performance.now();
      }
    }
    epochsRun = epoch;
    let penalty = 0;
    if (spec.l2 > 0) for (const l of net.layers) for (const w of l.kernel) penalty += spec.l2 * w * w;
    const loss = lossSum / train.rows + penalty;
    if (!Number.isFinite(loss)) {
      throw new Error(
        `Training diverged at epoch ${epoch} (the loss is ${loss}). Lower the learning rate (now ${spec.learningRate}) or standardise the features.`,
      );
    }
    const v = valid && yValid ? evaluate(net, valid.x, yValid, valid.rows, evalBuf) : null;
    await hooks.onEpoch?.({
      epoch,
      epochs: spec.epochs,
      loss,
      ...(v
        ? {
            valLoss: v.loss,
            metric: task === 'regression' ? Math.sqrt(v.loss) * yStd : v.accuracy,
            metricName: task === 'regression' ? ('rmse' as const) : ('accuracy' as const),
          }
        : {}),
      elapsedMs: performance.now() - started,
    });
    if (plateau?.observe(epoch, loss).stop) {
      stoppedEarly = true;
      break;
    }
    if (watch && v) {
      const decision = watch.observe(epoch, v.loss);
      if (decision.best) {
        bestEpoch = epoch;
        best = params.map((p) => Float32Array.from(p));
      }
      if (decision.stop) {
        stoppedEarly = true;
        break;
      }
      rate *= decision.scaleBy;
    }
  }
  if (hooks.shouldStop?.()) throw abortError();
  if (best) params.forEach((p, i) => p.set(best![i]!));

  const model = buildNetwork(spec, task, nClasses, cols, createRng(data.seed), train.rows);
  const tensors = net.layers.flatMap((l) => [
    tf.tensor2d(l.kernel, [l.inputs, l.units]),
    tf.tensor1d(l.bias),
  ]);
  try {
    model.setWeights(tensors);
  } finally {
    tensors.forEach((t) => t.dispose());
  }
  return {
    family: 'mlp',
    spec,
    task,
    nClasses,
    cols,
    model,
    yMean,
    yStd,
    info: {
      epochsRun,
      bestEpoch: watch ? bestEpoch : null,
      stoppedEarly,
      validation: source,
      fitMs: performance.now() - started,
      solver: {
        name: 'js-minibatch',
        reason: `${spec.optimizer === 'adam' ? 'Adam' : spec.optimizer === 'sgd' ? 'SGD' : 'RMSprop'} on batches of ${batch} rows in plain JavaScript: the table is small enough that tfjs's cost per batch would dominate`,
      },
    },
  };
}
