// CSV file → dataset version, written straight to IndexedDB from the worker.
import type { Handlers } from '../../src/protocol/rpc';
import type { DataEvents, IngestRequests, IngestSummary } from '../../src/protocol/data';
import { ingestCsv } from '../../src/core/table/ingest';
import { hashBytes, hashTable } from '../../src/core/table/hash';
import { findVersionByHash, getDataset, newId, saveDatasetVersion } from '../../src/store';
import { workerDb } from '../workerDb';
import { rememberTable } from './tables';

export const ingestHandlers: Handlers<IngestRequests, DataEvents> = {
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
    // The file hash reads the file a second time. Started during the parse it competes with the
    // parse's own reads and made ingest slower overall (bench:ingest), so it runs here, beside
    // the table hash.
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
    rememberTable(version.id, result.table, args.dbName);
    return {
      ...base,
      versionId: version.id,
      datasetId: dataset.id,
      version: version.version,
      hash,
      seconds: (performance.now() - started) / 1000,
    };
  },
};
