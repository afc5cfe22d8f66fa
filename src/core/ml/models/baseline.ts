/**
 * The baseline every run is compared with: class proportions (so the majority class wins) or the
 * training mean. It ignores the features.
 */
import { checkTrainingData } from './data';
import type { BaselineSpec } from './spec';
import type { FittedBaseline, TrainingData } from './types';

export function fitBaseline(spec: BaselineSpec, data: TrainingData): FittedBaseline {
  checkTrainingData(data, true, 0);
  let constant: Float64Array;
  if (data.task === 'classification') {
    constant = new Float64Array(data.nClasses);
    for (const v of data.y) constant[v]!++;
    for (let c = 0; c < data.nClasses; c++) constant[c]! /= data.rows;
  } else {
    let sum = 0;
    for (const v of data.y) sum += v;
    constant = Float64Array.of(sum / data.rows);
  }
  return {
    family: 'baseline',
    spec,
    task: data.task,
    nClasses: data.nClasses,
    cols: data.cols,
    constant,
    info: { epochsRun: 1, bestEpoch: null, stoppedEarly: false, validation: 'none' },
  };
}

/** The constant, repeated for each row. */
export function predictBaseline(m: FittedBaseline, rows: number): Float32Array {
  const k = m.constant.length;
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) out.set(m.constant, r * k);
  return out;
}
