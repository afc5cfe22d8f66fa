// Views computed from stored predictions: curves, KPI matrix, segments, a confusion cell's rows,
// and the paired comparison of two models.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type { EvaluateEvents, EvaluateRequests } from '../../src/protocol/evaluate';
import { kpiMatrix, type MatrixCandidate } from '../../src/core/lifecycle/kpiMatrix';
import { mcNemarFromPredictions, pairedBootstrap } from '../../src/core/ml/evaluation/paired';
import { predictedClassOf, rowMetric, type ScoredRows } from '../../src/core/ml/evaluation/rowMetric';
import { segmentMetrics } from '../../src/core/ml/evaluation/segments';
import { setViews } from '../../src/core/ml/evaluation/views';
import { cellText } from '../../src/core/table/table';
import type { KpiSplit } from '../../src/core/lifecycle/kpi';
import { predictionsOf, runOf, scoredOf, setOf, tableOf } from './load';

type Context = HandlerContext<EvaluateEvents>;
type ViewHandlers = Pick<
  Handlers<EvaluateRequests, EvaluateEvents>,
  'views' | 'matrix' | 'segments' | 'cellRows' | 'paired'
>;

/** Columns a row listing shows at most (wide tables are cut, the row id finds the rest). */
const MAX_COLUMNS = 12;

export const viewHandlers: ViewHandlers = {
  async views({ runId, dbName }) {
    const p = await predictionsOf(runId, dbName);
    return {
      task: p.task,
      classes: p.classes,
      sets: p.sets.map((s) => ({ split: s.split, views: setViews(scoredOf(p, s)) })),
    };
  },

  async matrix({ candidates, kpis, seed, dbName }, { signal }: Context) {
    const built: MatrixCandidate[] = [];
    let baseline: MatrixCandidate | undefined;
    for (const c of candidates) {
      signal.throwIfAborted();
      const run = await runOf(c.runId, dbName);
      const p = await predictionsOf(c.runId, dbName).catch(() => undefined);
      const scored: Partial<Record<KpiSplit, ScoredRows>> = {};
      const baseScored: Partial<Record<KpiSplit, ScoredRows>> = {};
      for (const s of p?.sets ?? []) {
        scored[s.split] = scoredOf(p!, s);
        baseScored[s.split] = scoredOf(p!, s, true);
      }
      built.push({
        id: c.id,
        label: c.label,
        metrics: run.metrics,
        ...(run.crossValidation ? { foldStd: run.crossValidation.std } : {}),
        scored,
      });
      if (!baseline && run.baselineMetrics) {
        baseline = {
          id: 'baseline',
          label: 'Baseline (majority class / mean)',
          metrics: run.baselineMetrics,
          ...(run.crossValidation ? { foldStd: {} } : {}),
          scored: baseScored,
        };
      }
    }
    return kpiMatrix(built, kpis, baseline, { seed });
  },

  async segments({ runId, split, column, metric, kpi, dbName }) {
    const run = await runOf(runId, dbName);
    const p = await predictionsOf(runId, dbName);
    const set = setOf(p, split);
    const table = await tableOf(run.datasetVersionId, dbName);
    const col = table.columns.find((c) => c.name === column);
    if (!col) throw new Error(`The column "${column}" is not in the model's dataset version.`);
    const out = segmentMetrics(col, set.rowIds, scoredOf(p, set), metric, kpi ? { kpi } : {});
    return { column, metric, ...out };
  },

  async cellRows(args) {
    const run = await runOf(args.runId, args.dbName);
    const p = await predictionsOf(args.runId, args.dbName);
    const set = setOf(p, args.split);
    const scored = scoredOf(p, set);
    const w = p.width;
    const n = set.rowIds.length;
    const classification = p.task === 'classification';
    const predictedOf = (i: number) =>
      classification && w === 2 && args.threshold !== undefined
        ? set.predicted[i * 2 + 1]! >= args.threshold
          ? 1
          : 0
        : predictedClassOf(scored, i);
    const scoreOf = (i: number) =>
      classification ? set.predicted[i * w + predictedOf(i)]! : set.predicted[i]!;
    const picked: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!classification) picked.push(i);
      else if (
        (args.actual === undefined || set.y[i] === args.actual) &&
        (args.predicted === undefined || predictedOf(i) === args.predicted)
      )
        picked.push(i);
    }
    const key = (i: number) =>
      args.sort === 'row'
        ? set.rowIds[i]!
        : args.sort === 'probability'
          ? scoreOf(i)
          : classification
            ? 1 - set.predicted[i * w + set.y[i]!]!
            : Math.abs(set.y[i]! - set.predicted[i]!);
    const sign = args.descending ? -1 : 1;
    picked.sort((a, b) => sign * (key(a) - key(b)) || set.rowIds[a]! - set.rowIds[b]!);
    const table = await tableOf(run.datasetVersionId, args.dbName);
    const columns = table.columns.slice(0, MAX_COLUMNS);
    const label = (v: number) => (classification ? (p.classes[v] ?? String(v)) : String(v));
    return {
      total: picked.length,
      columns: columns.map((c) => c.name),
      rows: picked.slice(0, args.limit).map((i) => ({
        rowId: set.rowIds[i]!,
        cells: columns.map((c) => cellText(c, set.rowIds[i]!)),
        actual: label(set.y[i]!),
        predicted: classification ? label(predictedOf(i)) : String(set.predicted[i]),
        score: scoreOf(i),
      })),
    };
  },

  async paired({ runA, runB, split, metric, seed, dbName }) {
    const a = await predictionsOf(runA, dbName);
    const b = await predictionsOf(runB, dbName);
    if (a.task !== b.task || a.width !== b.width)
      throw new Error('The two models do not predict the same thing.');
    const sa = setOf(a, split);
    const sb = setOf(b, split);
    const where = new Map<number, number>();
    sb.rowIds.forEach((id, i) => where.set(id, i));
    const ia: number[] = [];
    const ib: number[] = [];
    sa.rowIds.forEach((id, i) => {
      const j = where.get(id);
      if (j !== undefined) {
        ia.push(i);
        ib.push(j);
      }
    });
    if (ia.length < 2) {
      throw new Error(
        'The two models share fewer than 2 rows of this split: train them on the same split to compare them.',
      );
    }
    const w = a.width;
    const pick = (s: typeof sa, idx: number[]): ScoredRows => ({
      task: a.task,
      width: w,
      y: Float32Array.from(idx, (i) => s.y[i]!),
      predicted: Float32Array.from(
        { length: idx.length * w },
        (_, k) => s.predicted[idx[Math.floor(k / w)]! * w + (k % w)]!,
      ),
    });
    const A = pick(sa, ia);
    const B = pick(sb, ib);
    const m = ia.length;
    const bootstrap = pairedBootstrap(m, rowMetric(A, metric), rowMetric(B, metric), { seed, repeats: 500 });
    if (a.task !== 'classification') return { rows: m, bootstrap };
    const classesOf = (s: ScoredRows) => Int32Array.from({ length: m }, (_, i) => predictedClassOf(s, i));
    return { rows: m, bootstrap, mcNemar: mcNemarFromPredictions(A.y, classesOf(A), classesOf(B)) };
  },
};
