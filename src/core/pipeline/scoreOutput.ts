/**
 * The scored table from a model's raw outputs: the input columns plus the prediction and, for
 * classification, one probability column per class. Shared by the workbench (score.ts) and the
 * standalone scorer, so both write the same columns the same way. No tfjs here.
 */
import { categoricalFromStrings, type Column, type Table } from '../table/table';
import type { Task } from '../ml/types';

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
 * Appends the predictions. `out` is what predict returns (n × classes probabilities, or n
 * values). A binary model with a chosen `threshold` says classes[1] when its probability is at
 * least the threshold; otherwise the most probable class wins (the first on a tie).
 */
export function scoredTable(
  table: Table,
  out: Float32Array,
  task: Task,
  classes: readonly string[],
  threshold?: number,
): ScoreResult {
  const rows = table.rowCount;
  const taken = new Set(table.columns.map((c) => c.name));
  const predictionColumn = freeName(taken, 'prediction');
  const added: Column[] = [];
  if (task === 'regression') {
    added.push({ name: predictionColumn, type: 'number', values: Float64Array.from(out) });
  } else {
    const k = classes.length;
    const labels: string[] = new Array<string>(rows);
    const useThreshold = k === 2 && typeof threshold === 'number' && Number.isFinite(threshold);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      if (useThreshold) best = out[i * 2 + 1]! >= threshold ? 1 : 0;
      else for (let j = 1; j < k; j++) if (out[i * k + j]! > out[i * k + best]!) best = j;
      labels[i] = classes[best]!;
    }
    added.push(categoricalFromStrings(predictionColumn, labels));
    classes.forEach((cls, j) => {
      const values = new Float64Array(rows);
      for (let i = 0; i < rows; i++) values[i] = out[i * k + j]!;
      added.push({ name: freeName(taken, `probability_${cls}`), type: 'number', values });
    });
  }
  return { table: { rowCount: rows, columns: [...table.columns, ...added] }, predictionColumn };
}
