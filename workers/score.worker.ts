// The score worker: a stored model version applied to a new CSV file.
import { serve } from '../src/protocol/rpc';
import type { ScoreEvents, ScoreRequests } from '../src/protocol/score';
import { ingestCsv } from '../src/core/table/ingest';
import { tableToCsv } from '../src/core/table/csvWriter';
import { cellText, takeRows, type Table } from '../src/core/table/table';
import { scoreTableFast } from '../src/core/deploy/scoringPredict';
import { deserializeModel, disposeModel } from '../src/core/ml/models';
import { getModelVersion, loadTable } from '../src/store';
import { sampleIndices } from '../src/core/ml/evaluation/regression';
import { reasonsForRow } from './explainOne';
import { checkScoringInput, conversionFailures } from '../src/core/deploy/inputCheck';
import { ScoringRefused } from '../src/core/deploy/scoreFile';
import { startBackend } from './tfBackend';
import { workerDb } from './workerDb';
import type { MonitorRequests } from '../src/protocol/monitor';
import { monitorHandlers } from './score/monitor';

const PREVIEW_ROWS = 10;
/** Rows of the model's own data the reasons of a scored row are measured against. */
const BACKGROUND_ROWS = 200;

/** The file scored last (as read, before predictions), so a row of it can be explained. */
let lastScored: { modelVersionId: string; table: Table } | undefined;
/** The background rows of the model explained last (by model and seed), so each "Why?" does not reload its data. */
let lastBackground: { key: string; rows: Table } | undefined;

serve<ScoreRequests & MonitorRequests, ScoreEvents>(self, {
  // Inference is small work: the automatic choice never lands on a software GPU adapter.
  ...monitorHandlers(() => startBackend('auto')),
  async score(args, { emit, signal }) {
    lastScored = undefined;
    const db = await workerDb(args.dbName);
    const stored = await getModelVersion(db, args.modelVersionId);
    if (!stored) throw new Error('This model version no longer exists. Choose another model.');
    emit('progress', { stage: 'reading', fraction: 0 });
    const input = await ingestCsv(
      args.file,
      {
        fileName: args.fileName,
        malformed: 'stop',
        // Read each column as the type the model was trained on, so a small file whose column
        // happens to look different (all blank, say) still goes through the same recipe.
        typeOverrides: Object.fromEntries(
          stored.fittedRecipe.inputSchema
            .filter((c) => c.name !== stored.target)
            .map((c) => [c.name, c.type]),
        ),
      },
      {
        signal,
        onProgress: (p) => emit('progress', { stage: 'reading', fraction: p.bytesRead / p.totalBytes }),
      },
    );
    // Column by column before any work: a missing column refuses the file (naming it); wrong
    // types, unseen categories and extra columns are scored and reported. Nothing is stored.
    const check = checkScoringInput(stored.fittedRecipe, input.table, conversionFailures(input.columns));
    if (check.refusal) throw new ScoringRefused(check.refusal, check.problems);
    emit('progress', { stage: 'scoring', fraction: 0 });
    // Inference is small work: the automatic choice never lands on a software GPU adapter.
    const backend = await startBackend('auto');
    const model = await deserializeModel(stored.model);
    try {
      let scored;
      try {
        // Dense networks take the exported scorer's plain path when it agrees with tfjs.
        scored = await scoreTableFast(
          input.table,
          stored.fittedRecipe,
          model,
          stored.model,
          stored.task,
          stored.classes,
          stored.threshold,
        );
      } catch (e) {
        // A value the recipe cannot fill (a wrong-typed cell in a column without an impute step).
        throw new ScoringRefused(e instanceof Error ? e.message : String(e), check.problems);
      }
      const { table, predictionColumn } = scored;
      lastScored = { modelVersionId: args.modelVersionId, table: input.table };
      const rows = Math.min(PREVIEW_ROWS, table.rowCount);
      // The preview leads with what was added (prediction, probabilities): on a wide file they
      // would otherwise sit past the last input column, off screen. The CSV keeps input order.
      const inputCount = input.table.columns.length;
      const shown = [...table.columns.slice(inputCount), ...table.columns.slice(0, inputCount)];
      return {
        rowCount: table.rowCount,
        predictionColumn,
        csv: tableToCsv(table),
        preview: {
          columns: shown.map((c) => c.name),
          rows: Array.from({ length: rows }, (_, r) => shown.map((c) => cellText(c, r))),
        },
        warnings: input.warnings,
        problems: check.problems,
        backend: scored.path === 'plain' ? `plain JavaScript, checked against ${backend.name}` : backend.name,
      };
    } finally {
      disposeModel(model);
    }
  },

  async scoredReasons(args) {
    const scored = lastScored;
    if (!scored || scored.modelVersionId !== args.modelVersionId) {
      throw new Error('The scored file is no longer held here: score it again, then ask why.');
    }
    if (!Number.isInteger(args.row) || args.row < 0 || args.row >= scored.table.rowCount) {
      throw new Error(`There is no row ${args.row + 1} in the scored file.`);
    }
    const db = await workerDb(args.dbName);
    const stored = await getModelVersion(db, args.modelVersionId);
    if (!stored) throw new Error('This model version no longer exists. Choose another model.');
    // The reasons are measured against rows of the model's own data, read once per model.
    const key = `${args.modelVersionId}/${args.seed}`;
    if (lastBackground?.key !== key) {
      const own = await loadTable(db, stored.datasetVersionId).catch(() => {
        throw new Error(
          "The model's training data is not in this browser (it was imported without its data), and reasons are measured against a sample of it.",
        );
      });
      lastBackground = { key, rows: takeRows(own, sampleIndices(own.rowCount, BACKGROUND_ROWS, args.seed)) };
    }
    const background = lastBackground.rows;
    await startBackend('auto');
    const model = await deserializeModel(stored.model);
    try {
      return await reasonsForRow(
        stored,
        model,
        background,
        takeRows(scored.table, [args.row]),
        args.row,
        args.seed,
      );
    } finally {
      disposeModel(model);
    }
  },
});
