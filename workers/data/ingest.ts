// CSV file → dataset version, written straight to IndexedDB from the worker.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type { DataEvents, IngestArgs, IngestRequests, IngestSummary } from '../../src/protocol/data';
import type { IngestResult } from '../../src/core/table/ingestTypes';
import { ingestCsv } from '../../src/core/table/ingest';
import { FileHasher, hashBytes, hashTableFrom } from '../../src/core/table/hash';
import { getDataset, newId } from '../../src/store';
import { workerDb } from '../workerDb';
import { storeUnlessTwin } from './versions';
import { handOffToProfiler, ingestHelper } from './profiler';

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
        // A large file's second part is read by the profile worker meanwhile (ingestSlice.ts).
        helper: ingestHelper(),
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
    const stored = await hashAndStore(result, fileHasher, args, { emit, signal });
    return { ...stored, seconds: (performance.now() - started) / 1000 };
  },
};

/** The parsed table → its content hash → a new version, or the twin already stored. */
async function hashAndStore(
  result: IngestResult,
  fileHasher: FileHasher,
  args: IngestArgs,
  { emit, signal }: Pick<HandlerContext<DataEvents>, 'emit' | 'signal'>,
): Promise<Omit<IngestSummary, 'seconds'>> {
  const progress = { bytesRead: args.file.size, totalBytes: args.file.size, rows: result.rowsRead };
  emit('progress', { ...progress, rowsPerSecond: 0, stage: 'hashing' });
  const [hash, fileHash] = await Promise.all([
    hashTableFrom(result.table, result.partialHash),
    // A helper read part of the file (ingestSlice.ts): it hashed the whole file, or its blocks.
    result.fileHash ??
      (result.fileBlocks && fileHasher.digestWith(result.fileBlocks)) ??
      fileHasher.digest() ??
      hashBytes(args.file),
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
    reading: { delimiter: result.delimiter, encoding: result.encoding, hasHeader: result.hasHeader },
  };
  const stored = await storeUnlessTwin(db, {
    projectId: args.projectId,
    table: result.table,
    dbName: args.dbName,
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
    onStoring: () => emit('progress', { ...progress, rowsPerSecond: 0, stage: 'storing' }),
    // A large file's profile is computed on another core while it is written (see profiler.ts).
    profiler: handOffToProfiler(result.table),
    dataset: async () =>
      (args.datasetId && (await getDataset(db, args.datasetId))) || {
        id: newId(),
        projectId: args.projectId,
        name: args.datasetName,
        createdAt: Date.now(),
      },
  });
  return { ...base, ...stored, hash };
}
