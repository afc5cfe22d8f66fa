// CSV file → dataset version, written straight to IndexedDB from the worker.
import type { Handlers } from '../../src/protocol/rpc';
import type { DataEvents, IngestRequests, IngestSummary } from '../../src/protocol/data';
import { ingestCsv } from '../../src/core/table/ingest';
import { FileHasher, hashBytes, hashTable } from '../../src/core/table/hash';
import { findVersionByHash, getDataset, newId, saveDatasetVersion } from '../../src/store';
import { workerDb } from '../workerDb';
import { rememberTable } from './tables';

export const ingestHandlers: Handlers<IngestRequests, DataEvents> = {
  async ingest(args, { emit, signal }) {
    const started = performance.now();
    // The file's hash is computed from the bytes the parse reads anyway: no second read.
    const fileHasher = new FileHasher(args.file.size);
    let lastEmit = 0;
    const result = await ingestCsv(
      args.file,
      { fileName: args.fileName, malformed: args.malformed, typeOverrides: args.typeOverrides },
      {
        signal,
        onBytes: (bytes, offset) => fileHasher.update(bytes, offset),
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
    const [hash, fileHash] = await Promise.all([
      hashTable(result.table),
      fileHasher.digest() ?? hashBytes(args.file),
    ]);
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
