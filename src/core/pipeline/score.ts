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
import { categoricalFromStrings, type Column, type Table } from '../table/table';

export interface ScoreResult {
  table: Table;
  /** Name of the added prediction column (renamed when the input already has one). */
  predictionColumn: string;
}

function freeName(taken: Set<string>, wanted: string): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}_${i}`;
  taken.add(name);
  return name;
}

/**
 * Predictions for every row of `table`. Throws, naming the column, when the table lacks a column
 * the recipe needs; unseen categories and missing values are handled by the recipe's rules.
 */
export async function scoreTable(
  table: Table,
  recipe: FittedRecipe,
  model: FittedModel,
  task: Task,
  classes: readonly string[],
  /** Binary: the second class is predicted when its probability is at least this (default: argmax). */
  threshold?: number,
): Promise<ScoreResult> {
  const matrix = toFeatureMatrix(recipe, table);
  const out = await predict(model, matrix.x, matrix.rows);
  const taken = new Set(table.columns.map((c) => c.name));
  const predictionColumn = freeName(taken, 'prediction');
  const added: Column[] = [];
  if (task === 'regression') {
    added.push({ name: predictionColumn, type: 'number', values: Float64Array.from(out) });
  } else {
    const k = classes.length;
    const labels: string[] = new Array<string>(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) {
      let best = 0;
      if (k === 2 && threshold !== undefined) best = out[i * 2 + 1]! >= threshold ? 1 : 0;
      else for (let j = 1; j < k; j++) if (out[i * k + j]! > out[i * k + best]!) best = j;
      labels[i] = classes[best]!;
    }
    added.push(categoricalFromStrings(predictionColumn, labels));
    classes.forEach((cls, j) => {
      const values = new Float64Array(matrix.rows);
      for (let i = 0; i < matrix.rows; i++) values[i] = out[i * k + j]!;
      added.push({ name: freeName(taken, `probability_${cls}`), type: 'number', values });
    });
  }
  return { table: { rowCount: table.rowCount, columns: [...table.columns, ...added] }, predictionColumn };
}
