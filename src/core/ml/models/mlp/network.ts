/**
 * A multilayer perceptron held as plain typed arrays: seeded initialisation (He normal for
 * ReLU-like units, Glorot uniform for tanh/sigmoid and the output, as the tfjs network uses),
 * forward passes with optional inverted dropout, and the loss gradient at the output. The
 * output unit and loss follow the task as in tfjs: one sigmoid unit with binary cross-entropy,
 * K softmax units with categorical cross-entropy, one linear unit with mean squared error.
 */
import type { Rng } from '../../rng';
import type { Task } from '../../types';
import type { MlpSpec } from '../spec';
import type { DenseLayer } from './dense';
import { activate, activationBackward, denseBackward, denseForward } from './dense';

export interface Mlp {
  layers: DenseLayer[];
  /** Dropout rate after each hidden layer. */
  dropout: number;
  task: Task;
  outputs: number;
}

/** A standard normal draw, truncated at two standard deviations as tfjs's truncatedNormal. */
function truncatedNormal(rng: Rng): number {
  for (;;) {
    const u = Math.max(rng(), 1e-12);
    const v = rng();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    if (Math.abs(z) <= 2) return z;
  }
}

/** The network of `spec` with seeded starting weights. */
export function createMlp(spec: MlpSpec, task: Task, nClasses: number, cols: number, rng: Rng): Mlp {
  const outputs = task === 'regression' || nClasses === 2 ? 1 : nClasses;
  const layers: DenseLayer[] = [];
  let inputs = cols;
  const sizes = [...spec.hiddenLayers, outputs];
  sizes.forEach((units, i) => {
    const hidden = i < spec.hiddenLayers.length;
    const kernel = new Float32Array(inputs * units);
    const glorot = !hidden || spec.activation === 'tanh' || spec.activation === 'sigmoid';
    if (glorot) {
      const limit = Math.sqrt(6 / (inputs + units));
      for (let k = 0; k < kernel.length; k++) kernel[k] = (2 * rng() - 1) * limit;
    } else {
      // tfjs's heNormal: a truncated normal of scale sqrt(2 / fanIn), corrected for the truncation.
      const std = Math.sqrt(2 / inputs) / 0.8796256610342398;
      for (let k = 0; k < kernel.length; k++) kernel[k] = truncatedNormal(rng) * std;
    }
    const activation = hidden
      ? spec.activation
      : task === 'regression'
        ? 'linear'
        : outputs === 1
          ? 'sigmoid'
          : 'linear'; // softmax is applied by the loss and by outputOf
    layers.push({ inputs, units, kernel, bias: new Float32Array(units), activation });
    inputs = units;
  });
  return { layers, dropout: spec.dropout, task, outputs };
}

/** Per-layer buffers for a batch of up to `rows` rows. */
export interface Buffers {
  rows: number;
  /** Pre-activations per layer. */
  z: Float32Array[];
  /** Activations per layer, before dropout (what the activation's derivative reads). */
  h: Float32Array[];
  /** Activations per layer after dropout: the next layer's input (the same arrays as h without dropout). */
  a: Float32Array[];
  /** Dropout scale per hidden unit and row: 0 or 1/(1 − rate). */
  mask: Float32Array[];
}

export function createBuffers(net: Mlp, rows: number): Buffers {
  const h = net.layers.map((l) => new Float32Array(rows * l.units));
  return {
    rows,
    z: net.layers.map((l) => new Float32Array(rows * l.units)),
    h,
    a: net.dropout > 0 ? net.layers.map((l) => new Float32Array(rows * l.units)) : h,
    mask: net.layers.map((l) => new Float32Array(net.dropout > 0 ? rows * l.units : 0)),
  };
}

/**
 * Forward pass of `rows` rows of `x` into `buf`; with `rng`, hidden activations are dropped at
 * the network's rate (training). The last layer's `a` holds the output unit's activation
 * (sigmoid probability, raw softmax logits, or the regression value).
 */
