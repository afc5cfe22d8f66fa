// The score worker: a stored model version applied to a new CSV file.
import { serve } from '../src/protocol/rpc';
import type { ScoreEvents, ScoreRequests } from '../src/protocol/score';
import { ingestCsv } from '../src/core/table/ingest';
import { tableToCsv } from '../src/core/table/csvWriter';
import { cellText } from '../src/core/table/table';
import { scoreTable } from '../src/core/pipeline/score';
import { deserializeModel, disposeModel } from '../src/core/ml/models';
import { getModelVersion } from '../src/store';
import { startBackend } from './tfBackend';
import { workerDb } from './workerDb';

const PREVIEW_ROWS = 10;

serve<ScoreRequests, ScoreEvents>(self, {
  async score(args, { emit, signal }) {
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
    emit('progress', { stage: 'scoring', fraction: 0 });
    // Inference is small work: the automatic choice never lands on a software GPU adapter.
    const backend = await startBackend('auto');
    const model = await deserializeModel(stored.model);
    try {
      const { table, predictionColumn } = await scoreTable(
        input.table,
        stored.fittedRecipe,
        model,
        stored.task,
        stored.classes,
      );
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
        backend: backend.name,
      };
    } finally {
      disposeModel(model);
    }
  },
});
