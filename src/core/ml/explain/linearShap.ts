/**
 * Exact SHAP values of a linear model (Lundberg & Lee 2017, with independent features): feature
 * j contributes w_j · (x_j − mean_j) to each output's score before its link (sigmoid/softmax),
 * and the expected value is w · mean + b. Weights are read from the fitted tfjs dense layer as
 * it is, whatever solver fit it.
 */
import type { FittedTfjs } from '../models/types';

/** A linear model's scores: out_k = scale · (Σ_j x_j · weights[j·outputs + k] + bias_k) + shift. */
export interface LinearForm {
  cols: number;
  outputs: number;
  /** cols × outputs, row-major (the dense kernel's layout). */
  weights: Float64Array;
  bias: Float64Array;
  /** Regression models train on a standardised target: their output is mapped back. */
  scale: number;
  shift: number;
}

/** The weights of a linear-family model (one dense layer). */
export async function linearForm(model: FittedTfjs): Promise<LinearForm> {
  if (model.family !== 'linear') throw new Error('Exact linear explanations need a linear model.');
  const dense = model.model.layers.filter((l) => l.getWeights().length === 2);
  const layer = dense[dense.length - 1];
  if (!layer || dense.length !== 1)
    throw new Error('This linear model does not have exactly one dense layer.');
  const [kernel, bias] = layer.getWeights();
  const weights = Float64Array.from((await kernel!.data()) as Float32Array);
  const b = Float64Array.from((await bias!.data()) as Float32Array);
  const regression = model.task === 'regression';
  return {
    cols: model.cols,
    outputs: b.length,
    weights,
    bias: b,
    scale: regression ? model.yStd : 1,
    shift: regression ? model.yMean : 0,
  };
}

/**
 * Contributions of rows `x` (rows × cols): rows × outputs × (cols + 1), the last slot of each
 * output holding the expected value (at `means`), so each output's slots sum to its score.
 */
export function linearShap(
  form: LinearForm,
  means: ArrayLike<number>,
  x: ArrayLike<number>,
  rows: number,
): Float64Array {
  const { cols, outputs, weights, bias, scale, shift } = form;
  const stride = cols + 1;
  const out = new Float64Array(rows * outputs * stride);
  const expected = new Float64Array(outputs);
  for (let k = 0; k < outputs; k++) {
    let e = bias[k]!;
    for (let j = 0; j < cols; j++) e += weights[j * outputs + k]! * means[j]!;
    expected[k] = scale * e + shift;
  }
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < outputs; k++) {
      const at = (r * outputs + k) * stride;
      for (let j = 0; j < cols; j++)
        out[at + j] = scale * weights[j * outputs + k]! * (x[r * cols + j]! - means[j]!);
      out[at + cols] = expected[k]!;
    }
  }
  return out;
}

/** Column means of row-major `x`, NaN-free rows assumed (linear models take imputed features). */
export function columnMeans(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const m = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) m[j]! += x[r * cols + j]!;
  for (let j = 0; j < cols; j++) m[j]! /= Math.max(1, rows);
  return m;
}
