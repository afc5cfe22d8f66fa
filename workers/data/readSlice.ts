// A profile worker's first job for a large file (before it profiles the stored table): it reads
// the second part of the file while the data worker reads the first (core/table/ingestSlice.ts),
// and hashes the whole file from the bytes it reads, so the data worker hashes nothing of it.
import type { FromProfiler } from '../../src/protocol/dataProfile';
import type { SliceJob } from '../../src/core/table/ingestTypes';
import { readSlice } from '../../src/core/table/ingest';
import { sliceBuffers } from '../../src/core/table/ingestSlice';
import { FileHasher, hashBytes } from '../../src/core/table/hash';

function send(port: MessagePort, msg: FromProfiler, transfer: Transferable[] = []): void {
  port.postMessage(msg, transfer);
}

/** Reads `job` and answers on `port` (slice-start, slice-progress…, slice-done), unless aborted. */
export function readSliceForPort(port: MessagePort, job: SliceJob, signal: AbortSignal): void {
  const hasher = new FileHasher(job.file.size);
  let started = false;
  let lastProgress = 0;
  const run = async () => {
    const outcome = await readSlice(job, {
      signal,
      onStart(start) {
        started = true;
        send(port, { type: 'slice-start', start });
      },
      onProgress(progress) {
        const now = performance.now();
        if (now - lastProgress < 50) return;
        lastProgress = now;
        send(port, { type: 'slice-progress', progress });
      },
      onBytes: (bytes, offset) => hasher.update(bytes, offset),
    });
    if (!outcome) return null;
    const fileHash = await (hasher.digest() ?? hashBytes(job.file));
    return { ...outcome, fileHash };
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
