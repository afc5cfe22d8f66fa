/**
 * Streaming CSV ingest: Blob slices → TextDecoder (streaming) → PapaParse's core parser → one
 * ColumnBuilder per column. Only one slice of rows exists as arrays at a time; the table is built
 * as typed columns as it goes.
 *
 * Papa's own chunking (`chunk`, `worker`) is not used: its worker mode hangs in Vite 8 builds,
 * and driving `Papa.Parser` directly lets each slice be awaited (back-pressure, cancellation)
 * and lets us carry an incomplete last record — a quoted field with line breaks that runs across
 * a slice boundary — over to the next slice ourselves.
 */

import Papa from 'papaparse';
import {
  IngestError,
  type IngestEncoding,
  type IngestHooks,
  type IngestOptions,
  type IngestResult,
  type SliceJob,
  type SliceOutcome,
  type SliceProgress,
  type SliceStart,
  type FileBlocks,
} from './ingestTypes';
import { RowSink, type SliceReading } from './rowSink';
import { countChar, CsvFeed, PARSE_CHARS, type PapaResult } from './csvFeed';
import { freeBuffer } from './freeBuffer';
import type { PartialTableHash } from './hash';
import { findSliceStart, handOffSlice, KEEP_SHARE, MIN_SLICE_BYTES, type SliceHandOff } from './ingestSlice';
import { binaryReason, looksLikeHeader, sniffDelimiter, sniffNewline } from './sniff';
import { concatBytes, headEncoding, LineEndings, locateByte, scanUtf8, utf8Tail } from './decode';
import {
  emptyError,
  invalidUtf8Warning,
  latin1Warning,
  nulError,
  START,
  type InvalidBytes,
} from './ingestMessages';

const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const FIRST_SLICE_BYTES = 1024 * 1024;
/** Bytes decoded at once: their text stays below V8's large-object size (see readAll). */
const DECODE_BYTES = 48 * 1024;
const HEAD_BYTES = 64 * 1024;
const SNIFF_CHARS = 64 * 1024;
const HEADER_PREVIEW_ROWS = 20;

/**
 * Thrown inside a run when an invalid UTF-8 sequence comes before any multi-byte character: the
 * file is in a single-byte encoding, so the ingest restarts as Windows-1252.
 */
class NotUtf8 extends Error {
  constructor(readonly where: { line: number; column: number }) {
    super('not UTF-8');
  }
}

const MAX_LOCATED = 5;

/**
 * Reads a CSV file (or text) into a columnar Table, inferring column types as it streams.
 * Rejects with an IngestError ('empty', 'no-rows', 'binary', 'malformed') naming the file and
 * line, or with the signal's AbortError when cancelled.
 */
