/** Held-out predictions as a run keeps them (see HeldOutSet). */
import type { Labelled, Scored } from './fit';
import type { HeldOutSet, HeldOutSplit } from './types';

/**
 * The set of `split` from scores on `rows` (indices into the labelled rows), with row ids mapped
 * back to the dataset version so a view can show the rows themselves. `fold` marks every row
 * with the cross-validation fold that predicted it.
 */
export function heldOutSet(
  split: HeldOutSplit,
  data: Labelled,
  rows: Int32Array,
  scores: Scored,
  fold?: number,
): HeldOutSet {
  const ids = data.rowIds;
  return {
    split,
    rowIds: ids ? Int32Array.from(rows, (r) => ids[r]!) : Int32Array.from(rows),
    y: scores.y,
    predicted: scores.predicted,
    baseline: scores.baselinePredicted,
    ...(fold === undefined ? {} : { fold: new Uint8Array(rows.length).fill(fold) }),
  };
}
