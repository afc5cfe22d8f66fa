/** The contract of CSV ingest: options, hooks, result and the error users can meet. */

import type { IngestColumnInfo } from './columnBuilder';
import type { SliceReading, SliceRows } from './rowSink';
import type { PartialTableHash } from './hash';
import type { ColumnType, Table } from './table';

export type { IngestColumnInfo } from './columnBuilder';

export type IngestEncoding = 'utf-8' | 'windows-1252';

export interface IngestOptions {
  /** Shown in error messages and warnings. */
  fileName: string;
  /** Forces the delimiter; sniffed from the first 64 KB otherwise (',', ';', tab, '|'). */
  delimiter?: string;
  /** Forces whether the first row is a header; sniffed otherwise. */
  hasHeader?: boolean;
  /** 'auto' (default): UTF-8 (BOM or not), falling back to Windows-1252 when the bytes are not UTF-8. */
  encoding?: IngestEncoding | 'auto';
  /** What to do with ragged rows and broken quotes: 'stop' (default) throws, 'skip' leaves them out. */
  malformed?: 'stop' | 'skip';
  /** Column name → type; values that do not convert become missing and are counted. */
  typeOverrides?: Record<string, ColumnType>;
  /** Dates that fit both orders are read day-first (31/12) instead of month-first (12/31). */
  dayFirst?: boolean;
  /** Bytes read per slice (default 4 MiB). Small values are for tests. */
  chunkBytes?: number;
}

export interface IngestProgress {
  bytesRead: number;
  totalBytes: number;
  /** Data rows read so far (kept rows; skipped rows are not counted). */
  rows: number;
}

export interface IngestHooks {
  /** Aborting rejects the ingest with the signal's reason (a DOMException named AbortError). */
  signal?: AbortSignal;
  /** After each slice; awaited. */
  onProgress?: (p: IngestProgress) => void | Promise<void>;
  /**
   * After each slice, awaited before the next slice is read: back-pressure for the caller (a
   * worker posting progress, or a test). The rows are not final until the end (a later value can
   * widen a column), so the table is only in the result.
   */
  onChunk?: (p: IngestProgress) => void | Promise<void>;
  /**
   * Each slice of the file's bytes as it is read, in order from `offset` 0 (0 again when the
   * ingest starts over in another encoding): lets the caller hash the file without reading it
   * a second time (FileHasher). The buffer is detached once the slice is parsed (its memory
   * given back at once): copy what must outlive the call.
   */
  onBytes?: (bytes: ArrayBuffer, offset: number) => void;
  /**
   * Another thread that can read the second part of a large file while this one reads the
   * first (ingestSlice.ts). Used at most once per ingest; the result is the same without it.
   */
  helper?: IngestHelper;
}

/** Where a helper's slice starts: just after a line break (a record boundary, if the guess holds). */
export interface SliceStart {
  at: number;
}

/** What a helper is asked to read: the file from the first record boundary at or after `target`. */
export interface SliceJob {
  file: Blob;
  target: number;
  encoding: IngestEncoding;
  delimiter: string;
  reading: SliceReading;
  options: IngestOptions;
  /** Rows per byte so far: pre-sizes the helper's columns. */
  rowsPerByte: number;
}

/**
 * A helper's slice, read (its lines counted from 1 at its start). The helper also hashes the
 * file: the whole of it (`fileHash`, files hashed in one piece), or the blocks from the one its
 * slice starts in (`fileBlocks`, see FileHasher.digestWith).
 */
export interface SliceOutcome extends SliceRows {
  fileHash?: string;
  fileBlocks?: FileBlocks;
}

/** Digests of a file's blocks from block `from` to the end (FileHasher). */
export interface FileBlocks {
  from: number;
  digests: ArrayBuffer[];
}

/** Progress of a helper's slice. */
export interface SliceProgress {
  bytesRead: number;
  rows: number;
}

/** A helper that reads one slice of a file (see IngestHooks.helper). */
export interface IngestHelper {
  /**
   * Starts reading. `start` settles first (undefined: no boundary found, the slice is not
   * read); `done` is undefined when the helper failed or gave up (the caller reads on itself).
   */
  read(
    job: SliceJob,
    onProgress: (p: SliceProgress) => void,
  ): { start: Promise<SliceStart | undefined>; done: Promise<SliceOutcome | undefined> };
  /** The slice is no longer wanted (cancelled, failed, or read by the caller). */
  cancel(): void;
  /** Hand out a slice only when at least this many bytes are left (default 16 MiB; tests go lower). */
  minBytes?: number;
}

/** A row that could not be read: its physical line (1-based, counting line breaks inside quotes). */
export interface IngestProblem {
  line: number;
  message: string;
}

export interface IngestResult {
  table: Table;
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
  encoding: IngestEncoding;
  hasHeader: boolean;
  /** Data rows in the table. */
  rowsRead: number;
  /** The first 100 skipped rows (with `malformed: 'skip'`). */
  skipped: IngestProblem[];
  skippedCount: number;
  /** Header names that were blank, duplicated or padded with spaces, and what they became. */
  renamedColumns: { from: string; to: string }[];
  columns: IngestColumnInfo[];
  warnings: string[];
  /** The file's hash (hashBytes) when a helper computed it while reading its slice. */
  fileHash?: string;
  /** The file's blocks a helper hashed (for FileHasher.digestWith). */
  fileBlocks?: FileBlocks;
  /** The table's first rows, hashed while a helper read (finish with hashTableFrom). */
  partialHash?: PartialTableHash;
}

export type IngestErrorCode = 'empty' | 'no-rows' | 'binary' | 'malformed';

/** An ingest failure the user can fix; the message names the file, the problem and the line. */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  /** First offending line, where there is one. */
  readonly line: number | undefined;
  readonly column: string | undefined;
  /** For 'malformed': the first 100 problems. */
  readonly problems: IngestProblem[];
  /** For 'malformed': how many problems there were in all. */
  readonly problemCount: number;

  constructor(
    code: IngestErrorCode,
    message: string,
    details: { line?: number; column?: string; problems?: IngestProblem[]; problemCount?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.line = details.line;
    this.column = details.column;
    this.problems = details.problems ?? [];
    this.problemCount = details.problemCount ?? this.problems.length;
  }
}
