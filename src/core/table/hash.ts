/**
 * Content hashes (hex SHA-256 via crypto.subtle) for dataset versions and source files.
 *
 * hashTable encodes the table canonically, so the hash depends only on what the table says:
 * column names, types and the values in row order — not on dictionary order, unused dictionary
 * entries, typed-array capacity or how the file was chunked. Changing the encoding below changes
 * every stored dataset hash: bump TABLE_FORMAT and keep the old one readable if you must.
 */

import {
  isBooleanColumn,
  isCategoricalColumn,
  MISSING_CODE,
  type Column,
  type ColumnType,
  type Table,
} from './table';

const TABLE_FORMAT = 'lwb-table/1';
const FILE_FORMAT = 'lwb-file/1';
/** Rows per hashed block: blocks keep memory flat (one block's bytes at a time) on huge tables. */
export const HASH_BLOCK_ROWS = 65_536;
/** Files up to this size hash as plain SHA-256 of their bytes (what `sha256sum` prints). */
export const FILE_HASH_PLAIN_LIMIT = 64 * 1024 * 1024;
/** Bytes per block of a file hashed by blocks (above FILE_HASH_PLAIN_LIMIT). */
export const FILE_BLOCK_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sha256(data: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data);
}

/**
 * A buffer reused for block after block. Safe because crypto.subtle.digest copies its input
 * before it returns (Web Crypto: "get a copy of the bytes held by the data parameter"); it saves
 * a new array per block, garbage a worker frees only at its next collection.
 */
interface Scratch {
  bytes: Uint8Array<ArrayBuffer>;
}

/** A byte sink that grows by doubling; little-endian throughout. */
class Bytes {
  buf: Uint8Array<ArrayBuffer>;
  view: DataView;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    if (v !== v) {
      // One NaN pattern, whatever payload the engine kept.
      this.view.setUint32(this.length, 0, true);
      this.view.setUint32(this.length + 4, 0x7ff80000, true);
    } else this.view.setFloat64(this.length, v === 0 ? 0 : v, true);
    this.length += 8;
  }
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  text(s: string): void {
    const b = encoder.encode(s);
    this.u32(b.length);
    this.raw(b);
  }
  take(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}

/** Typed arrays are little-endian on every platform browsers and Node run on; checked once. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * f64 bytes of `values[start, end)` with one NaN bit pattern and −0 written as 0. Columns read
 * from CSV already hold exactly that (JavaScript writes NaN as the canonical quiet NaN), so the
 * block is usually the column's own bytes, without a copy; otherwise a copy fixed up in place.
 * Either way the same bytes as writing each value through a DataView (the canonical encoding).
 */
function numberBlock(
  values: Float64Array,
  start: number,
  end: number,
  scratch?: Scratch,
): Uint8Array<ArrayBuffer> {
  if (!LITTLE_ENDIAN) {
    const out = new Bytes(8 * (end - start));
    for (let r = start; r < end; r++) out.f64(values[r]!);
    return out.take();
  }
  // Column arrays are never shared memory; the cast only narrows ArrayBufferLike for crypto.
  const buffer = values.buffer as ArrayBuffer;
  const at = values.byteOffset + 8 * start;
  const words = new Uint32Array(buffer, at, 2 * (end - start));
  let canonical = true;
  for (let i = 0, r = start; r < end; i++, r++) {
    const v = values[r]!;
    if (v !== v ? words[2 * i] !== 0 || words[2 * i + 1] !== 0x7ff80000 : v === 0 && 1 / v < 0) {
      canonical = false;
      break;
    }
  }
  if (canonical) return new Uint8Array(buffer, at, 8 * (end - start));
  // The copy in the scratch buffer when there is one: a column with a −0 or an odd NaN in
  // every block would otherwise make a block of garbage per block.
  let block: Float64Array<ArrayBuffer>;
  if (scratch) {
    if (scratch.bytes.byteLength < 8 * (end - start))
      scratch.bytes = new Uint8Array(Math.max(8 * (end - start), 2 * scratch.bytes.byteLength));
    block = new Float64Array(scratch.bytes.buffer, 0, end - start);
    block.set(values.subarray(start, end));
  } else block = values.slice(start, end);
  const fixed = new Uint32Array(block.buffer, 0, 2 * block.length);
  for (let i = 0; i < block.length; i++) {
    const v = block[i]!;
    if (v !== v) {
      fixed[2 * i] = 0;
      fixed[2 * i + 1] = 0x7ff80000;
    } else if (v === 0) block[i] = 0;
  }
  return new Uint8Array(block.buffer, 0, block.byteLength);
}

