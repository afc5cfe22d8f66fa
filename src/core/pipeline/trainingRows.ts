// Which rows a training splits and fits on, planned in one place: training (checkTraining) and the
// recipe preview (the data worker's recipePreview) both call planLabelledSplit, so the preview
// fits the recipe on exactly the rows a training would.
import { encodeTarget, type EncodedTarget } from '../ml/target';
import { getColumn, takeRows, type Table } from '../table/table';
import { planSplit, type PlannedSplit, type SplitInput } from './split';
import type { TrainJob } from './types';

/**
 * The split of the labelled rows (`encoded.rows`: the rows with a target) by `job.split` and
 * `job.seed`, with the input it was planned from; plan indices are positions among the labelled
 * rows. Throws planSplit's message when the rows cannot be split that way.
 */
export function planLabelledSplit(
  table: Table,
  encoded: EncodedTarget,
  job: Pick<TrainJob, 'task' | 'split' | 'seed'>,
): { input: SplitInput; plan: PlannedSplit } {
  const split = job.split;
  // Only the time column is restricted to the labelled rows: the plan needs nothing else.
  const time =
    split.kind === 'outOfTime'
      ? takeRows({ rowCount: table.rowCount, columns: [getColumn(table, split.timeColumn)] }, encoded.rows)
          .columns[0]
      : undefined;
  const input: SplitInput = {
    task: job.task,
    y: encoded.y,
    classes: encoded.classes,
    seed: job.seed,
    ...(time ? { time } : {}),
  };
  return { input, plan: planSplit(split, input) };
}

/**
 * Row indices (into `table`) of the rows a training fits its recipe on: the training part (for
 * k-fold: every non-test row, where the final model's recipe is fit). Throws encodeTarget's or
 * planSplit's message when the target or the split does not fit the table.
 */
export function trainingRowIndices(
  table: Table,
  job: Pick<TrainJob, 'target' | 'task' | 'split' | 'seed'>,
): Int32Array {
  const encoded = encodeTarget(getColumn(table, job.target), job.task);
  const { plan } = planLabelledSplit(table, encoded, job);
  return Int32Array.from(plan.train, (i) => encoded.rows[i]!);
}
