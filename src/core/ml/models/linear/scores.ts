/**
 * The figures an epoch event carries, for a linear model fit in one go: training loss, and
 * validation loss and metric when there are validation rows. Losses are those the tfjs path
 * reports (cross-entropy; mean squared error of the standardised target), so curves compare.
 */
import type { EpochEvent, TrainingData } from '../types';

type Scores = Pick<EpochEvent, 'loss' | 'valLoss' | 'metric' | 'metricName'>;

function score(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  cols: number,
  kernel: Float32Array,
  bias: Float32Array,
  outputs: number,
  regression: boolean,
): { loss: number; hits: number } {
  const z = new Float64Array(outputs);
  let loss = 0;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < outputs; c++) z[c] = bias[c]!;
    for (let j = 0; j < cols; j++) {
      const v = x[r * cols + j]!;
      for (let c = 0; c < outputs; c++) z[c]! += v * kernel[j * outputs + c]!;
    }
    const label = y[r]!;
    if (regression) {
      loss += (z[0]! - label) ** 2;
    } else if (outputs === 1) {
      const p = 1 / (1 + Math.exp(-z[0]!));
      loss -= Math.log(Math.max(1e-15, label === 1 ? p : 1 - p));
      hits += (p >= 0.5 ? 1 : 0) === label ? 1 : 0;
    } else {
      let max = -Infinity;
      let arg = 0;
      for (let c = 0; c < outputs; c++) if (z[c]! > max) [max, arg] = [z[c]!, c];
      let sum = 0;
      for (let c = 0; c < outputs; c++) sum += Math.exp(z[c]! - max);
      loss += Math.log(sum) + max - z[label]!;
      hits += arg === label ? 1 : 0;
    }
  }
  return { loss: loss / rows, hits };
}

/**
 * Scores a fitted linear layer (`kernel` [cols × outputs], `bias`) on the training and any
 * validation rows of `data`. Regression weights are those of the standardised target.
 */
export function linearScores(
  data: TrainingData,
  kernel: Float32Array,
  bias: Float32Array,
  outputs: number,
  yMean: number,
  yStd: number,
): Scores {
  const regression = data.task === 'regression';
  const standard = (y: Float32Array) => (regression ? y.map((v) => (v - yMean) / yStd) : y);
  const train = score(data.x, standard(data.y), data.rows, data.cols, kernel, bias, outputs, regression);
  const validRows = data.validRows ?? 0;
  if (!data.xValid || !data.yValid || validRows === 0) return { loss: train.loss };
  const valid = score(
    data.xValid,
    standard(data.yValid),
    validRows,
    data.cols,
    kernel,
    bias,
    outputs,
    regression,
  );
  return {
    loss: train.loss,
    valLoss: valid.loss,
    metric: regression ? Math.sqrt(valid.loss) * yStd : valid.hits / validRows,
    metricName: regression ? 'rmse' : 'accuracy',
  };
}