/**
 * Per text cell: a 0 byte for missing, or 1 + u32 length + UTF-8. Each dictionary entry is
 * encoded once (`encoded`, shared by the column's blocks); the block is sized exactly first.
 */
function categoricalBlock(
  codes: Int32Array,
  dictionary: readonly string[],
  start: number,
  end: number,
  encoded: (Uint8Array | undefined)[],
  scratch?: Scratch,
): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (let r = start; r < end; r++) {
    const code = codes[r]!;
    if (code === MISSING_CODE) size += 1;
    else size += (encoded[code] ??= cellBytes(dictionary[code]!)).length;
  }
  let out: Uint8Array<ArrayBuffer>;
  if (scratch) {
    if (scratch.bytes.byteLength < size)
      scratch.bytes = new Uint8Array(Math.max(size, 2 * scratch.bytes.byteLength));
    out = scratch.bytes.subarray(0, size);
  } else out = new Uint8Array(size);
  let at = 0;
  for (let r = start; r < end; r++) {
    const code = codes[r]!;
    if (code === MISSING_CODE) {
      out[at++] = 0;
      continue;
    }
    const bytes = encoded[code]!;
    // Most cells are a few bytes: a loop beats set() and its per-call cost.
    if (bytes.length < 32) for (let k = 0; k < bytes.length; k++) out[at++] = bytes[k]!;
    else {
      out.set(bytes, at);
      at += bytes.length;
    }
  }
  return out;
}

/** One present text cell's bytes: 1, u32 length (little-endian), UTF-8. */
function cellBytes(text: string): Uint8Array {
  const out = new Bytes(16);
  out.u8(1);
  out.text(text);
  return out.take();
}

/** Bytes of rows [start, end) of a column: f64 for numbers and dates (−0 as 0), one byte per
 * boolean, and per text cell a 0 byte for missing or 1 + u32 length + UTF-8. */
function blockBytes(
  col: Column,
  start: number,
  end: number,
  encoded: (Uint8Array | undefined)[],
  scratch?: Scratch,
): Uint8Array<ArrayBuffer> {
  if (isCategoricalColumn(col))
    return categoricalBlock(col.codes, col.dictionary, start, end, encoded, scratch);
  // A view: crypto.subtle.digest copies its input when called, so nothing needs copying here.
  if (isBooleanColumn(col)) return col.values.subarray(start, end) as Uint8Array<ArrayBuffer>;
  return numberBlock(col.values, start, end, scratch);
}

/**
 * Block digests in flight at once. crypto.subtle hashes off the calling thread: several blocks
 * in flight keep that thread busy while the next block is encoded, instead of one round trip per
 * block; the bound keeps at most this many blocks' bytes alive.
 */
const DIGESTS_IN_FLIGHT = 8;

/**
 * The content hash of a table (hex SHA-256): SHA-256 over a schema header (format, row count,
 * column names and types) followed by the SHA-256 of every block of HASH_BLOCK_ROWS rows of
 * every column, in column order. Same content → same hash; any change of a value, a name, a
 * type, the column order or the row order → a different hash.
 */
export async function hashTable(table: Table): Promise<string> {
  const hasher = new TableHasher(table.rowCount, table.columns);
  for (const [index, col] of table.columns.entries()) {
    if (isCategoricalColumn(col)) await hasher.push(index, 0, col.codes, col.dictionary);
    else await hasher.push(index, 0, col.values);
  }
  return hasher.digest();
}

/** Rows [0, rows) of every column of a table, already pushed to `hasher` (see ingestSlice.ts). */
export interface PartialTableHash {
  hasher: TableHasher;
  rows: number;
}

