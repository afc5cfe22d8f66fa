// Monitored scoring: one batch scored by the production model (its predictions returned for
// download) and, in the shadow, by each challenger (compared, never returned); quality and drift
// against production's reference profile; metrics, KPIs and paired tests when the batch has the
// target; one ScoredBatch record written at the end. A batch that does not fit is refused before
// anything is stored.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type {
  CompareArgs,
  CompareSummary,
  MonitorEvents,
  MonitorRequests,
  ScoreBatchArgs,
  ScoreBatchSummary,
} from '../../src/protocol/monitor';
import { ingestCsv } from '../../src/core/table/ingest';
import { tableToCsv } from '../../src/core/table/csvWriter';
import { hashBytes } from '../../src/core/table/hash';
import { toFeatureMatrix } from '../../src/core/features/matrix';
import { predictForScoring, scoreTableFast } from '../../src/core/deploy/scoringPredict';
import { deserializeModel, disposeModel } from '../../src/core/ml/models';
import { analyzeBatch, predictionDrift, type FeatureDrift } from '../../src/core/monitoring/batch';
import { batchAlert } from '../../src/core/monitoring/alert';
import {
  alertingDrift,
  BatchRefusedError,
  countKnown,
  encodeBatchTarget,
  kpisOnBatch,
  outputOfScored,
  refusalProblems,
} from '../../src/core/monitoring/batchScoring';
import { argmaxRows, compareShadow, outputMetrics, type ModelOutput } from '../../src/core/monitoring/shadow';
import type { ShadowResult } from '../../src/core/monitoring/record';
import type { ReferenceProfile } from '../../src/core/monitoring/profile';
import type { Table } from '../../src/core/table/table';
import {
  getModelVersion,
  getReferenceProfile,
  loadTable,
  saveScoredBatch,
  type ModelVersion,
} from '../../src/store';
import { workerDb } from '../workerDb';
import { keepBatchVersion } from './batchVersion';

function driftOfOutput(profile: ReferenceProfile | undefined, o: ModelOutput, classes: string[]) {
  if (!profile) return undefined;
  return o.task === 'classification'
    ? predictionDrift(profile, { labels: classes, codes: argmaxRows(o.out, o.k) })
    : predictionDrift(profile, { values: Float64Array.from(o.out) });
}

function pickKnown(o: ModelOutput, y: Float32Array): { o: ModelOutput; y: Float32Array } {
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) rows.push(i);
  const out = new Float32Array(rows.length * o.k);
  rows.forEach((r, i) => out.set(o.out.subarray(r * o.k, (r + 1) * o.k), i * o.k));
  return { o: { ...o, out }, y: Float32Array.from(rows, (r) => y[r]!) };
}

async function challengerOutput(
  challenger: ModelVersion,
  production: ModelVersion,
  table: Table,
): Promise<ModelOutput> {
  if (challenger.task !== production.task || challenger.target !== production.target) {
    throw new Error(`it predicts "${challenger.target}" (${challenger.task}), not "${production.target}"`);
  }
  if (challenger.classes.join('\u0000') !== production.classes.join('\u0000')) {
    throw new Error(`its classes (${challenger.classes.join(', ')}) differ from production's`);
  }
  return modelOutput(challenger, table);
}

/** A model version's raw output on `table` (its recipe replayed, then the model). */
async function modelOutput(version: ModelVersion, table: Table): Promise<ModelOutput> {
  const model = await deserializeModel(version.model);
  try {
    const m = toFeatureMatrix(version.fittedRecipe, table);
    // Dense networks take the plain path when it agrees with tfjs, as in the score worker.
    const { out } = await predictForScoring(model, version.model, m.x, m.rows);
    return { task: version.task, k: version.task === 'classification' ? version.classes.length : 1, out };
  } finally {
    disposeModel(model);
  }
}

/** Starts the tfjs backend for inference (the worker's probe; tests give the cpu backend). */
export type StartBackend = () => Promise<unknown>;

/** The score worker's monitoring handlers. */
export function monitorHandlers(
  startBackend: StartBackend,
): Pick<Handlers<MonitorRequests, MonitorEvents>, 'scoreBatch' | 'compareModels'> {
  return {
    scoreBatch: (args, ctx) => scoreBatch(args, ctx, startBackend),
    compareModels: (args) => compareModels(args, startBackend),
  };
}

