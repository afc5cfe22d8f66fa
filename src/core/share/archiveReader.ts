/**
 * Reads a project archive with random access (a File/Blob in the browser, a buffer in tests):
 * the zip's central directory first, so the member count and every declared size are checked
 * against the limits BEFORE a byte is inflated; then single members on demand, inflated as a
 * stream that stops the moment output passes the declared size (declared sizes can lie).
 * fflate's sequential Unzip cannot do the first part: streamed zips (ours included) put sizes in
 * data descriptors after the data, so only the central directory declares them up front.
 * Member names are only ever looked up, never used as file paths.
 */
import { Inflate } from 'fflate';
import { Inflater } from './flate';
import { ShareArchiveError, type ShareLimits } from './format';

/**
 * Random-access bytes of an archive. The bytes `read` returns may be a view of a buffer the
 * source reuses: they hold until the next `read`, no longer (so a large archive is read without
 * a buffer per slice; see blobSource).
 */
export interface ArchiveSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ArchiveEntry {
  name: string;
  method: 0 | 8;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_NAME = 256;
const READ_SLICE = 1 << 20;
/**
 * Members compressed to at most this many bytes are read and inflated in one go into the
 * caller's buffer; larger ones stream (stopping as soon as they pass their declared size).
 */
const IN_ONE_GO = 8 << 20;
/** Its tables serve every member in turn (readEntry uses it without awaiting in between). */
const inflater = new Inflater();

/**
 * The archive's entries from its central directory (ZIP64 records read where present). Refuses
 * (ShareArchiveError) a file that is not a zip, a multi-disk or encrypted archive, more than
 * `maxMembers` entries (the count is read before the directory), an entry declaring more than
 * `maxMemberBytes` or a total over `maxTotalBytes`, an unknown compression method, or a name
 * used twice. Nothing is inflated here: a zip bomb is refused from its declared sizes.
 */
export async function readEntries(
  source: ArchiveSource,
  limits: ShareLimits,
): Promise<Map<string, ArchiveEntry>> {
  const notZip = (why: string) =>
    new ShareArchiveError(`This file is not a readable project archive: ${why}.`);
  if (source.size < 22) throw notZip('it is too short');
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip('no zip directory was found (the file may be truncated)');
  if (tv.getUint16(eocd + 4, true) !== 0 || tv.getUint16(eocd + 6, true) !== 0)
    throw notZip('it spans several disks');
  let declaredCount = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  /** Where the directory must end: the end record, or the ZIP64 end record when there is one. */
  let directoryEnd = source.size - tailLength + eocd;
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG) {
    // ZIP64 (APPNOTE 4.3.14–15): the locator points at the ZIP64 end record, which holds the
    // entry count, directory size and offset in 8 bytes each.
    const at = u64(tv, eocd - 20 + 8);
    if (tv.getUint32(eocd - 20 + 4, true) !== 0 || tv.getUint32(eocd - 20 + 16, true) > 1)
      throw notZip('it spans several disks');
    if (at === undefined || at + 56 > directoryEnd - 20) throw notZip('its ZIP64 end record is missing');
    const record = view(await source.read(at, 56));
    if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_EOCD_SIG)
      throw notZip('its ZIP64 end record is missing');
    if (record.getUint32(16, true) !== 0 || record.getUint32(20, true) !== 0)
      throw notZip('it spans several disks');
    const count = u64(record, 32);
    const size = u64(record, 40);
    const offset = u64(record, 48);
    if (count === undefined || size === undefined || offset === undefined)
      throw notZip('its ZIP64 end record is damaged');
    declaredCount = count;
    cdSize = size;
    cdOffset = offset;
    directoryEnd = at;
  }
  if (declaredCount > limits.maxMembers) throw tooMany(limits);
  // Each entry takes at least 46 bytes: a directory larger than the limit allows is refused unread.
  if (cdSize > (limits.maxMembers + 1) * (46 + MAX_NAME + 0xffff)) throw tooMany(limits);
  if (cdOffset + cdSize > directoryEnd) throw notZip('its directory lies outside the file');
  const cd = await source.read(cdOffset, cdSize);
  const cv = view(cd);
  const entries = new Map<string, ArchiveEntry>();
  let total = 0;
  let p = 0;
  const names = new TextDecoder('utf-8', { fatal: true });
  while (p < cd.byteLength) {
    if (entries.size >= limits.maxMembers) throw tooMany(limits);
    if (p + 46 > cd.byteLength || cv.getUint32(p, true) !== CD_SIG) throw notZip('its directory is damaged');
    const flags = cv.getUint16(p + 8, true);
    const method = cv.getUint16(p + 10, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let size = cv.getUint32(p + 24, true);
    const nameLength = cv.getUint16(p + 28, true);
    const extraLength = cv.getUint16(p + 30, true);
    const commentLength = cv.getUint16(p + 32, true);
    let localOffset = cv.getUint32(p + 42, true);
    if (p + 46 + nameLength > cd.byteLength || nameLength > MAX_NAME)
      throw notZip('its directory is damaged');
    let name: string;
    try {
      name = names.decode(cd.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw notZip('a member name is not UTF-8');
    }
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (p > cd.byteLength) throw notZip('its directory is damaged');
    if (flags & 1) throw new ShareArchiveError('The member is encrypted.', name);
    if (method !== 0 && method !== 8)
      throw new ShareArchiveError(`The member uses compression method ${method}.`, name);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // The real values are in the ZIP64 extra field, 8 bytes each, in this order, only for
      // the fields that say 0xffffffff (APPNOTE 4.5.3).
      const values = zip64Extra(extra);
      const next = () => {
        const v = values?.shift();
        if (v === undefined)
          throw new ShareArchiveError("The member's ZIP64 sizes are missing or too large.", name);
        return v;
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    if (size > limits.maxMemberBytes) {
      throw new ShareArchiveError(
        `The member would unpack to ${size} bytes, over the limit of ${limits.maxMemberBytes}.`,
        name,
      );
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new ShareArchiveError(
        `The archive would unpack to more than ${limits.maxTotalBytes} bytes, the limit; it was refused before unpacking.`,
      );
    }
    if (entries.has(name))
      throw new ShareArchiveError('The archive holds two members of the same name.', name);
    entries.set(name, { name, method: method === 0 ? 0 : 8, compressedSize, size, localOffset });
  }
  return entries;
}

/** An 8-byte little-endian count, or undefined past Number.MAX_SAFE_INTEGER. */
function u64(v: DataView, at: number): number | undefined {
  const n = v.getBigUint64(at, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(n);
}

/** The 8-byte values of an extra field's ZIP64 block (header 0x0001), or undefined without one. */
function zip64Extra(extra: Uint8Array): number[] | undefined {
  const v = view(extra);
  for (let p = 0; p + 4 <= extra.byteLength;) {
    const id = v.getUint16(p, true);
    const length = v.getUint16(p + 2, true);
    if (p + 4 + length > extra.byteLength) return undefined;
    if (id === 0x0001) {
      const out: number[] = [];
      for (let q = p + 4; q + 8 <= p + 4 + length; q += 8) {
        const n = u64(v, q);
        if (n === undefined) return undefined;
        out.push(n);
      }
      return out;
    }
    p += 4 + length;
  }
  return undefined;
}

function tooMany(limits: ShareLimits): ShareArchiveError {
  return new ShareArchiveError(
    `The archive has more than ${limits.maxMembers} members, the limit; it was refused before unpacking.`,
  );
}

/**
 * The uncompressed bytes of one entry. Inflates in slices and stops as soon as the output passes
 * the entry's declared size, so a member that lies about its size cannot fill memory. `into`, when
 * large enough, receives them (a buffer reused from member to member makes no garbage).
 */
export async function readEntry(
  source: ArchiveSource,
  entry: ArchiveEntry,
  into?: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const header = await source.read(entry.localOffset, 30);
  const hv = view(header);
  if (header.byteLength < 30 || hv.getUint32(0, true) !== LOCAL_SIG) {
    throw new ShareArchiveError('The member is damaged (its header is missing).', entry.name);
  }
  const start = entry.localOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  if (start + entry.compressedSize > source.size)
    throw new ShareArchiveError('The member is truncated.', entry.name);
  // One byte more than declared: a member inflating past its size shows by filling it.
  const room =
    into && into.byteLength > entry.size ? into.subarray(0, entry.size + 1) : new Uint8Array(entry.size + 1);
  const out = room.subarray(0, entry.size);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw new ShareArchiveError('The member is damaged.', entry.name);
    out.set(await source.read(start, entry.size));
    return out;
  }
  const tooBig = () =>
    new ShareArchiveError(
      `The member unpacks to more than the ${entry.size} bytes it declares; it was refused while unpacking.`,
      entry.name,
    );
  const slices = async function* (): AsyncGenerator<Uint8Array> {
    for (let offset = 0; offset < entry.compressedSize; offset += READ_SLICE) {
      yield await source.read(start + offset, Math.min(READ_SLICE, entry.compressedSize - offset));
    }
  };
  let written: number;
  try {
    if (entry.compressedSize <= IN_ONE_GO) {
      // Straight into `room`, with no garbage (see flate.ts). The inflater never writes past the
      // buffer it is given, so a lying member costs CPU (at most ~1,032× its compressed size,
      // deflate's largest ratio), never memory.
      written = inflater.inflate(await source.read(start, entry.compressedSize), room).byteLength;
      if (written > entry.size) throw tooBig();
    } else {
      written =
        typeof DecompressionStream === 'function'
          ? await inflateNative(slices(), out, tooBig)
          : await inflateFflate(slices(), out, tooBig);
    }
  } catch (e) {
    if (e instanceof ShareArchiveError) throw e;
    throw new ShareArchiveError('The member is damaged (it does not inflate).', entry.name);
  }
  if (written !== entry.size) {
    throw new ShareArchiveError(`The member is truncated (${written} of ${entry.size} bytes).`, entry.name);
  }
  return out;
}

/**
 * Inflates with the platform's zlib (DecompressionStream): its output chunks are the only
 * garbage, once the size of the data (fflate's streaming Inflate makes three to four times that,
 * which a worker frees only at its next collection). Stops reading the moment the output passes
 * `out`. Returns the bytes written; throws a TypeError on a damaged or truncated stream.
 */
async function inflateNative(
  slices: AsyncGenerator<Uint8Array>,
  out: Uint8Array,
  tooBig: () => Error,
): Promise<number> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for await (const slice of slices) await writer.write(slice as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  feeding.catch(() => undefined); // its failure surfaces through the reader, or is ours (cancel)
  let written = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (written + value.byteLength > out.byteLength) throw tooBig();
      out.set(value, written);
      written += value.byteLength;
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
  await feeding;
  return written;
}

/** The same with fflate's streaming Inflate, where DecompressionStream does not exist. */
async function inflateFflate(
  slices: AsyncGenerator<Uint8Array>,
  out: Uint8Array,
  tooBig: () => Error,
): Promise<number> {
  let written = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.byteLength > out.byteLength) throw tooBig();
    out.set(chunk, written);
    written += chunk.byteLength;
    if (final) ended = true;
  });
  // Each slice is pushed at once: the next read may reuse its bytes. An empty last push ends it.
  for await (const slice of slices) inflate.push(slice, false);
  inflate.push(new Uint8Array(0), true);
  if (!ended) throw new TypeError('The deflate stream did not end.');
  return written;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An ArchiveSource over bytes in memory (tests, small archives). */