/** hashTable(table), the first `partial.rows` rows of each column already hashed by `partial.hasher`. */
export async function hashTableFrom(table: Table, partial?: PartialTableHash): Promise<string> {
  if (!partial) return hashTable(table);
  const { hasher, rows } = partial;
  hasher.settle(table.rowCount, table.columns);
  for (const [index, col] of table.columns.entries()) {
    if (isCategoricalColumn(col)) await hasher.push(index, rows, col.codes.subarray(rows), col.dictionary);
    else await hasher.push(index, rows, col.values.subarray(rows));
  }
  return hasher.digest();
}

/** A column's stored array: f64 numbers and dates, u8 booleans, i32 category codes. */
export type ColumnPart = Float64Array | Uint8Array | Int32Array;

interface ColumnState {
  name: string;
  type: ColumnType;
  /** Rows received so far. */
  rows: number;
  /** Rows of the current block received but not yet digested (copied out of their part). */
  pending: ColumnPart | undefined;
  pendingRows: number;
  dictionary: readonly string[] | undefined;
  encoded: (Uint8Array | undefined)[];
  digests: Promise<ArrayBuffer>[];
}

/**
 * hashTable's hash computed from a table's columns as they arrive in pieces (rows in order
 * within each column; columns in any order, even interleaved), so a table read from storage or
 * an archive chunk by chunk is hashed without being held whole. The SAME hash as hashTable for
 * the same content, whatever the piece sizes: blocks are cut at the same rows (a block split
 * across pieces waits, copied, for its rest), and hashTable itself is this class fed whole columns.
 */
export class TableHasher {
  #rowCount: number;
  readonly #columns: ColumnState[];
  readonly #inFlight: Promise<ArrayBuffer>[] = [];
  readonly #scratch: Scratch = { bytes: new Uint8Array(0) };

