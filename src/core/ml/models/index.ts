/**
 * The one interface workers call for every model family: fit, predict, save, load, dispose.
 */
import { fitBaseline, predictBaseline } from './baseline';
import { fitGbdt, predictGbdt } from './gbdt/boost';
import { fitLinear } from './linear/fit';
import { fitMlpJs, mlpTrainsInJs } from './mlp/fit';
import { fitTfjs, predictTfjs } from './tfjs/train';
import type { ModelSpec } from './spec';
import type { FitHooks, FittedModel, TrainingData } from './types';

export { abortError, isAbortError } from './abort';
export { defaultSpec, MODEL_FAMILIES, specProblems } from './spec';
export { linearSolver } from './linear/fit';
export type * from './spec';
export type * from './types';
export { deserializeModel, serializeModel } from './serialize';

/**
 * Trains `spec` on `data`. Progress goes to `hooks.onEpoch` (awaited: a slow listener slows
 * training rather than queueing events); `hooks.shouldStop()` returning true rejects with an
 * Error named 'AbortError' and frees every tensor. The same data, spec and seed give the same
 * model on the same backend.
 */
export async function fitModel(
  spec: ModelSpec,
  data: TrainingData,
  hooks: FitHooks = {},
): Promise<FittedModel> {
  switch (spec.family) {
    case 'baseline':
      return fitBaseline(spec, data);
    case 'gbdt':
      return fitGbdt(spec, data, hooks);
    case 'linear':
      return fitLinear(spec, data, hooks);
    case 'mlp': {
      if (mlpTrainsInJs(spec, data.rows, data.cols, data.nClasses)) return fitMlpJs(spec, data, hooks);
      const fitted = await fitTfjs(spec, data, hooks);
      fitted.info.solver = {
        name: 'tfjs-minibatch',
        reason: 'Adam on minibatches in tfjs: the table is large enough for a backend to pay off',
      };
      return fitted;
    }
  }
}

/**
 * Predictions for `rows` rows of row-major `x`: classification gives n × nClasses probabilities
 * (rows sum to 1), regression n values.
 */
export async function predict(model: FittedModel, x: Float32Array, rows: number): Promise<Float32Array> {
  if (x.length !== rows * model.cols) {
    throw new Error(
      `The model expects ${model.cols} features per row; got ${x.length} values for ${rows} rows.`,
    );
  }
  switch (model.family) {
    case 'baseline':
      return predictBaseline(model, rows);
    case 'gbdt':
      return predictGbdt(model, x, rows);
    case 'linear':
    case 'mlp':
      return predictTfjs(model, x, rows);
  }
}

/** tfjs throws when a model is disposed twice; cleanup paths may well try. */
const disposed = new WeakSet<object>();

/** Frees a model's tensors (tfjs); a no-op for the other families. Safe to call twice. */
export function disposeModel(model: FittedModel): void {
  if (model.family !== 'linear' && model.family !== 'mlp') return;
  if (disposed.has(model.model)) return;
  disposed.add(model.model);
  model.model.dispose();
}
