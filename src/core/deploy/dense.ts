/**
 * A tfjs Sequential network of Dense (and Dropout) layers, read from its saved topology and
 * weights into plain arrays and run without tfjs: what the standalone scorer and the ONNX export
 * use. Only what the workbench builds (core/ml/models/tfjs/network.ts) is read; anything else is
 * refused with its name.
 */

export type DenseActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'swish' | 'softmax';

const ACTIVATIONS: readonly DenseActivation[] = [
  'linear',
  'relu',
  'tanh',
  'sigmoid',
  'elu',
  'selu',
  'swish',
  'softmax',
];

export interface DenseLayer {
  inputs: number;
  units: number;
  /** Row-major inputs × units, as tfjs stores it. */
  kernel: Float32Array;
  bias: Float32Array;
  activation: DenseActivation;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * The Dense layers of a saved tfjs Sequential model, input side first (Dropout is an identity
 * at prediction time and is skipped). Throws naming what is not understood.
 */
export function readDenseLayers(topology: unknown, weightSpecs: unknown, weights: ArrayBuffer): DenseLayer[] {
  const config = isRecord(topology) && isRecord(topology.config) ? topology.config : undefined;
  if (!isRecord(topology) || topology.class_name !== 'Sequential' || !Array.isArray(config?.layers)) {
    throw new Error('The network is not a tfjs Sequential model.');
  }
  if (!Array.isArray(weightSpecs)) throw new Error('The network has no weight list.');
  const offsets = new Map<string, { spec: WeightSpec; offset: number }>();
  let at = 0;
  for (const s of weightSpecs as WeightSpec[]) {
    if (s.dtype !== 'float32') throw new Error(`Weight "${s.name}" is ${s.dtype}; only float32 is read.`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    offsets.set(s.name, { spec: s, offset: at });
    at += n * 4;
  }
  if (at > weights.byteLength) throw new Error('The network weights are cut short.');
  const read = (name: string, shape: number[]): Float32Array => {
    const found = offsets.get(name);
    if (!found) throw new Error(`The network weights lack "${name}".`);
    if (found.spec.shape.join('x') !== shape.join('x')) {
      throw new Error(
        `Weight "${name}" has shape ${found.spec.shape.join('×')}, expected ${shape.join('×')}.`,
      );
    }
    return new Float32Array(weights.slice(found.offset, found.offset + shape.reduce((a, b) => a * b, 1) * 4));
  };
  const layers: DenseLayer[] = [];
  let inputs: number | undefined;
  for (const layer of config.layers as unknown[]) {
    if (!isRecord(layer) || !isRecord(layer.config)) throw new Error('A network layer is not described.');
    const c = layer.config;
    if (layer.class_name === 'Dropout') continue;
    if (layer.class_name !== 'Dense')
      throw new Error(`Layer type "${String(layer.class_name)}" is not supported.`);
    if (inputs === undefined) {
      const shape = c.batch_input_shape;
      if (!Array.isArray(shape) || typeof shape[1] !== 'number')
        throw new Error('The input size is missing.');
      inputs = shape[1];
    }
    const units = c.units;
    const activation = c.activation;
    if (typeof units !== 'number' || !ACTIVATIONS.includes(activation as DenseActivation)) {
      throw new Error(
        `Layer "${String(c.name)}" has activation "${String(activation)}", which is not supported.`,
      );
    }
    const name = String(c.name);
    const kernel = read(`${name}/kernel`, [inputs, units]);
    const bias = c.use_bias === false ? new Float32Array(units) : read(`${name}/bias`, [units]);
    layers.push({ inputs, units, kernel, bias, activation: activation as DenseActivation });
    inputs = units;
  }
  if (layers.length === 0) throw new Error('The network has no dense layer.');
  return layers;
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

function activate(a: DenseActivation, v: Float64Array): void {
  switch (a) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < v.length; i++) v[i] = v[i]! > 0 ? v[i]! : 0;
      return;
    case 'tanh':
      for (let i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]!));
      return;
    case 'elu':
      for (let i = 0; i < v.length; i++) v[i] = v[i]! > 0 ? v[i]! : Math.expm1(v[i]!);
      return;
    case 'selu':
      for (let i = 0; i < v.length; i++)
        v[i] = SELU_SCALE * (v[i]! > 0 ? v[i]! : SELU_ALPHA * Math.expm1(v[i]!));
      return;
    case 'swish':
      for (let i = 0; i < v.length; i++) v[i] = v[i]! / (1 + Math.exp(-v[i]!));
      return;
    case 'softmax': {
      let max = -Infinity;
      for (const x of v) max = Math.max(max, x);
      let sum = 0;
      for (let i = 0; i < v.length; i++) sum += v[i] = Math.exp(v[i]! - max);
      for (let i = 0; i < v.length; i++) v[i]! /= sum;
      return;
    }
  }
}

/**
 * The network's raw outputs for `rows` rows of row-major `x` (rows × last layer's units), in
 * float64 arithmetic on the float32 weights.
 */
export function denseForward(layers: readonly DenseLayer[], x: Float32Array, rows: number): Float64Array {
  const first = layers[0]!;
  const last = layers[layers.length - 1]!;
  const out = new Float64Array(rows * last.units);
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.units)));
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < first.inputs; j++) a[j] = x[r * first.inputs + j]!;
    for (const l of layers) {
      const y = b.subarray(0, l.units);
      y.set(l.bias);
      for (let i = 0; i < l.inputs; i++) {
        const xi = a[i]!;
        if (xi === 0) continue;
        const row = i * l.units;
        for (let j = 0; j < l.units; j++) y[j]! += xi * l.kernel[row + j]!;
      }
      activate(l.activation, y);
      [a, b] = [b, a];
    }
    out.set(a.subarray(0, last.units), r * last.units);
  }
  return out;
}
