// One row's reasons, as the evaluation worker (a held-out row) and the score worker (a row of a
// scored file) both give them: SHAP-style contributions against a background sample of rows,
// the row's input values as text, and what the model predicted.
import type { ReasonsResult } from '../src/protocol/evaluate';
import { toFeatureMatrix } from '../src/core/features/matrix';
import { explainRow } from '../src/core/ml/explain/reasons';
import { predict } from '../src/core/ml/models';
import type { FittedModel } from '../src/core/ml/models/types';
import { cellText, type Table } from '../src/core/table/table';
import type { ModelVersion } from '../src/store';

export async function reasonsForRow(
  stored: ModelVersion,
  fitted: FittedModel,
  /** Rows the contributions are measured against (a sample of the model's own data). */
  backgroundRows: Table,
  /** The one row to explain. */
  one: Table,
  rowId: number,
  seed: number,
): Promise<ReasonsResult> {
  const background = toFeatureMatrix(stored.fittedRecipe, backgroundRows);
  const row = toFeatureMatrix(stored.fittedRecipe, one);
  const reasons = await explainRow(
    {
      model: fitted,
      features: stored.fittedRecipe.features,
      classes: stored.classes,
      target: stored.target,
      background: { x: background.x, rows: background.rows },
      seed,
    },
    row.x,
  );
  const values: Record<string, string> = {};
  for (const c of reasons.columns) {
    const col = one.columns.find((x) => x.name === c.column);
    values[c.column] = col ? cellText(col, 0) : '';
  }
  return { ...reasons, rowId, values, prediction: Array.from(await predict(fitted, row.x, 1)) };
}
