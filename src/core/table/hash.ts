/**
 * Content hashes (hex SHA-256 via crypto.subtle) for dataset versions and source files.
 *
 * hashTable encodes the table canonically, so the hash depends only on what the table says:
 * column names, types and the values in row order — not on dictionary order, unused dictionary
 * entries, typed-array capacity or how the file was chunked. Changing the encoding below changes
 * every stored dataset hash: bump TABLE_FORMAT and keep the old one readable if you must.
 */

import { isBooleanColumn, isCategoricalColumn, MISSING_CODE, type Column, type Table } from './table';

const TABLE_FORMAT = 'lwb-table/1';
const FILE_FORMAT = 'lwb-file/1';
/** Rows per hashed block: blocks keep memory flat (one block's bytes at a time) on huge tables. */
export const HASH_BLOCK_ROWS = 65_536;
/** Files up to this size hash as plain SHA-256 of their bytes (what `sha256sum` prints). */
export const FILE_HASH_PLAIN_LIMIT = 64 * 1024 * 1024;
const FILE_BLOCK_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sha256(data: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data);
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

/** Bytes of rows [start, end) of a column: f64 for numbers and dates (−0 as 0), one byte per
 * boolean, and per text cell a 0 byte for missing or 1 + u32 length + UTF-8. */
function blockBytes(
  col: Column,
  start: number,
  end: number,
  encoded: (Uint8Array | undefined)[],
): Uint8Array<ArrayBuffer> {
  const out = new Bytes(isBooleanColumn(col) ? end - start : 8 * (end - start));
  if (isCategoricalColumn(col)) {
    for (let r = start; r < end; r++) {
      const code = col.codes[r]!;
      if (code === MISSING_CODE) {
        out.u8(0);
        continue;
      }
      const bytes = (encoded[code] ??= encoder.encode(col.dictionary[code]!));
      out.u8(1);
      out.u32(bytes.length);
      out.raw(bytes);
    }
  } else if (isBooleanColumn(col)) {
    out.raw(col.values.subarray(start, end));
  } else {
    for (let r = start; r < end; r++) out.f64(col.values[r]!);
  }
  return out.take();
}

/**
 * The content hash of a table (hex SHA-256): SHA-256 over a schema header (format, row count,
 * column names and types) followed by the SHA-256 of every block of HASH_BLOCK_ROWS rows of
 * every column, in column order. Same content → same hash; any change of a value, a name, a
 * type, the column order or the row order → a different hash.
 */
export async function hashTable(table: Table): Promise<string> {
  const head = new Bytes();
  head.text(TABLE_FORMAT);
  head.f64(table.rowCount);
  head.u32(table.columns.length);
  for (const c of table.columns) {
    head.text(c.name);
    head.text(c.type);
  }
  const parts: Uint8Array[] = [head.take()];
  for (const col of table.columns) {
    const encoded: (Uint8Array | undefined)[] = [];
    for (let start = 0; start < table.rowCount; start += HASH_BLOCK_ROWS) {
      const end = Math.min(table.rowCount, start + HASH_BLOCK_ROWS);
      parts.push(new Uint8Array(await sha256(blockBytes(col, start, end, encoded))));
    }
  }
  const all = new Bytes();
  for (const p of parts) all.raw(p);
  return hex(await sha256(all.take()));
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
