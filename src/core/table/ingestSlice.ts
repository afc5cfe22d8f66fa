/**
 * Reading a large CSV on two threads. The thread that reads the file from its start (the data
 * worker) hands the rest of the file, once every column's type is decided, to a helper thread
 * (ingestCsv's `helper` hook): the helper finds a record boundary past a target byte, reads
 * from there to the end with the same reading (delimiter, column names, each column's storage
 * decision), while the first thread reads up to that boundary. The first thread then appends
 * the helper's rows to its columns — but only after checking the cut was right:
 *
 * - The boundary is found by quote parity (a line break after an even number of quote bytes
 *   since the file's start), which a malformed or unusual file can fool. The first thread reads
 *   up to the boundary itself and checks that it ended there between records (nothing carried
 *   over) on the very line the helper started with; otherwise it reads the rest itself.
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
 * Share of the rest of the file the first thread keeps: the helper also scans the first part
 * for the boundary and hashes the whole file, so it gets the smaller part.
 */
export const KEEP_SHARE = 0.58;
const SCAN_BYTES = 4 * 1024 * 1024;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * The first record boundary at or after `target`: the byte after a line feed that follows an
 * even number of quote bytes since the file's start, with the physical line that starts there
 * (line breaks are LF, CRLF or a lone CR, as ingest counts them). Undefined when there is none
 * before the end of the file. `onBytes` gets the file's bytes before the boundary, in order.
 */
export async function findSliceStart(
  blob: Blob,
  target: number,
  onBytes?: (bytes: ArrayBuffer, offset: number) => void,
  signal?: AbortSignal,
  scanBytes = SCAN_BYTES,
): Promise<SliceStart | undefined> {
  const size = blob.size;
  const scan = new BreakScan();
  for (let offset = 0; offset < size;) {
    const end = Math.min(size, offset + scanBytes);
    const buffer = await blob.slice(offset, end).arrayBuffer();
    signal?.throwIfAborted();
    const bytes = new Uint8Array(buffer);
    const counted = Math.max(0, Math.min(bytes.length, target - offset));
    scan.count(bytes, 0, counted);
    const at = scan.boundary(bytes, counted);
    if (at !== -1 && offset + at < size) {
      onBytes?.(buffer.slice(0, at), offset);
      return { at: offset + at, line: scan.line };
    }
    onBytes?.(buffer, offset);
    offset = end;
  }
  return undefined;
}

/**
 * Line breaks and quote parity over bytes fed in order. Counting uses indexOf (native, vectorised)
 * per kind of byte: a file of 40 MB is counted in a few tens of ms, not a byte loop's hundreds.
 */
class BreakScan {
  line = 1;
  private odd = 0;
  /** The last byte counted was a CR: whether it was a break of its own depends on the next. */
  private pendingCr = false;

  /** Counts bytes [from, to): line breaks (LF, CRLF, lone CR) and quotes. */
  count(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    const view = bytes.subarray(from, to);
    const n = view.length;
    if (this.pendingCr && view[0] !== LF) this.line++;
    for (let i = view.indexOf(LF); i !== -1; i = view.indexOf(LF, i + 1)) this.line++;
    for (let i = view.indexOf(CR); i !== -1; i = view.indexOf(CR, i + 1)) {
      // A CR is a break of its own unless a LF follows (that LF is counted already).
      if (i + 1 < n && view[i + 1] !== LF) this.line++;
    }
    this.pendingCr = view[n - 1] === CR;
    let quotes = 0;
    for (let i = view.indexOf(QUOTE); i !== -1; i = view.indexOf(QUOTE, i + 1)) quotes++;
    this.odd ^= quotes & 1;
  }

  /**
   * Counts from `from` up to the first LF that follows an even number of quotes and returns the
   * index after it; -1 (all counted) when `bytes` has none.
   */
  boundary(bytes: Uint8Array, from: number): number {
    let i = from;
    while (i < bytes.length) {
      const lf = bytes.indexOf(LF, i);
      if (lf === -1) break;
      this.count(bytes, i, lf + 1);
      i = lf + 1;
      if (this.odd === 0) return i;
    }
    this.count(bytes, i, bytes.length);
    return -1;
  }
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
