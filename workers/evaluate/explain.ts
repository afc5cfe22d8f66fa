// Explanations of a stored model: permutation importance, partial dependence and per-row
// reasons, on held-out rows of the model's own run, in terms of the input columns.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type { EvaluateEvents, EvaluateRequests } from '../../src/protocol/evaluate';
import { toFeatureMatrix } from '../../src/core/features/matrix';
import { columnGroups } from '../../src/core/ml/explain/lineage';
import { partialDependence } from '../../src/core/ml/explain/partialDependence';
import { permutationImportance } from '../../src/core/ml/explain/permutation';
import { predict } from '../../src/core/ml/models';
import { sampleIndices } from '../../src/core/ml/evaluation/regression';
import { takeRows } from '../../src/core/table/table';
import { reasonsForRow } from '../explainOne';
import { modelOf, predictionsOf, setOf, tableOf } from './load';

type Context = HandlerContext<EvaluateEvents>;
type ExplainHandlers = Pick<
  Handlers<EvaluateRequests, EvaluateEvents>,
  'importance' | 'dependence' | 'reasons'
>;

/** The model, its table, and its validation rows (the held-out rows explanations run on). */
async function context(modelId: string, dbName?: string) {
  const { stored, fitted } = await modelOf(modelId, dbName);
  if (!stored.runId) throw new Error('This model has no run to take held-out rows from.');
  const p = await predictionsOf(stored.runId, dbName);
  const set = p.sets.find((s) => s.split === 'validation') ?? setOf(p, 'test');
  const table = await tableOf(stored.datasetVersionId, dbName);
  return { stored, fitted, set, table };
}

export const explainHandlers: ExplainHandlers = {
  async importance(args, { emit, signal }: Context) {
    const { stored, fitted, set, table } = await context(args.modelId, args.dbName);
    const pick = sampleIndices(set.rowIds.length, args.maxRows, args.seed);
    const rows = takeRows(
      table,
      Int32Array.from(pick, (i) => set.rowIds[i]!),
    );
    const m = toFeatureMatrix(stored.fittedRecipe, rows);
    const y = Float32Array.from(pick, (i) => set.y[i]!);
    return permutationImportance((x, n) => predict(fitted, x, n), m.x, y, m.rows, m.cols, m.names, {
      metric: args.metric,
      repeats: args.repeats,
      seed: args.seed,
      groups: columnGroups(stored.fittedRecipe.features),
      shouldStop: () => signal.aborted,
      onProgress: (done, total) => emit('progress', { task: 'importance', done, total }),
    });
  },

  async dependence(args, { emit }: Context) {
    const { stored, fitted, set, table } = await context(args.modelId, args.dbName);
    const pick = sampleIndices(set.rowIds.length, 200, 1);
    const sample = takeRows(
      table,
      Int32Array.from(pick, (i) => set.rowIds[i]!),
    );
    const width = stored.task === 'regression' ? 1 : stored.classes.length;
    emit('progress', { task: 'dependence', done: 0, total: 1 });
    const out = await partialDependence(
      async (t) => {
        const m = toFeatureMatrix(stored.fittedRecipe, t);
        return predict(fitted, m.x, m.rows);
      },
      sample,
      args.column,
      width,
      args.output === undefined ? {} : { output: args.output },
    );
    emit('progress', { task: 'dependence', done: 1, total: 1 });
    return out;
  },

  async reasons(args, { emit }: Context) {
    const { stored, fitted, set, table } = await context(args.modelId, args.dbName);
    if (!Number.isInteger(args.rowId) || args.rowId < 0 || args.rowId >= table.rowCount) {
      throw new Error(`There is no row ${args.rowId} in this dataset version.`);
    }
    emit('progress', { task: 'reasons', done: 0, total: 1 });
    const background = takeRows(
      table,
      Int32Array.from(sampleIndices(set.rowIds.length, 200, args.seed), (i) => set.rowIds[i]!),
    );
    const out = await reasonsForRow(
      stored,
      fitted,
      background,
      takeRows(table, [args.rowId]),
      args.rowId,
      args.seed,
    );
    emit('progress', { task: 'reasons', done: 1, total: 1 });
    return out;
  },
};
