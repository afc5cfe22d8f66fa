// The data worker: CSV → columnar Table → IndexedDB, profiling and previews. The table never
// crosses to the page; only summaries do.
import { serve } from '../src/protocol/rpc';
import type { DataEvents, DataRequests, IngestSummary } from '../src/protocol/data';
import { ingestCsv } from '../src/core/table/ingest';
import { hashBytes, hashTable } from '../src/core/table/hash';
import { profileTable, type TableProfile } from '../src/core/table/profile';
import { cellText, getColumn, type Table } from '../src/core/table/table';
import { checkTarget, encodeTarget, inferTask } from '../src/core/ml/target';
import { leakageWarnings } from '../src/core/features/leakage';
import { findVersionByHash, getDataset, loadTable, newId, saveDatasetVersion } from '../src/store';
import { workerDb } from './workerDb';

const profiles = new Map<string, TableProfile>();
let cached: { key: string; table: Table } | undefined;

async function tableOf(versionId: string, dbName?: string): Promise<Table> {
  const key = `${dbName ?? ''}/${versionId}`;
  if (cached?.key !== key) cached = { key, table: await loadTable(await workerDb(dbName), versionId) };
  return cached.table;
}

serve<DataRequests, DataEvents>(self, {
  async ingest(args, { emit, signal }) {
    const started = performance.now();
    let lastEmit = 0;
    const result = await ingestCsv(
      args.file,
      { fileName: args.fileName, malformed: args.malformed, typeOverrides: args.typeOverrides },
      {
        signal,
        onProgress(p) {
          const now = performance.now();
          if (now - lastEmit < 100 && p.bytesRead < p.totalBytes) return;
          lastEmit = now;
          const seconds = Math.max((now - started) / 1000, 1e-3);
          emit('progress', { ...p, rowsPerSecond: p.rows / seconds, stage: 'reading' });
        },
      },
    );
    const progress = { bytesRead: args.file.size, totalBytes: args.file.size, rows: result.rowsRead };
    emit('progress', { ...progress, rowsPerSecond: 0, stage: 'hashing' });
    const [hash, fileHash] = await Promise.all([hashTable(result.table), hashBytes(args.file)]);
    signal.throwIfAborted();

    const db = await workerDb(args.dbName);
    const base = {
      rowCount: result.table.rowCount,
      columnCount: result.table.columns.length,
      warnings: result.warnings,
      skipped: result.skipped,
      skippedCount: result.skippedCount,
      renamedColumns: result.renamedColumns,
    };
    const existing = await findVersionByHash(db, args.projectId, hash);
    if (existing) {
      const dataset = await getDataset(db, existing.datasetId);
      return {
        ...base,
        versionId: existing.id,
        datasetId: existing.datasetId,
        version: existing.version,
        hash,
        duplicateOf: { versionId: existing.id, version: existing.version, datasetName: dataset?.name ?? '' },
        seconds: (performance.now() - started) / 1000,
      } satisfies IngestSummary;
    }

    emit('progress', { ...progress, rowsPerSecond: 0, stage: 'storing' });
    const dataset = (args.datasetId && (await getDataset(db, args.datasetId))) || {
      id: newId(),
      projectId: args.projectId,
      name: args.datasetName,
      createdAt: Date.now(),
    };
    const version = await saveDatasetVersion(db, {
      dataset,
      table: result.table,
      version: {
        hash,
        parents: [],
        operation: {
          kind: 'ingest',
          fileName: args.fileName,
          fileSize: args.file.size,
          fileHash,
          delimiter: result.delimiter,
          encoding: result.encoding,
          ...(args.typeOverrides ? { typeOverrides: args.typeOverrides } : {}),
        },
      },
    });
    cached = { key: `${args.dbName ?? ''}/${version.id}`, table: result.table };
    return {
      ...base,
      versionId: version.id,
      datasetId: dataset.id,
      version: version.version,
      hash,
      seconds: (performance.now() - started) / 1000,
    };
  },

  async profile({ versionId, dbName }) {
    const key = `${dbName ?? ''}/${versionId}`;
    let profile = profiles.get(key);
    if (!profile) {
      profile = profileTable(await tableOf(versionId, dbName));
      profiles.set(key, profile);
    }
    return profile;
  },

  async targetInfo({ versionId, target, task, dbName }) {
    const table = await tableOf(versionId, dbName);
    const column = getColumn(table, target);
    const inferredTask = inferTask(column);
    const chosen = task ?? inferredTask;
    const problems = checkTarget(column, chosen, {
      kind: 'holdout',
      testFraction: 0.2,
      validationFraction: 0.1,
    });
    const notATarget = problems.some((p) => p.code === 'notATarget');
    return {
      inferredTask,
      task: chosen,
      classes: chosen === 'classification' && !notATarget ? encodeTarget(column, chosen).classes.length : 0,
      problems: problems.map(({ severity, message }) => ({ severity, message })),
      leakage: notATarget ? [] : leakageWarnings(table, target, chosen),
    };
  },

  async preview({ versionId, offset, limit, dbName }) {
    const table = await tableOf(versionId, dbName);
    const end = Math.min(table.rowCount, offset + limit);
    const rows: string[][] = [];
    for (let r = offset; r < end; r++) rows.push(table.columns.map((c) => cellText(c, r)));
    return {
      columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
      rows,
      total: table.rowCount,
    };
  },
});
