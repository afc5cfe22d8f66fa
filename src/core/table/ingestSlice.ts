/**
 * Reading a large CSV on two threads. The thread that reads the file from its start (the data
 * worker) hands the rest of the file, once every column's type is decided, to a helper thread
 * (ingestCsv's `helper` hook): the helper finds a record boundary past a target byte, reads
 * from there to the end with the same reading (delimiter, column names, each column's storage
 * decision), while the first thread reads up to that boundary. The first thread then appends
 * the helper's rows to its columns — but only after checking the cut was right:
 *
 * - The boundary is a line break past the target (findSliceStart), which a quoted field with line
 *   breaks or a malformed file can fool. The first thread reads up to the boundary itself and
 *   checks that it ended there between records (nothing carried over); otherwise it reads the
 *   rest itself. The helper counts lines from 1; the first thread shifts the line numbers of
 *   its problems and examples by the lines before the boundary.
 * - Each column must have kept its reading on both sides (no column widened to text, no dates
 *   re-read in the other order, on either side of the cut); otherwise, again, the first thread
 *   reads the rest itself. Merging is then what one pass would have done: the helper's rows
 *   were read with the very decisions the first thread used, its flags (integer, ambiguous
 *   dates, times, boolean texts) and counts combine as one pass would combine them, and its
 *   dictionary is re-coded into the first thread's.
 *
 * So the table, its content hash, warnings and errors are the same with or without a helper;
 * only the time differs (tests/unit/table/ingestSlice.test.ts compares them).
 */

import type { SliceRows } from './rowSink';
import type { IngestHelper, SliceJob, SliceOutcome, SliceStart } from './ingestTypes';

/** A file's rest is handed out only when at least this much of it is left. */
export const MIN_SLICE_BYTES = 16 * 1024 * 1024;
/**
 * Share of the rest of the file the first thread keeps, set so both threads finish together in
 * Chromium (timed per thread in bench:ingest: the helper starts later, hashes its part of the file
 * and reads a little slower; the first thread then hashes its rows while the helper finishes).
 */
export const KEEP_SHARE = 0.54;
const SCAN_BYTES = 4 * 1024 * 1024;
/** How far past the target a quote byte sends the boundary search back to the file's start. */
const WINDOW_BYTES = 256 * 1024;

const LF = 10;
const QUOTE = 34;

/**
 * Where a helper's slice starts: after the first line feed at or after `target` when no quote
 * byte lies within WINDOW_BYTES of it (the common case, found at once); otherwise after the first
 * line feed there that follows an even number of quote bytes since the file's start (read from
 * the start). Undefined when there is none before the end of the file. Either way a guess that
 * the first thread checks (see above).
 */
export async function findSliceStart(
  blob: Blob,
  target: number,
  signal?: AbortSignal,
  scanBytes = SCAN_BYTES,
): Promise<SliceStart | undefined> {
  const size = blob.size;
  const near = new Uint8Array(await blob.slice(target, Math.min(size, target + WINDOW_BYTES)).arrayBuffer());
  signal?.throwIfAborted();
  if (near.indexOf(QUOTE) === -1) {
    const lf = near.indexOf(LF);
    return lf !== -1 && target + lf + 1 < size ? { at: target + lf + 1 } : undefined;
  }
  let odd = 0;
  for (let offset = 0; offset < size;) {
    const end = Math.min(size, offset + scanBytes);
    const bytes = new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    signal?.throwIfAborted();
    let i = Math.max(0, Math.min(bytes.length, target - offset));
    odd ^= quotesIn(bytes, 0, i) & 1;
    while (i < bytes.length) {
      const lf = bytes.indexOf(LF, i);
      const stop = lf === -1 ? bytes.length : lf + 1;
      odd ^= quotesIn(bytes, i, stop) & 1;
      if (lf !== -1 && odd === 0 && offset + stop < size) return { at: offset + stop };
      i = stop;
    }
    offset = end;
  }
  return undefined;
}

/** Quote bytes in bytes[from, to) (indexOf is native and vectorised: no byte loop). */
function quotesIn(bytes: Uint8Array, from: number, to: number): number {
  const view = bytes.subarray(from, to);
  let n = 0;
  for (let i = view.indexOf(QUOTE); i !== -1; i = view.indexOf(QUOTE, i + 1)) n++;
  return n;
}

/** The first thread's side of a slice handed to a helper. */
export interface SliceHandOff {
  /** The boundary the helper starts at (undefined: none, the helper reads nothing). */
  readonly start: Promise<SliceStart | undefined>;
  readonly done: Promise<SliceOutcome | undefined>;
  /** Each column's reading generation when the slice was handed out. */
  readonly generations: readonly number[];
  /** The helper's progress so far. */
  readonly progress: { bytesRead: number; rows: number };
  /** Lets the helper go (reading on alone, or stopping). */
  cancel(): void;
}

/** Hands `job` to `helper`; `onProgress` hears each of its progress reports. */
export function handOffSlice(
  helper: IngestHelper,
  job: SliceJob,
  generations: readonly number[],
  onProgress: () => void,
): SliceHandOff {
  const progress = { bytesRead: 0, rows: 0 };
  const { start, done } = helper.read(job, (p) => {
    progress.bytesRead = p.bytesRead;
    progress.rows = p.rows;
    onProgress();
  });
  // A helper that fails is read around, never an unhandled rejection.
  const safeStart = start.catch(() => undefined);
  const safeDone = done.catch(() => undefined);
  let cancelled = false;
  return {
    start: safeStart,
    done: safeDone,
    generations,
    progress,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      helper.cancel();
    },
  };
}

/** Column buffers of a slice's rows (each once), for a transfer list. */
export function sliceBuffers(rows: SliceRows): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const c of rows.columns) if (c.values.byteLength > 0) set.add(c.values.buffer as ArrayBuffer);
  return [...set];
}
