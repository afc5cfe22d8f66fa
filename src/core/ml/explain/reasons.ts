/**
 * Per-prediction reasons for any fitted model, in terms of the input columns: exact TreeSHAP for
 * boosted trees, exact linear SHAP for linear models, a sampling estimate (with its standard
 * error) for the MLP. For every method the column contributions plus the expected value equal
 * the model's output for the row, in the space named by `space`.
 */
import type { FeatureInfo } from '../../features/types';
import { predict } from '../models';
import type { FittedModel } from '../models/types';
import { columnGroups, sumToColumns } from './lineage';
import { columnMeans, linearForm, linearShap } from './linearShap';
import { samplingShap } from './samplingShap';
import { TreeExplainer } from './treeShap';

export type ReasonMethod = 'treeShap' | 'linear' | 'sampling' | 'baseline';

export interface ColumnReason {
  column: string;
  /** One per output. */
  contributions: number[];
  /** Sampling only: the standard error of each contribution. */
  stdErr?: number[];
}

export interface RowReasons {
  method: ReasonMethod;
  /** The unit of the numbers: the score before the sigmoid/softmax, a probability, or the target's value. */
  space: 'log-odds' | 'probability' | 'value';
  /** What each output is: a class, or the target. */
  outputs: string[];
  expected: number[];
  output: number[];
  columns: ColumnReason[];
}

export interface ExplainContext {
  model: FittedModel;
  features: readonly FeatureInfo[];
  classes: readonly string[];
  target: string;
  /** Feature rows the expected value is taken over (held-out rows, sampled). */
  background: { x: Float32Array; rows: number };
  seed?: number;
  /** Orders sampled for the MLP (default 128). */
  orders?: number;
}

/** Splits per-output, per-feature slots (outputs × (cols + 1), expected last) into reasons. */
function fromSlots(
  slots: Float64Array,
  outputs: number,
  cols: number,
  features: readonly FeatureInfo[],
): { expected: number[]; output: number[]; columns: ColumnReason[] } {
  const stride = cols + 1;
  const perOutput = Array.from({ length: outputs }, (_, k) =>
    sumToColumns(slots.subarray(k * stride, k * stride + cols), features),
  );
  const expected = Array.from({ length: outputs }, (_, k) => slots[k * stride + cols]!);
  const output = Array.from({ length: outputs }, (_, k) => {
    let s = 0;
    for (let j = 0; j <= cols; j++) s += slots[k * stride + j]!;
    return s;
  });
  const columns = (perOutput[0] ?? []).map((c, i) => ({
    column: c.column,
    contributions: perOutput.map((o) => o[i]!.value),
  }));
  return { expected, output, columns };
}

/** Reasons for one feature row `row` (cols values, through the model's fitted recipe). */
export async function explainRow(ctx: ExplainContext, row: Float32Array): Promise<RowReasons> {
  const { model, features, classes } = ctx;
  const cols = model.cols;
  const regression = model.task === 'regression';
  const binary = !regression && model.nClasses === 2;
  // Binary models have one score (of the second class); multiclass one per class.
  const labels = regression ? [ctx.target] : binary ? [classes[1] ?? '1'] : [...classes];
  if (model.family === 'gbdt') {
    const slots = new TreeExplainer(model.forest, ctx.background).explain(row, 0, 1);
    return {
      method: 'treeShap',
      space: regression ? 'value' : 'log-odds',
      outputs: labels,
      ...fromSlots(slots, model.forest.nOutputs, cols, features),
    };
  }
  if (model.family === 'linear') {
    const form = await linearForm(model);
    const means = columnMeans(ctx.background.x, ctx.background.rows, cols);
    const slots = linearShap(form, means, row, 1);
    return {
      method: 'linear',
      space: regression ? 'value' : 'log-odds',
      outputs: labels,
      ...fromSlots(slots, form.outputs, cols, features),
    };
  }
  if (model.family === 'baseline') {
    const out = await predict(model, new Float32Array(0), 1);
    const values = binary ? [out[1]!] : Array.from(out);
    return {
      method: 'baseline',
      space: regression ? 'value' : 'probability',
      outputs: labels,
      expected: values,
      output: values,
      columns: [],
    };
  }
  // A feature from several columns switches with its first one, so the groups partition the features.
  const seen = new Set<number>();
  const groups = columnGroups(features).map((g) => ({
    name: g.name,
    features: g.features.filter((f) => !seen.has(f) && (seen.add(f), true)),
  }));
  const kept = groups.filter((g) => g.features.length > 0);
  const width = regression ? 1 : model.nClasses;
  const s = await samplingShap(
    (x, rows) => predict(model, x, rows),
    row,
    ctx.background.x,
    ctx.background.rows,
    kept.map((g) => g.features),
    width,
    { orders: ctx.orders ?? 128, seed: ctx.seed ?? 0 },
  );
  const G = kept.length;
  const ks = binary ? [1] : Array.from({ length: width }, (_, k) => k);
  return {
    method: 'sampling',
    space: regression ? 'value' : 'probability',
    outputs: labels,
    expected: ks.map((k) => s.expected[k]!),
    output: ks.map((k) => s.output[k]!),
    columns: kept.map((g, i) => ({
      column: g.name,
      contributions: ks.map((k) => s.phi[k * G + i]!),
      stdErr: ks.map((k) => s.stdErr[k * G + i]!),
    })),
  };
}
