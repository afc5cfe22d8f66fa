/**
 * A zip container writer, ZIP64 included (APPNOTE 6.3.10, sections 4.3 and 4.5.3): fflate
 * deflates, this writes the records around the data. Each member is given whole (deflated before
 * its header is written, so the header holds its CRC and sizes and no data descriptor follows);
 * bytes leave through `onChunk` as they are made, never gathered into one archive.
 *
 * ZIP64 records are written exactly where the classic fields cannot hold a value — a size or an
 * offset of 4 GiB or more, 65,535 entries or more — or everywhere when `zip64: 'always'` (tests
 * use it to check the layout on small archives against other readers).
 */
import { crc32 } from './crc32';
import { Deflater } from './flate';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** "Version needed": 2.0 for deflate, 4.5 for ZIP64. */
const V20 = 20;
const V45 = 45;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

export interface ZipWriterOptions {
  /** Deflate level 0–9 (0 stores). */
  level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** 'auto' writes ZIP64 records only where needed; 'always' on every entry and at the end. */
  zip64?: 'auto' | 'always';
}

interface CentralEntry {
  name: Uint8Array;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/**
 * Writes one zip archive, member by member, to `onChunk`, which must be done with each chunk
 * when it returns (write it, copy it): the writer reuses the bytes for the next member.
 */
export class ZipWriter {
  readonly #onChunk: (chunk: Uint8Array) => void;
  readonly #deflater = new Deflater();
  readonly #options: ZipWriterOptions;
  readonly #entries: CentralEntry[] = [];
  #offset = 0;
  #finished = false;

  constructor(onChunk: (chunk: Uint8Array) => void, options: ZipWriterOptions) {
    this.#onChunk = onChunk;
    this.#options = options;
  }

  /** Bytes written so far. */
  get bytesOut(): number {
    return this.#offset;
  }

  /** Adds a member: `bytes` deflated (or stored at level 0) under `name`. */
  add(name: string, bytes: Uint8Array): void {
    if (this.#finished) throw new Error('Internal error: the archive is already finished.');
    const method = this.#options.level === 0 ? 0 : 8;
    const data = method === 0 ? bytes : this.#deflater.deflate(bytes, this.#options.level);
    const [time, date] = dosDateTime(new Date());
    const entry: CentralEntry = {
      name: new TextEncoder().encode(name),
      method,
      crc: crc32(bytes),
      compressedSize: data.byteLength,
      size: bytes.byteLength,
      offset: this.#offset,
      time,
      date,
    };
    // The local header's ZIP64 extra, when present, holds both sizes (4.5.3).
    const zip64 = this.#options.zip64 === 'always' || entry.size >= MAX32 || entry.compressedSize >= MAX32;
    const header = new Bytes(30 + entry.name.byteLength + (zip64 ? 20 : 0));
    header.u32(LOCAL_SIG);
    header.u16(zip64 ? V45 : V20);
    header.u16(UTF8_NAMES);
    header.u16(method);
    header.u16(time);
    header.u16(date);
    header.u32(entry.crc);
    header.u32(zip64 ? MAX32 : entry.compressedSize);
    header.u32(zip64 ? MAX32 : entry.size);
    header.u16(entry.name.byteLength);
    header.u16(zip64 ? 20 : 0);
    header.bytes(entry.name);
    if (zip64) {
      header.u16(ZIP64_EXTRA);
      header.u16(16);
      header.u64(entry.size);
      header.u64(entry.compressedSize);
    }
    this.#emit(header.out);
    this.#emit(data);
    this.#entries.push(entry);
  }

  /** Writes the central directory and the end records. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    const always = this.#options.zip64 === 'always';
    const cdOffset = this.#offset;
    for (const e of this.#entries) {
      // Only the fields that overflow (or all, when forced) move to the extra, in this order.
      const big = [
        always || e.size >= MAX32 ? e.size : undefined,
        always || e.compressedSize >= MAX32 ? e.compressedSize : undefined,
        always || e.offset >= MAX32 ? e.offset : undefined,
      ];
      const extra = big.filter((v) => v !== undefined);
      const extraLength = extra.length ? 4 + 8 * extra.length : 0;
      const b = new Bytes(46 + e.name.byteLength + extraLength);
      b.u32(CENTRAL_SIG);
      b.u16(extra.length ? V45 : V20); // made by: MS-DOS attributes, this spec version
      b.u16(extra.length ? V45 : V20);
      b.u16(UTF8_NAMES);
      b.u16(e.method);
      b.u16(e.time);
      b.u16(e.date);
      b.u32(e.crc);
      b.u32(big[1] === undefined ? e.compressedSize : MAX32);
      b.u32(big[0] === undefined ? e.size : MAX32);
      b.u16(e.name.byteLength);
      b.u16(extraLength);
      b.u16(0); // comment
      b.u16(0); // disk
      b.u16(0); // internal attributes
      b.u32(0); // external attributes
      b.u32(big[2] === undefined ? e.offset : MAX32);
      b.bytes(e.name);
      if (extra.length) {
        b.u16(ZIP64_EXTRA);
        b.u16(8 * extra.length);
        for (const v of extra) b.u64(v);
      }
      this.#emit(b.out);
    }
    const cdSize = this.#offset - cdOffset;
    const count = this.#entries.length;
    const zip64 = always || count >= MAX16 || cdSize >= MAX32 || cdOffset >= MAX32;
    if (zip64) {
      const zip64End = this.#offset;
      const r = new Bytes(56 + 20);
      r.u32(ZIP64_EOCD_SIG);
      r.u64(44); // size of the rest of this record
      r.u16(V45);
      r.u16(V45);
      r.u32(0); // this disk
      r.u32(0); // disk of the central directory
      r.u64(count);
      r.u64(count);
      r.u64(cdSize);
      r.u64(cdOffset);
      r.u32(ZIP64_LOCATOR_SIG);
      r.u32(0); // disk of the ZIP64 end record
      r.u64(zip64End);
      r.u32(1); // disks
      this.#emit(r.out);
    }
    const end = new Bytes(22);
    end.u32(EOCD_SIG);
    end.u16(0);
    end.u16(0);
    end.u16(zip64 ? MAX16 : count);
    end.u16(zip64 ? MAX16 : count);
    end.u32(zip64 ? MAX32 : cdSize);
    end.u32(zip64 ? MAX32 : cdOffset);
    end.u16(0); // comment
    this.#emit(end.out);
  }

  #emit(chunk: Uint8Array): void {
    this.#offset += chunk.byteLength;
    this.#onChunk(chunk);
  }
}

/** MS-DOS time and date fields (local time, 2-second resolution, from 1980). */
function dosDateTime(d: Date): [number, number] {
  const year = Math.max(1980, d.getFullYear());
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}

/** A fixed-size little-endian record being filled. */
class Bytes {
  readonly out: Uint8Array;
  readonly #view: DataView;
  #at = 0;
  constructor(size: number) {
    this.out = new Uint8Array(size);
    this.#view = new DataView(this.out.buffer);
  }
  u16(v: number): void {
    this.#view.setUint16(this.#at, v, true);
    this.#at += 2;
  }
  u32(v: number): void {
    this.#view.setUint32(this.#at, v >>> 0, true);
    this.#at += 4;
  }
  u64(v: number): void {
    this.#view.setBigUint64(this.#at, BigInt(v), true);
    this.#at += 8;
  }
  bytes(b: Uint8Array): void {
    this.out.set(b, this.#at);
    this.#at += b.byteLength;
  }
}