export async function ingestCsv(
  input: Blob | string,
  options: IngestOptions,
  hooks: IngestHooks = {},
): Promise<IngestResult> {
  const blob = typeof input === 'string' ? new Blob([input]) : input;
  const file = options.fileName;
  hooks.signal?.throwIfAborted();
  if (blob.size === 0) throw emptyError(file);
  const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const nul = head.indexOf(0);
  if (nul !== -1 && head.length > 4 && !binaryReason(head.subarray(0, nul))) {
    // Text with a NUL in it: say where, so a damaged export can be found and fixed.
    throw nulError(file, locateByte(head, nul, { line: 1, column: 1 }));
  }
  const reason = binaryReason(head);
  if (reason) {
    throw new IngestError(
      'binary',
      `"${file}" is not a CSV text file: ${reason}. Export the data as CSV and load that file.`,
    );
  }
  const requested = options.encoding ?? 'auto';
  const auto = requested === 'auto';
  const first: IngestEncoding = auto ? headEncoding(head, head.length === blob.size) : requested;
  const where =
    first === 'windows-1252' ? locateByte(head, scanUtf8(head, true, 1).invalidAt[0] ?? 0, START) : START;
  const warnings = auto && first === 'windows-1252' ? [latin1Warning(file, where)] : [];
  try {
    return await new CsvIngest(blob, options, hooks, first, auto && first === 'utf-8', warnings).run();
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    // The helper, if it was given a slice, has been let go: this run reads alone.
    return await new CsvIngest(blob, options, { ...hooks, helper: undefined }, 'windows-1252', false, [
      latin1Warning(file, e.where),
    ]).run();
  }
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * A helper's side of a split read (ingestSlice.ts): finds the record boundary at or after
 * `job.target`, then reads from there to the end of the file with the first part's reading.
 * Resolves undefined when there is no boundary, or when the slice holds what only one pass can
 * report exactly (a NUL byte, invalid UTF-8): the first thread then reads the rest itself.
 * `onBytes` gets the slice's bytes, in order, at their offsets in the file.
 */
export async function readSlice(
  job: SliceJob,
  hooks: {
    signal?: AbortSignal;
    onStart: (start: SliceStart) => void;
    onProgress?: (p: SliceProgress) => void;
    onBytes?: (bytes: ArrayBuffer, offset: number) => void;
  },
): Promise<SliceOutcome | undefined> {
  const start = await findSliceStart(job.file, job.target, hooks.signal);
  if (!start) return undefined;
  hooks.onStart(start);
  const rest = job.file.slice(start.at);
  // Lines count from 1 at the slice's start; the first thread shifts them when it appends.
  // Columns sized for the slice only: a typed array's memory is taken when it is made, touched
  // or not (measured: sized for the whole file, to be adopted, the peak rose ~150 MB at 5M rows).
  const rowsHint = Math.ceil(job.rowsPerByte * rest.size * 1.05);
  const slice = { reading: job.reading, line: 1, rowsHint };
  const ingest = new CsvIngest(
    rest,
    { ...job.options, delimiter: job.delimiter },
    {
      signal: hooks.signal,
      onProgress: (p) => hooks.onProgress?.({ bytesRead: p.bytesRead, rows: p.rows }),
      onBytes: (bytes, offset) => hooks.onBytes?.(bytes, start.at + offset),
    },
    job.encoding,
    false,
    [],
    slice,
  );
  try {
    return await ingest.runSlice();
  } catch (e) {
    if (e instanceof SliceDiverged) return undefined;
    throw e;
  }
}

/** A helper's slice met something only one pass over the file reports exactly. */
class SliceDiverged extends Error {}

class CsvIngest extends CsvFeed {
  /** The first line ending of the file, as reported; every ending is read as '\n' (LineEndings). */
  private firstNewline: '\n' | '\r\n' | '\r' | undefined;
  private readonly endings = new LineEndings();
  private probeCr = false;
  private sawMultibyte = false;
  /** The bytes of a UTF-8 character cut off at the end of the last slice. */
  private tail: Uint8Array = new Uint8Array(0);
  private readonly invalid: InvalidBytes = { count: 0, at: [] };

  constructor(
    private readonly blob: Blob,
    private readonly options: IngestOptions,
    private readonly hooks: IngestHooks,
    private readonly encoding: IngestEncoding,
    /** Start over as Windows-1252 (NotUtf8) when invalid bytes come before any UTF-8 character. */
    private readonly fatal: boolean,
    private readonly warnings: string[],
    /** Set when this reads a helper's slice: the reading decided before it, its first line. */
    private readonly slice?: { reading: SliceReading; line: number; rowsHint: number },
  ) {
    super();
    if (slice) {
      this.line = slice.line;
      this.firstNewline = '\n';
    }
  }

  /** The slice given to a helper, once handed out. */
  private handOff: SliceHandOff | undefined;
  /** The file's hash, when the helper computed it. */
  private helperFileHash: string | undefined;
  /** The file's blocks the helper hashed. */
  private helperFileBlocks: FileBlocks | undefined;
  /** The table's first rows, hashed while the helper read (see joinSlice). */
  private partialHash: PartialTableHash | undefined;
  /** The helper's rows are in the sink. */
  private joined = false;

  /** Reads a helper's slice (constructed with `slice`): its rows, problems and columns. */
  async runSlice(): Promise<SliceOutcome> {
    const { reading, rowsHint } = this.slice!;
    this.delimiter = this.options.delimiter!;
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: '\n', quoteChar: '"' });
    const sink = (this.sink = new RowSink(this.options, this.delimiter, []));
    sink.continueFrom(reading, rowsHint);
    await this.readAll();
    return sink.sliceRows();
  }

  async run(): Promise<IngestResult> {
    try {
      await this.readAll();
    } finally {
      this.handOff?.cancel();
    }
    if (this.invalid.count > 0) this.warnings.push(invalidUtf8Warning(this.options.fileName, this.invalid));
    return this.finish();
  }

  private async readAll(): Promise<void> {
    const { blob, hooks } = this;
    const size = blob.size;
    const chunk = Math.max(1, this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    // Never fatal: invalid sequences are replaced, counted and located (checkBytes). A helper's
    // slice starts mid-file: a byte order mark there is text, as it is to one pass.
    const decoder = new TextDecoder(this.encoding, { ignoreBOM: this.slice !== undefined });
    let offset = 0;
    let pending = '';
    // A helper's slice was pre-sized from the first part's bytes per row (a second estimate
    // would copy every column once more).
    let reserved = this.slice !== undefined;
    /** Where reading stops for now: the end, or where a helper's slice starts. */
    let limit = size;
    const read = (from: number, bytes = chunk): Promise<ArrayBuffer> => {
      const promise = blob.slice(from, Math.min(limit, from + bytes)).arrayBuffer();
      // A read still in flight when we stop (cancel, error) must not become an unhandled
      // rejection; awaiting it below still sees its error.
      promise.catch(() => undefined);
      return promise;
    };
    // One slice is read ahead while the current one is parsed: disk and parser overlap, and
    // memory still holds at most two slices.
    // With a helper, a small first slice: the rest is handed out as soon as the types are
    // decided, so the helper starts sooner.
    let next = read(0, hooks.helper && !this.slice ? Math.min(chunk, FIRST_SLICE_BYTES) : chunk);
    while (offset < limit) {
      hooks.signal?.throwIfAborted();
      const buffer = await next;
      const end = offset + buffer.byteLength;
      hooks.signal?.throwIfAborted();
      if (end < limit) next = read(end);
      hooks.onBytes?.(buffer, offset);
      const bytes = new Uint8Array(buffer);
      const last = end >= size;
      // Decoded in pieces small enough for V8's young generation: a slice decoded whole is a
      // large-object string, freed only by a full collection, which a worker that goes idle
      // (the helper, once its slice is sent) may not run for a long time.
      for (let p = 0; p < bytes.length; p += DECODE_BYTES) {
        const piece = bytes.subarray(p, Math.min(bytes.length, p + DECODE_BYTES));
        const pieceLast = last && p + piece.length === bytes.length;
        const raw = decoder.decode(piece, { stream: !pieceLast });
        this.checkBytes(piece, raw, pieceLast, pending);
        if (this.firstNewline === undefined) this.sniffFirstNewline(raw, pieceLast);
        const text = this.endings.normalize(raw, pieceLast);
        // Until the parser is set up, the text gathers for sniffing, a whole slice at a time.
        if (this.parser) this.feedText(text, pieceLast);
        else pending += text;
      }
      offset = end;
      if (!this.parser) {
        if (!last && (pending.length < SNIFF_CHARS || isBlank(pending))) {
          await this.report(offset);
          continue;
        }
        // A UTF-8 byte order mark read as Windows-1252 (TextDecoder drops it in UTF-8 mode).
        if (pending.startsWith('ï»¿')) pending = pending.slice(3);
        if (isBlank(pending)) throw emptyError(this.options.fileName);
        this.start(pending, last);
        const text = pending;
        pending = '';
        this.feedText(text, last);
      }
      // Nothing keeps the slice's bytes (text, hashes and tails are copies): give the memory
      // back now rather than at a collection that may come late.
      freeBuffer(buffer);
      const sink = this.sink!;
      if (!reserved && !last && sink.rows > 0) {
        // Pre-size columns from the bytes per row seen so far: fewer copies while growing.
        sink.reserve(Math.ceil(((sink.rows * size) / offset) * 1.05));
        reserved = true;
      }
      await this.report(offset);
      if (!this.handOff && !last) {
        const target = this.handOutRest(offset);
        if (target !== undefined) {
          limit = target;
          // The slice read ahead may run past the new limit: read it again, up to the limit.
          if (offset + chunk > limit) next = read(offset);
        }
      }
      if (offset < limit || !this.handOff || limit === size) continue;
      // Reached the target, then the boundary: where the helper's slice starts.
      const start = await this.handOff.start;
      if (start && start.at > offset) limit = start.at;
      else if (start && start.at === offset && (await this.joinSlice())) return;
      else {
        this.handOff.cancel();
        limit = size;
      }
      next = read(offset);
    }
  }

  /** Decoded text (line endings normalized) to the parser: read in place, or through Papa. */
  private feedText(text: string, last: boolean): void {
    if (text.indexOf('"') === -1 && this.carry.indexOf('"') === -1) {
      this.feedPlainText(text, last);
      return;
    }
    for (let at = 0; at < text.length || (last && at === 0); at += PARSE_CHARS) {
      const end = at + PARSE_CHARS;
      this.feed(end >= text.length ? text.slice(at) : text.slice(at, end), last && end >= text.length);
    }
  }

  /**
   * Hands the rest of the file from about `offset` + KEEP_SHARE of it to the helper, when there
   * is one, every column's reading is decided and enough is left; returns the target byte.
   */
  private handOutRest(offset: number): number | undefined {
    const { helper } = this.hooks;
    const size = this.blob.size;
    const sink = this.sink;
    if (!helper || !sink || this.slice || size - offset < (helper.minBytes ?? MIN_SLICE_BYTES))
      return undefined;
    const reading = sink.sliceReading();
    if (!reading) return undefined;
    const target = Math.floor(offset + KEEP_SHARE * (size - offset));
    const job: SliceJob = {
      file: this.blob,
      target,
      encoding: this.encoding,
      delimiter: this.delimiter,
      reading,
      options: this.options,
      rowsPerByte: sink.rows / offset,
    };
    this.handOff = handOffSlice(helper, job, sink.generations(), () => {
      if (this.waiting) void this.hooks.onProgress?.(this.progress(this.blob.size));
    });
    return target;
  }

  /** Waiting for the helper's slice (its progress is then reported as it comes). */
  private waiting = false;

  /**
   * At the helper's start: appends its slice when this pass ended exactly there, between two
   * records, and every column can take it (see ingestSlice.ts).
   */
  private async joinSlice(): Promise<boolean> {
    const handOff = this.handOff!;
    const between = this.carry === '' && this.deferred === 0;
    this.waiting = true;
    // While the helper may still be reading: hash the rows read here (appending the slice
    // changes none of their stored values, and the table's hash needs them anyway).
    const partial = between ? await this.sink!.hashWholeBlocks() : undefined;
    const outcome = between ? await handOff.done : undefined;
    this.waiting = false;
    // The helper counted its lines from 1.
    if (!outcome || !this.sink!.appendSlice(outcome, handOff.generations, this.line - 1)) {
      handOff.cancel();
      return false;
    }
    this.partialHash = partial;
    this.helperFileHash = outcome.fileHash;
    this.helperFileBlocks = outcome.fileBlocks;
    this.joined = true;
    // The slice's arrays were copied: nothing may keep them (and the memory they hold) alive.
    this.handOff = undefined;
    await this.report(this.blob.size);
    return true;
  }

  /** The first line ending, as written: a '\r' ending a slice may be the start of a '\r\n'. */
  private sniffFirstNewline(raw: string, last: boolean): void {
    let probe = this.probeCr ? `\r${raw}` : raw;
    this.probeCr = !last && probe.endsWith('\r');
    if (this.probeCr) probe = probe.slice(0, -1);
    if (/[\r\n]/.test(probe)) this.firstNewline = sniffNewline(probe);
  }

  /** Line and column where the next slice's first byte lies: after what was read so far. */
  private slicePosition(pending: string): { line: number; column: number } {
    const tail = this.parser ? this.carry : pending;
    const lastBreak = tail.lastIndexOf('\n');
    return { line: this.line + countChar(tail, '\n', tail.length), column: tail.length - lastBreak };
  }

  /**
   * NUL bytes anywhere refuse the file; invalid UTF-8 sequences (TextDecoder made them U+FFFD)
   * are counted and located, or — when none of the file so far had a multi-byte character —
   * start the ingest over as Windows-1252 (NotUtf8).
   */
  private checkBytes(bytes: Uint8Array, text: string, last: boolean, pending: string): void {
    const nul = bytes.indexOf(0);
    // A helper's slice leaves what only one pass locates and reports exactly to that pass.
    if (this.slice && (nul !== -1 || (this.encoding === 'utf-8' && text.indexOf('\uFFFD') !== -1)))
      this.checkSliceBytes(bytes, last, nul);
    if (nul !== -1) {
      const where = locateByte(bytes, nul, this.slicePosition(pending), this.encoding !== 'utf-8');
      throw nulError(this.options.fileName, where);
    }
    if (this.encoding !== 'utf-8') return;
    if (text.indexOf('\uFFFD') === -1) {
      if (!this.sawMultibyte) this.sawMultibyte = /[\u0080-\uffff]/.test(text);
      this.tail = utf8Tail(bytes);
      return;
    }
    const scanned = this.tail.length > 0 ? concatBytes(this.tail, bytes) : bytes;
    const shift = this.tail.length;
    const scan = scanUtf8(scanned, last, MAX_LOCATED);
    this.tail = utf8Tail(bytes);
    if (scan.invalidCount === 0) {
      this.sawMultibyte ||= scan.multibyte;
      return;
    }
    const start = this.slicePosition(pending);
    const at = (i: number): { line: number; column: number } =>
      i < shift ? start : locateByte(bytes, i - shift, start);
    if (this.fatal && !this.sawMultibyte && !scan.multibyteBefore) throw new NotUtf8(at(scan.invalidAt[0]!));
    this.sawMultibyte ||= scan.multibyte;
    this.invalid.count += scan.invalidCount;
    for (const i of scan.invalidAt) if (this.invalid.at.length < MAX_LOCATED) this.invalid.at.push(at(i));
  }

  /** In a helper's slice: a NUL byte or an invalid UTF-8 sequence ends it (SliceDiverged). */
  private checkSliceBytes(bytes: Uint8Array, last: boolean, nul: number): void {
    if (nul !== -1) throw new SliceDiverged();
    const scanned = this.tail.length > 0 ? concatBytes(this.tail, bytes) : bytes;
    if (scanUtf8(scanned, last, 1).invalidCount > 0) throw new SliceDiverged();
  }

  /** Progress and back-pressure after every slice, including those read while sniffing. */
  private async report(bytesRead: number): Promise<void> {
    const progress = this.progress(bytesRead);
    await this.hooks.onProgress?.(progress);
    await this.hooks.onChunk?.(progress);
  }

  /** Bytes and rows read so far, with the helper's (its rows are not in the sink until joined). */
  private progress(bytesRead: number): { bytesRead: number; totalBytes: number; rows: number } {
    const helper = this.handOff && !this.joined ? this.handOff.progress : undefined;
    return {
      bytesRead: Math.min(this.blob.size, bytesRead + (helper?.bytesRead ?? 0)),
      totalBytes: this.blob.size,
      rows: (this.sink?.rows ?? 0) + (helper?.rows ?? 0),
    };
  }

  /** Sniffs line ending, delimiter and header from the first text and sets up the parser. */
  private start(whole: string, complete: boolean): void {
    // Excel writes "sep=;" as a first line to name the delimiter; honour it and skip the line.
    const hint = /^sep=([^\r\n])(\r\n|\n|\r)/.exec(whole);
    const text = hint ? whole.slice(hint[0].length) : whole;
    this.delimiter = this.options.delimiter || hint?.[1] || sniffDelimiter(text, complete);
    const sink = (this.sink = new RowSink(this.options, this.delimiter, this.warnings));
    sink.hintLine = hint !== null;
    const config = { delimiter: this.delimiter, newline: '\n' as const, quoteChar: '"' };
    this.parser = new Papa.Parser(config);
    if (this.options.hasHeader !== undefined) {
      sink.hasHeader = this.options.hasHeader;
      return;
    }
    const preview = new Papa.Parser({ ...config, preview: HEADER_PREVIEW_ROWS + 1 });
    const result: PapaResult = preview.parse(text, 0, !complete);
    const rows = result.data.filter((r) => !(r.length === 1 && r[0] === ''));
    const [first, ...below] = rows;
    sink.hasHeader = first ? looksLikeHeader(first, below) : true;
  }

  private finish(): IngestResult {
    const file = this.options.fileName;
    const sink = this.sink;
    if (!sink) throw emptyError(file);
    const done = sink.finish(() => emptyError(file));
    return {
      table: done.table,
      delimiter: this.delimiter,
      newline: this.firstNewline ?? '\n',
      encoding: this.encoding,
      hasHeader: sink.hasHeader,
      rowsRead: done.table.rowCount,
      skipped: done.skipped,
      skippedCount: done.skippedCount,
      renamedColumns: done.renamedColumns,
      columns: done.columns,
      warnings: this.warnings,
      ...(this.helperFileHash === undefined ? {} : { fileHash: this.helperFileHash }),
      ...(this.helperFileBlocks === undefined ? {} : { fileBlocks: this.helperFileBlocks }),
      ...(this.partialHash === undefined ? {} : { partialHash: this.partialHash }),
    };
  }
}