export function bytesSource(bytes: Uint8Array): ArchiveSource {
  return { size: bytes.byteLength, read: async (o, n) => bytes.subarray(o, o + n) };
}

/**
 * An ArchiveSource over a Blob or File: only the slices asked for are read, each into the same
 * buffer (grown when a slice is larger), through a BYOB reader of the slice's byte stream.
 * Measured in a Chromium worker: `slice().arrayBuffer()` (or FileReaderSync, or a default
 * reader) leaves about the bytes read in the renderer until V8 next collects — Blink keeps its
 * own reference to each buffer it made, so even detaching it frees nothing — which an import
 * that otherwise makes little garbage reaches only after ~100 MB. Reading into one reused buffer
 * makes none. Where BYOB readers are missing, each slice is a new buffer.
 */
export function blobSource(blob: Blob): ArchiveSource {
  let scratch = new ArrayBuffer(0);
  return {
    size: blob.size,
    read: async (o, n) => {
      const end = Math.min(blob.size, o + n);
      const slice = blob.slice(o, end);
      let reader: ReadableStreamBYOBReader;
      try {
        reader = slice.stream().getReader({ mode: 'byob' });
      } catch {
        return new Uint8Array(await slice.arrayBuffer());
      }
      const want = end - o;
      if (scratch.byteLength < want)
        scratch = new ArrayBuffer(Math.max(want, Math.ceil(1.25 * scratch.byteLength)));
      let filled = 0;
      try {
        // A read may fill part of the view: read on until the slice is whole or ends (the
        // buffer comes back transferred each time; it is the same memory).
        while (filled < want) {
          const { value, done } = await reader.read(new Uint8Array(scratch, filled, want - filled));
          if (value) scratch = value.buffer as ArrayBuffer;
          if (done || !value) break;
          filled += value.byteLength;
        }
      } finally {
        reader.releaseLock();
      }
      return filled === 0 ? new Uint8Array(0) : new Uint8Array(scratch, 0, filled);
    },
  };
}
