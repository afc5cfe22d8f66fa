/**
 * Dense layers in plain TypeScript on Float32Arrays: forward and backward passes for a batch,
 * with the activations tfjs offers. Weights are laid out as tfjs's (kernel [in × out] row-major,
 * bias [out]) so a trained network is copied into a tfjs model as is. The loops run row by row
 * with the innermost loop over contiguous memory; at a few hundred rows they beat tfjs, whose
 * fixed cost per operation dominates small batches.
 */
import type { ActivationName } from '../spec';

export interface DenseLayer {
  inputs: number;
  units: number;
  /** [inputs × units], row-major. */
  kernel: Float32Array;
  bias: Float32Array;
  activation: ActivationName | 'linear';
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Applies `activation` to `z` in place. */
export function activate(z: Float32Array, n: number, activation: ActivationName | 'linear'): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (z[i]! < 0) z[i] = 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) z[i] = Math.tanh(z[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) z[i] = 1 / (1 + Math.exp(-z[i]!));
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (z[i]! < 0) z[i] = Math.expm1(z[i]!);
      return;
    case 'selu':
      for (let i = 0; i < n; i++) {
        const v = z[i]!;
        z[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
      }
      return;
    case 'swish':
      for (let i = 0; i < n; i++) z[i] = z[i]! / (1 + Math.exp(-z[i]!));
      return;
  }
}

/**
 * Multiplies the gradient `g` (with respect to the activation's output) in place by the
 * activation's derivative, given its input `z` and output `a`.
 */
export function activationBackward(
  g: Float32Array,
  z: Float32Array,
  a: Float32Array,
  n: number,
  activation: ActivationName | 'linear',
): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (z[i]! <= 0) g[i] = 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) g[i]! *= 1 - a[i]! * a[i]!;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) g[i]! *= a[i]! * (1 - a[i]!);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (z[i]! < 0) g[i]! *= a[i]! + 1;
      return;
    case 'selu':
      for (let i = 0; i < n; i++) g[i]! *= z[i]! > 0 ? SELU_SCALE : a[i]! + SELU_SCALE * SELU_ALPHA;
      return;
    case 'swish':
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-z[i]!));
        g[i]! *= s + z[i]! * s * (1 - s);
      }
      return;
  }
}

/** out[b × units] = x[b × inputs] · kernel + bias (pre-activation). */
export function denseForward(layer: DenseLayer, x: Float32Array, rows: number, out: Float32Array): void {
  const { inputs, units, kernel, bias } = layer;
  for (let r = 0; r < rows; r++) {
    const o = r * units;
    for (let j = 0; j < units; j++) out[o + j] = bias[j]!;
    const xi = r * inputs;
    for (let k = 0; k < inputs; k++) {
      const v = x[xi + k]!;
      if (v === 0) continue;
      const w = k * units;
      for (let j = 0; j < units; j++) out[o + j]! += v * kernel[w + j]!;
    }
  }
}

/**
 * Accumulates the kernel and bias gradients of a batch (`gOut`: gradient of the loss with
 * respect to the layer's pre-activation) and, when `gIn` is given, writes the gradient with
 * respect to the layer's input.
 */
export function denseBackward(
  layer: DenseLayer,
  x: Float32Array,
  rows: number,
  gOut: Float32Array,
  gKernel: Float32Array,
  gBias: Float32Array,
  gIn: Float32Array | null,
): void {
  const { inputs, units, kernel } = layer;
  gKernel.fill(0);
  gBias.fill(0);
  for (let r = 0; r < rows; r++) {
    const o = r * units;
    for (let j = 0; j < units; j++) gBias[j]! += gOut[o + j]!;
    const xi = r * inputs;
    for (let k = 0; k < inputs; k++) {
      const v = x[xi + k]!;
      const w = k * units;
      if (gIn) {
        // One pass for both: the kernel gradient and the input gradient read the same row.
        let s = 0;
        for (let j = 0; j < units; j++) {
          const g = gOut[o + j]!;
          gKernel[w + j]! += v * g;
          s += g * kernel[w + j]!;
        }
        gIn[xi + k] = s;
      } else if (v !== 0) for (let j = 0; j < units; j++) gKernel[w + j]! += v * gOut[o + j]!;
    }
  }
}
