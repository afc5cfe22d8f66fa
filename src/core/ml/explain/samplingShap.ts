/**
 * Shapley values by sampling (Štrumbelj & Kononenko 2014) for models without an exact method
 * (the MLP): walk random orders of the input columns from a background row to the explained
 * row, switching one column at a time, and average each column's marginal change. Orders come
 * in antithetic pairs (an order and its reverse), which lowers the variance. Contributions add up
 * exactly: along every order the changes telescope to f(x) − f(background row), so their sum plus
 * the expected value (the mean of f over the background rows drawn) is f(x). The standard error
 * of each contribution is reported beside it.
 */
import { createRng, randomInt, shuffleInPlace } from '../rng';
import type { PredictFn } from './permutation';

export interface SampledShap {
  /** outputs × groups. */
  phi: Float64Array;
  /** Standard error of each value in `phi`. */
  stdErr: Float64Array;
  /** Per output: the mean prediction over the background rows drawn. */
  expected: Float64Array;
  /** Per output: the model's prediction for the row. */
  output: Float64Array;
}

/**
 * Explains one row (`row`, cols features) of a model whose `predictFn` gives `width` outputs per
 * row. `groups` partition the features (one group per input column): a group switches as one.
 */
export async function samplingShap(
  predictFn: PredictFn,
  row: Float32Array,
  background: Float32Array,
  backgroundRows: number,
  groups: readonly (readonly number[])[],
  width: number,
  options: { orders?: number; seed?: number } = {},
): Promise<SampledShap> {
  const cols = row.length;
  const G = groups.length;
  const pairs = Math.max(1, Math.ceil((options.orders ?? 64) / 2));
  const M = pairs * 2;
  const rng = createRng(options.seed ?? 0);
  // Every order walks G + 1 rows: all-background, then one more group from `row` at a time.
  const x = new Float32Array(M * (G + 1) * cols);
  const orders: Int32Array[] = [];
  for (let p = 0; p < pairs; p++) {
    const order = Int32Array.from({ length: G }, (_, g) => g);
    shuffleInPlace(order, rng);
    const z = randomInt(rng, backgroundRows);
    for (const o of [order, order.slice().reverse()]) {
      const m = orders.length;
      orders.push(o);
      const base = m * (G + 1) * cols;
      const current = background.slice(z * cols, (z + 1) * cols);
      x.set(current, base);
      o.forEach((g, step) => {
        for (const f of groups[g]!) current[f] = row[f]!;
        x.set(current, base + (step + 1) * cols);
      });
    }
  }
  const pred = await predictFn(x, M * (G + 1));
  const sum = new Float64Array(width * G);
  const sumSq = new Float64Array(width * G);
  const expected = new Float64Array(width);
  const output = new Float64Array(width);
  for (let m = 0; m < M; m++) {
    const at = m * (G + 1);
    for (let k = 0; k < width; k++) expected[k]! += pred[at * width + k]! / M;
    orders[m]!.forEach((g, step) => {
      for (let k = 0; k < width; k++) {
        const d = pred[(at + step + 1) * width + k]! - pred[(at + step) * width + k]!;
        sum[k * G + g]! += d;
        sumSq[k * G + g]! += d * d;
      }
    });
    if (m === 0) for (let k = 0; k < width; k++) output[k] = pred[(at + G) * width + k]!;
  }
  const phi = new Float64Array(width * G);
  const stdErr = new Float64Array(width * G);
  for (let i = 0; i < width * G; i++) {
    phi[i] = sum[i]! / M;
    // Antithetic pairs are not independent: treat the pair means as the samples.
    const variance = Math.max(0, sumSq[i]! / M - phi[i]! ** 2);
    stdErr[i] = Math.sqrt(variance / pairs);
  }
  // Along each order the changes sum to f(x) − f(z); averaged, phi sums to f(x) − expected.
  return { phi, stdErr, expected, output };
}
