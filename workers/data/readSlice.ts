// A profile worker's first job for a large file (before it profiles the stored table): it reads
// the second part of the file while the data worker reads the first (core/table/ingestSlice.ts),
// and hashes what the data worker does not read of the file.
import type { FromProfiler } from '../../src/protocol/dataProfile';
import type { SliceJob, SliceOutcome } from '../../src/core/table/ingestTypes';
import { readSlice } from '../../src/core/table/ingest';
import { sliceBuffers } from '../../src/core/table/ingestSlice';
import {
  FILE_BLOCK_BYTES,
  FILE_HASH_PLAIN_LIMIT,
  FileHasher,
  hashBytes,
  sha256Digest,
} from '../../src/core/table/hash';

function send(port: MessagePort, msg: FromProfiler, transfer: Transferable[] = []): void {
  port.postMessage(msg, transfer);
}

/**
 * Reads `job` and answers on `port` (slice-start, slice-progress…, slice-done), unless aborted.
 * The file's hash: a file hashed in one piece is hashed whole here after the slice; a file hashed
 * by blocks, from the block the slice starts in (read again up to the slice), the first thread
 * having hashed the blocks before (FileHasher.digestWith).
 */
export function readSliceForPort(port: MessagePort, job: SliceJob, signal: AbortSignal): void {
  const size = job.file.size;
  const byBlocks = size > FILE_HASH_PLAIN_LIMIT;
  let hasher: FileHasher | undefined;
  let first: Promise<ArrayBuffer | undefined> = Promise.resolve(undefined);
  let from = 0;
  let started = false;
  let lastProgress = 0;
  const run = async (): Promise<SliceOutcome | null> => {
    const outcome = await readSlice(job, {
      signal,
      onStart(start) {
        started = true;
        send(port, { type: 'slice-start', start });
        if (!byBlocks) return;
        from = Math.floor(start.at / FILE_BLOCK_BYTES);
        const straddles = from * FILE_BLOCK_BYTES < start.at;
        hasher = new FileHasher(size, (straddles ? from + 1 : from) * FILE_BLOCK_BYTES);
        // The block the slice starts in, read whole.
        if (straddles) {
          const end = Math.min(size, (from + 1) * FILE_BLOCK_BYTES);
          first = job.file
            .slice(from * FILE_BLOCK_BYTES, end)
            .arrayBuffer()
            .then((bytes) => sha256Digest(bytes));
          first.catch(() => undefined);
        }
      },
      onProgress(progress) {
        const now = performance.now();
        if (now - lastProgress < 50) return;
        lastProgress = now;
        send(port, { type: 'slice-progress', progress });
      },
      onBytes: (bytes, offset) => hasher?.update(bytes, offset),
    });
    if (!outcome) return null;
    if (!byBlocks) return { ...outcome, fileHash: await hashBytes(job.file) };
    const rest = await hasher?.blockDigests();
    const head = await first;
    if (!rest) return outcome;
    return { ...outcome, fileBlocks: { from, digests: head ? [head, ...rest] : rest } };
  };
  run().then(
    (outcome) => {
      if (signal.aborted) return;
      if (!started) send(port, { type: 'slice-start', start: null });
      send(port, { type: 'slice-done', outcome }, outcome ? sliceBuffers(outcome) : []);
    },
    () => {
      // Aborted, or failed: the data worker reads the rest itself (it is told nothing more when
      // it let the slice go; otherwise it hears that there is no slice).
      if (signal.aborted) return;
      if (!started) send(port, { type: 'slice-start', start: null });
      send(port, { type: 'slice-done', outcome: null });
    },
  );
}