async function scoreBatch(
  args: ScoreBatchArgs,
  { emit, signal }: HandlerContext<MonitorEvents>,
  startBackend: StartBackend,
): Promise<ScoreBatchSummary> {
  const db = await workerDb(args.dbName);
  const production = await getModelVersion(db, args.modelVersionId);
  if (!production) throw new Error('The production model version no longer exists. Promote another model.');
  const profile = await getReferenceProfile(db, production.id);
  emit('progress', { stage: 'reading', fraction: 0 });
  const inputs = production.fittedRecipe.inputSchema.filter((c) => c.name !== production.target);
  // Each input read as the type the model was trained on (see score.worker.ts).
  const overrides = Object.fromEntries(inputs.map((c) => [c.name, c.type]));
  const input = await ingestCsv(
    args.file,
    {
      fileName: args.fileName,
      malformed: 'stop',
      typeOverrides: Object.fromEntries(inputs.map((c) => [c.name, c.type])),
    },
    {
      signal,
      onProgress: (p) => emit('progress', { stage: 'reading', fraction: p.bytesRead / p.totalBytes }),
    },
  );
  const table = input.table;
  const failures = Object.fromEntries(
    input.columns.filter((c) => c.failures).map((c) => [c.name, c.failures!]),
  );
  const analysis = profile
    ? analyzeBatch(profile, table, { failures, ignore: [production.target] })
    : { rows: table.rowCount, quality: [], drift: [], blocking: [] };
  const missing = inputs.filter((c) => !table.columns.some((t) => t.name === c.name)).map((c) => c.name);
  // Refused before any scoring and before anything is stored.
  const problems = profile
    ? refusalProblems(analysis)
    : missing.map((name) => `Column "${name}" is missing: the model needs it.`);
  if (problems.length) throw new BatchRefusedError(args.fileName, problems);
  signal.throwIfAborted();

  emit('progress', { stage: 'scoring', fraction: 0 });
  await startBackend();
  const model = await deserializeModel(production.model);
  let scored;
  try {
    scored = await scoreTableFast(
      table,
      production.fittedRecipe,
      model,
      production.model,
      production.task,
      production.classes,
    );
  } finally {
    disposeModel(model);
  }
  const k = production.task === 'classification' ? production.classes.length : 1;
  const prodOut = outputOfScored(scored.table, production.task, k);
  const targetColumn = table.columns.find((c) => c.name === production.target);
  const y = targetColumn ? encodeBatchTarget(targetColumn, production.task, production.classes) : undefined;
  const labelledRows = y ? countKnown(y) : 0;
  const labelled = labelledRows > 0;
  const known = y && labelled ? pickKnown(prodOut, y) : undefined;
  const metrics = known ? outputMetrics(known.o, known.y) : undefined;
  const kpiResults = metrics ? kpisOnBatch(args.kpis, metrics) : undefined;
  const prodDrift = driftOfOutput(profile, prodOut, production.classes);

  const shadow: ShadowResult[] = [];
  const skipped: { modelId: string; reason: string }[] = [];
  for (const [i, id] of args.challengerIds.entries()) {
    signal.throwIfAborted();
    emit('progress', { stage: 'scoring', fraction: (i + 1) / (args.challengerIds.length + 1) });
    const challenger = id === production.id ? undefined : await getModelVersion(db, id);
    if (!challenger) {
      if (id !== production.id) skipped.push({ modelId: id, reason: 'This model version no longer exists.' });
      continue;
    }
    try {
      const out = await challengerOutput(challenger, production, table);
      const own: FeatureDrift | undefined = driftOfOutput(
        await getReferenceProfile(db, id),
        out,
        challenger.classes,
      );
      shadow.push({
        modelId: id,
        modelLabel: `${challenger.name} v${challenger.version}`,
        comparison: compareShadow(prodOut, out, labelled ? y : undefined, { seed: 13 }),
        ...(own ? { predictionDrift: own } : {}),
      });
    } catch (err) {
      skipped.push({
        modelId: id,
        reason: `${challenger.name} v${challenger.version}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  signal.throwIfAborted();
  const fileHash = await hashBytes(args.file);
  const file = { name: args.fileName, size: args.file.size, hash: fileHash };
  const datasetVersionId = labelled
    ? await keepBatchVersion(db, args.projectId, input, file, overrides)
    : undefined;
  const batch = await saveScoredBatch(db, {
    projectId: args.projectId,
    modelId: production.id,
    modelLabel: `${production.name} v${production.version}`,
    fileName: args.fileName,
    fileSize: args.file.size,
    fileHash,
    ...(datasetVersionId ? { datasetVersionId } : {}),
    rows: table.rowCount,
    labelled,
    labelledRows,
    analysis,
    ...(prodDrift ? { predictionDrift: prodDrift } : {}),
    ...(metrics ? { metrics } : {}),
    ...(kpiResults ? { kpiResults } : {}),
    thresholds: args.thresholds,
    alert: batchAlert(
      profile ? alertingDrift(profile, analysis.drift) : [],
      prodDrift,
      kpiResults ?? [],
      args.thresholds,
    ),
    shadow,
    ...(profile ? {} : { noReference: true }),
  });
  return {
    batch,
    csv: new Blob([tableToCsv(scored.table)], { type: 'text/csv;charset=utf-8' }),
    warnings: input.warnings,
    skipped,
  };
}

/**
 * Champion and challenger on the same labelled dataset version (the latest labelled batch): each
 * model's metrics and the paired tests. Stores nothing.
 */
async function compareModels(args: CompareArgs, startBackend: StartBackend): Promise<CompareSummary> {
  const db = await workerDb(args.dbName);
  const [champion, challenger] = await Promise.all([
    getModelVersion(db, args.championId),
    getModelVersion(db, args.challengerId),
  ]);
  if (!champion || !challenger) throw new Error('One of the two model versions no longer exists.');
  const table = await loadTable(db, args.datasetVersionId);
  const targetColumn = table.columns.find((c) => c.name === champion.target);
  if (!targetColumn)
    throw new Error(`This dataset version has no "${champion.target}" column to compare on.`);
  const y = encodeBatchTarget(targetColumn, champion.task, champion.classes);
  await startBackend();
  const a = await modelOutput(champion, table);
  const b = await challengerOutput(challenger, champion, table);
  return {
    rows: table.rowCount,
    labelledRows: countKnown(y),
    comparison: compareShadow(a, b, y, { seed: 13 }),
  };
}
