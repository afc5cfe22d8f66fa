/**
 * Predictions for scoring a file in the workbench. Dense networks (linear and MLP) are run by the
 * plain-JavaScript path of the exported scorer (plainModel, float64 sums on the float32
 * weights) when it agrees with tfjs on a sample of the file's rows: on a few columns tfjs pays a
 * dispatch per chunk and per layer that the plain loop does not, so it is several times faster,
 * and the agreement check keeps the workbench's predictions those the model was evaluated with.
 * Every other family predicts as in training (boosted trees already walk the same forest code).
 */
import { toFeatureMatrix } from '../features/matrix';
import type { FittedRecipe } from '../features/types';
import { predict } from '../ml/models';
import type { FittedModel } from '../ml/models/types';
import type { SerializedModel, Task } from '../ml/types';
import type { Table } from '../table/table';
import { scoredTable, type ScoreResult } from '../pipeline/scoreOutput';
import { plainModel, type PlainModel } from './plainModel';

/** Rows, spread over the file, on which the two paths must agree before the plain one is used. */
export const CHECK_ROWS = 1024;
/** Largest difference allowed: absolute for probabilities, relative (to max(1, |y|)) for values. */
export const AGREEMENT = 1e-6;

export interface ScoringPrediction {
  out: Float32Array;
  /** 'plain': the plain-JavaScript path (checked against tfjs); 'model': the model's own predict. */
  path: 'plain' | 'model';
  /** Largest difference found on the checked rows (0 when nothing was compared). */
  checkedDifference: number;
}

/** Every `rows / n`-th row of `x` (n rows at most), as a new matrix. */
function spreadRows(x: Float32Array, rows: number, cols: number, n: number): Float32Array {
  const out = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) {
    const r = Math.floor((i * rows) / n);
    out.set(x.subarray(r * cols, (r + 1) * cols), i * cols);
  }
  return out;
}

function largestDifference(a: Float32Array, b: Float32Array, task: Task): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = task === 'regression' ? Math.max(1, Math.abs(a[i]!)) : 1;
    const d = Math.abs(a[i]! - b[i]!) / scale;
    // NaN (a disagreement of any kind) counts as the worst.
    worst = d <= worst ? worst : Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

/**
 * Predictions of `model` (whose stored form is `serialized`) for `rows` rows of row-major `x`,
 * laid out as `predict` lays them out. A dense network with more rows than CHECK_ROWS is first
 * run both ways on CHECK_ROWS rows spread over `x`; the plain path then scores every row only if
 * the two agree to `tolerance` there.
 */
export async function predictForScoring(
  model: FittedModel,
  serialized: SerializedModel,
  x: Float32Array,
  rows: number,
  tolerance = AGREEMENT,
): Promise<ScoringPrediction> {
  if ((model.family !== 'linear' && model.family !== 'mlp') || rows <= CHECK_ROWS) {
    return { out: await predict(model, x, rows), path: 'model', checkedDifference: 0 };
  }
  let plain: PlainModel;
  try {
    plain = plainModel(serialized);
  } catch {
    // A network the plain reader does not know (a layer or activation tfjs has and it lacks).
    return { out: await predict(model, x, rows), path: 'model', checkedDifference: 0 };
  }
  const sample = spreadRows(x, rows, model.cols, CHECK_ROWS);
  const difference = largestDifference(
    await predict(model, sample, CHECK_ROWS),
    plain.predict(sample, CHECK_ROWS),
    model.task,
  );
  return difference <= tolerance
    ? { out: plain.predict(x, rows), path: 'plain', checkedDifference: difference }
    : { out: await predict(model, x, rows), path: 'model', checkedDifference: difference };
}

/**
 * Scoring new rows with a registered model: the stored fitted recipe replayed on the new table,
 * then the model (predictForScoring's choice of path). The output keeps the input columns and adds
 * the prediction (and, for classification, one probability column per class). Throws, naming the
 * column, when the table lacks a column the recipe needs; unseen categories and missing values are
 * handled by the recipe's rules. A binary model's `threshold` (when chosen) decides the class.
 */
export async function scoreTableFast(
  table: Table,
  recipe: FittedRecipe,
  model: FittedModel,
  serialized: SerializedModel,
  task: Task,
  classes: readonly string[],
  threshold?: number,
): Promise<ScoreResult & { path: ScoringPrediction['path'] }> {
  const matrix = toFeatureMatrix(recipe, table);
  const { out, path } = await predictForScoring(model, serialized, matrix.x, matrix.rows);
  return { ...scoredTable(table, out, task, classes, threshold), path };
}
