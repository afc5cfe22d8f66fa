/**
 * Scoring new rows with a registered model: the stored fitted recipe replayed on the new table,
 * then the model. The output keeps the input columns and adds the prediction (and, for
 * classification, one probability column per class).
 */
import type { FittedRecipe } from '../features/types';
import { toFeatureMatrix } from '../features/matrix';
import { predict } from '../ml/models';
import type { FittedModel } from '../ml/models/types';
import type { Task } from '../ml/types';
import type { Table } from '../table/table';
import { scoredTable, type ScoreResult } from './scoreOutput';

export type { ScoreResult } from './scoreOutput';

/**
 * Predictions for every row of `table`. Throws, naming the column, when the table lacks a column
 * the recipe needs; unseen categories and missing values are handled by the recipe's rules. A
 * binary model's `threshold` (when chosen) decides the predicted class.
 */
export async function scoreTable(
  table: Table,
  recipe: FittedRecipe,
  model: FittedModel,
  task: Task,
  classes: readonly string[],
  threshold?: number,
): Promise<ScoreResult> {
  const matrix = toFeatureMatrix(recipe, table);
  const out = await predict(model, matrix.x, matrix.rows);
  return scoredTable(table, out, task, classes, threshold);
}