export function forward(net: Mlp, x: Float32Array, rows: number, buf: Buffers, rng: Rng | null): void {
  let input = x;
  const last = net.layers.length - 1;
  net.layers.forEach((layer, i) => {
    const z = buf.z[i]!;
    const h = buf.h[i]!;
    const a = buf.a[i]!;
    const n = rows * layer.units;
    denseForward(layer, input, rows, z);
    h.set(z.subarray(0, n));
    activate(h, n, layer.activation);
    if (a !== h) {
      if (i < last && rng) {
        const keep = 1 - net.dropout;
        const mask = buf.mask[i]!;
        for (let k = 0; k < n; k++) {
          mask[k] = rng() < keep ? 1 / keep : 0;
          a[k] = h[k]! * mask[k]!;
        }
      } else a.set(h.subarray(0, n));
    }
    input = a;
  });
}

/**
 * Loss of a batch (sum over rows of weight × loss) and its gradient with respect to the output
 * layer's pre-activation, divided by `divisor` (the batch size: tfjs averages over the batch).
 */
export function outputLoss(
  net: Mlp,
  buf: Buffers,
  rows: number,
  y: Float32Array,
  weight: Float32Array | null,
  divisor: number,
  grad: Float32Array,
): number {
  const k = net.outputs;
  const a = buf.a[net.layers.length - 1]!;
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const w = weight ? weight[r]! : 1;
    const label = y[r]!;
    if (net.task === 'regression') {
      const d = a[r]! - label;
      loss += w * d * d;
      grad[r] = (w * 2 * d) / divisor;
    } else if (k === 1) {
      const p = Math.min(1 - 1e-7, Math.max(1e-7, a[r]!));
      loss -= w * (label === 1 ? Math.log(p) : Math.log(1 - p));
      grad[r] = (w * (a[r]! - label)) / divisor;
    } else {
      const o = r * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, a[o + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(a[o + c]! - max);
      loss += w * (Math.log(sum) + max - a[o + label]!);
      for (let c = 0; c < k; c++) {
        const p = Math.exp(a[o + c]! - max) / sum;
        grad[o + c] = (w * (p - (c === label ? 1 : 0))) / divisor;
      }
    }
  }
  return loss;
}

/** Mean loss and accuracy (classification) or mean squared error of `rows` rows, no dropout. */
export function evaluate(
  net: Mlp,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  buf: Buffers,
): { loss: number; accuracy: number } {
  const cols = net.layers[0]!.inputs;
  const k = net.outputs;
  const scratch = new Float32Array(buf.rows * k);
  let loss = 0;
  let hits = 0;
  for (let start = 0; start < rows; start += buf.rows) {
    const n = Math.min(buf.rows, rows - start);
    forward(net, x.subarray(start * cols, (start + n) * cols), n, buf, null);
    const ys = y.subarray(start, start + n);
    loss += outputLoss(net, buf, n, ys, null, 1, scratch);
    if (net.task === 'classification') {
      const a = buf.a[net.layers.length - 1]!;
      for (let r = 0; r < n; r++) {
        let arg = 0;
        if (k === 1) arg = a[r]! >= 0.5 ? 1 : 0;
        else for (let c = 1; c < k; c++) if (a[r * k + c]! > a[r * k + arg]!) arg = c;
        if (arg === ys[r]) hits++;
      }
    }
  }
  return { loss: loss / rows, accuracy: hits / rows };
}

/**
 * Back-propagates a batch: `gOut[last]` holds the loss gradient at the output pre-activation
 * (from outputLoss); fills `grads` (kernel, bias per layer) and uses `gOut`/`gIn` as scratch.
 */
export function backward(
  net: Mlp,
  x: Float32Array,
  rows: number,
  buf: Buffers,
  gOut: Float32Array[],
  gIn: Float32Array[],
  grads: Float32Array[],
): void {
  for (let i = net.layers.length - 1; i >= 0; i--) {
    const layer = net.layers[i]!;
    const input = i === 0 ? x : buf.a[i - 1]!;
    denseBackward(layer, input, rows, gOut[i]!, grads[2 * i]!, grads[2 * i + 1]!, i > 0 ? gIn[i]! : null);
    if (i === 0) break;
    // Back through the previous layer's dropout and activation.
    const g = gOut[i - 1]!;
    const m = rows * net.layers[i - 1]!.units;
    g.set(gIn[i]!.subarray(0, m));
    if (buf.a[i - 1] !== buf.h[i - 1]) {
      const mask = buf.mask[i - 1]!;
      for (let k = 0; k < m; k++) g[k]! *= mask[k]!;
    }
    activationBackward(g, buf.z[i - 1]!, buf.h[i - 1]!, m, net.layers[i - 1]!.activation);
  }
}