  constructor(rowCount: number, columns: readonly { name: string; type: ColumnType }[]) {
    this.#rowCount = rowCount;
    this.#columns = columns.map((c) => ({
      name: c.name,
      type: c.type,
      rows: 0,
      pending: undefined,
      pendingRows: 0,
      dictionary: undefined,
      encoded: [],
      digests: [],
    }));
  }

  /**
   * Rows [start, start + part.length) of column `index`. `start` must be the rows received so
   * far for that column (throws otherwise, and past the row count). A categorical column needs
   * its whole `dictionary` with its first piece.
   */
  async push(index: number, start: number, part: ColumnPart, dictionary?: readonly string[]): Promise<void> {
    const col = this.#columns[index];
    if (!col) throw new RangeError(`The table has no column ${index}.`);
    if (start !== col.rows) throw new RangeError(`Rows of column ${index} arrived out of order.`);
    if (col.rows + part.length > this.#rowCount)
      throw new RangeError(`Column ${index} has more than ${this.#rowCount} rows.`);
    if (dictionary) col.dictionary = dictionary;
    let offset = 0;
    while (offset < part.length) {
      const blockRows = Math.min(HASH_BLOCK_ROWS, this.#rowCount - (col.rows - col.pendingRows));
      const available = part.length - offset;
      if (col.pendingRows === 0 && available >= blockRows) {
        // A whole block inside this part: hashed in place, without a copy.
        await this.#digest(col, part.subarray(offset, offset + blockRows));
        offset += blockRows;
        col.rows += blockRows;
        continue;
      }
      const take = Math.min(blockRows - col.pendingRows, available);
      col.pending ??= new (part.constructor as new (n: number) => ColumnPart)(blockRows);
      col.pending.set(part.subarray(offset, offset + take) as never, col.pendingRows);
      col.pendingRows += take;
      col.rows += take;
      offset += take;
      if (col.pendingRows === blockRows) {
        const block = col.pending;
        col.pending = undefined;
        col.pendingRows = 0;
        await this.#digest(col, block);
      }
    }
  }

  async #digest(col: ColumnState, rows: ColumnPart): Promise<void> {
    const column = asColumn(col, rows);
    if (this.#inFlight.length >= DIGESTS_IN_FLIGHT) await this.#inFlight.shift();
    const digest = sha256(blockBytes(column, 0, rows.length, col.encoded, this.#scratch));
    digest.catch(() => undefined); // awaited in digest(); never an unhandled rejection
    this.#inFlight.push(digest);
    col.digests.push(digest);
  }

  /**
   * The row count and the columns' names and types, for a hasher opened before they were final
   * (with rowCount Infinity, fed whole blocks only, each column's type then of the same storage:
   * a number, date, boolean or text type, as the final one).
   */
  settle(rowCount: number, columns: readonly { name: string; type: ColumnType }[]): void {
    this.#rowCount = rowCount;
    columns.forEach((c, i) => {
      const col = this.#columns[i]!;
      col.name = c.name;
      col.type = c.type;
    });
  }

  /** The hash, once every column has all its rows (throws RangeError naming a short column). */
  async digest(): Promise<string> {
    const head = new Bytes();
    head.text(TABLE_FORMAT);
    head.f64(this.#rowCount);
    head.u32(this.#columns.length);
    for (const c of this.#columns) {
      if (c.rows !== this.#rowCount)
        throw new RangeError(`Column ${c.name} has ${c.rows} of ${this.#rowCount} rows.`);
      head.text(c.name);
      head.text(c.type);
    }
    const digests = this.#columns.flatMap((c) => c.digests);
    const all = new Uint8Array(head.length + 32 * digests.length);
    all.set(head.take());
    let at = head.length;
    for (const d of await Promise.all(digests)) {
      all.set(new Uint8Array(d), at);
      at += 32;
    }
    return hex(await sha256(all));
  }
}

/** A Column over one block's rows, of the state's name and type, for blockBytes. */
function asColumn(col: ColumnState, rows: ColumnPart): Column {
  const { name, type } = col;
  if (type === 'category' || type === 'text' || type === 'identifier') {
    if (!(rows instanceof Int32Array) || !col.dictionary)
      throw new TypeError(`Column ${name} needs category codes and its dictionary.`);
    return { name, type, codes: rows, dictionary: col.dictionary };
  }
  if (type === 'boolean') {
    if (!(rows instanceof Uint8Array)) throw new TypeError(`Column ${name} needs boolean bytes.`);
    return { name, type, values: rows };
  }
  if (!(rows instanceof Float64Array)) throw new TypeError(`Column ${name} needs float64 values.`);
  return { name, type, values: rows };
}

/**
 * Our file hash (hex). Up to FILE_HASH_PLAIN_LIMIT bytes it is the plain SHA-256 of the bytes
 * (the same as `sha256sum`). Larger files, which crypto.subtle cannot hash in a stream, hash as
 * SHA-256 of: "lwb-file/1", the size (f64 LE), then the SHA-256 of each 16 MiB block — so two
 * files get the same hash exactly when their bytes are the same. ArrayBuffer and Blob inputs of
 * the same bytes give the same hash.
 */
export async function hashBytes(data: ArrayBuffer | Blob): Promise<string> {
  const size = data instanceof Blob ? data.size : data.byteLength;
  const slice = async (a: number, b: number): Promise<ArrayBuffer> =>
    data instanceof Blob ? await data.slice(a, b).arrayBuffer() : data.slice(a, b);
  if (size <= FILE_HASH_PLAIN_LIMIT) return hex(await sha256(await slice(0, size)));
  const out = new Bytes();
  out.text(FILE_FORMAT);
  out.f64(size);
  for (let a = 0; a < size; a += FILE_BLOCK_BYTES) {
    out.raw(new Uint8Array(await sha256(await slice(a, Math.min(size, a + FILE_BLOCK_BYTES)))));
  }
  return hex(await sha256(out.take()));
}

/**
 * hashBytes of a file computed from its bytes as they are read for parsing, so the file is not
 * read a second time for its hash. Above FILE_HASH_PLAIN_LIMIT each 16 MiB block is digested as
 * soon as it is complete (crypto.subtle works off this thread); up to the limit the bytes are
 * gathered and digested at the end, as hashBytes does.
 */
export class FileHasher {
  readonly #size: number;
  readonly #plain: boolean;
  /** The first byte this hasher hashes (a block boundary; 0 but for a helper's part). */
  readonly #from: number;
  #block: Uint8Array<ArrayBuffer>;
  #filled = 0;
  /** Bytes received so far, or -1 once they stopped arriving in order (then there is no hash). */
  #received: number;
  #digests: Promise<ArrayBuffer>[] = [];

  /**
   * `from` > 0 (a multiple of FILE_BLOCK_BYTES, files above FILE_HASH_PLAIN_LIMIT only): hashes
   * the blocks from there on, for `digestWith` of the hasher that got the bytes before.
   */
  constructor(size: number, from = 0) {
    this.#size = size;
    this.#plain = size <= FILE_HASH_PLAIN_LIMIT;
    if (from !== 0 && (this.#plain || from % FILE_BLOCK_BYTES !== 0))
      throw new RangeError('A file hash can only start at a block of a file hashed by blocks.');
    this.#from = from;
    // Starting at or past the end: nothing to hash, and done.
    this.#received = Math.min(from, size);
    this.#block = this.#newBlock(from);
  }

  #newBlock(from: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(
      this.#plain ? this.#size : Math.max(0, Math.min(FILE_BLOCK_BYTES, this.#size - from)),
    );
  }

  /**
   * The file's bytes from `offset`, in order (bytes before the hasher's start are skipped).
   * Offset 0 again starts over (an ingest that restarts in another encoding reads the file
   * again); a gap or overlap gives up.
   */
  update(bytes: ArrayBuffer, offset: number): void {
    if (offset === 0 && this.#from === 0 && this.#received !== 0) {
      this.#received = 0;
      this.#filled = 0;
      this.#digests = [];
      this.#block = this.#newBlock(0);
    }
    let data = new Uint8Array(bytes);
    if (offset < this.#from) {
      const skip = this.#from - offset;
      if (skip >= data.length) return;
      data = data.subarray(skip);
      offset = this.#from;
    }
    if (offset !== this.#received) {
      this.#received = -1;
      return;
    }
    this.#received += data.length;
    if (this.#received > this.#size) {
      this.#received = -1;
      return;
    }
    while (data.length > 0) {
      const take = Math.min(data.length, this.#block.length - this.#filled);
      this.#block.set(data.subarray(0, take), this.#filled);
      this.#filled += take;
      data = data.subarray(take);
      if (this.#filled === this.#block.length && !this.#plain) {
        const done = sha256(this.#block);
        done.catch(() => undefined); // awaited in digest(); never an unhandled rejection
        this.#digests.push(done);
        // digest() copied the block (see Scratch): the next block reuses it, rather than
        // leaving 16 MiB of garbage per block for a collection that may come late.
        const next = Math.min(FILE_BLOCK_BYTES, this.#size - (this.#received - data.length));
        this.#block =
          next === this.#block.length ? this.#block : this.#newBlock(this.#received - data.length);
        this.#filled = 0;
      }
    }
  }

  /** The file hash (the same as hashBytes), or undefined when not every byte arrived in order. */
  digest(): Promise<string> | undefined {
    if (this.#received !== this.#size || this.#from !== 0) return undefined;
    if (this.#plain) return sha256(this.#block).then(hex);
    return Promise.all(this.#digests).then((digests) => combineBlocks(this.#size, digests));
  }

  /**
   * The digests of the blocks from the hasher's start to the end of the file (a helper's part,
   * for `digestWith`), or undefined when not every byte arrived.
   */
  blockDigests(): Promise<ArrayBuffer[]> | undefined {
    if (this.#received !== this.#size || this.#plain) return undefined;
    return Promise.all(this.#digests);
  }

  /**
   * The file hash from this hasher's blocks before block `tail.from` and the digests of the
   * blocks from there to the end (another hasher's, or read elsewhere); undefined when this
   * hasher lacks a block before `tail.from`.
   */
  digestWith(tail: { from: number; digests: ArrayBuffer[] }): Promise<string> | undefined {
    if (this.#plain || this.#from !== 0 || this.#received === -1) return undefined;
    if (this.#digests.length < tail.from) return undefined;
    const head = this.#digests.slice(0, tail.from);
    return Promise.all(head).then((digests) => combineBlocks(this.#size, [...digests, ...tail.digests]));
  }
}

/** The block-mode file hash from every block's digest (see hashBytes). */
async function combineBlocks(size: number, digests: ArrayBuffer[]): Promise<string> {
  const out = new Bytes();
  out.text(FILE_FORMAT);
  out.f64(size);
  for (const d of digests) out.raw(new Uint8Array(d));
  return hex(await sha256(out.take()));
}

/** SHA-256 of bytes (a block of a file: see FileHasher). */
export function sha256Digest(data: ArrayBuffer): Promise<ArrayBuffer> {
  return sha256(data);
}
