/**
 * Bytes → text for CSV ingest: which encoding a file is in, where its invalid UTF-8 sequences
 * are, and line endings made one ('\n') line by line, as pandas and Excel read them (a file may
 * mix CRLF, LF and CR: a header written on Windows above rows appended on Linux).
 */

/** What a UTF-8 check of some bytes found. */
export interface Utf8Scan {
  /** Byte offsets (in the scanned bytes) where an invalid sequence starts, the first `limit`. */
  invalidAt: number[];
  /** Invalid sequences in all (each is replaced by one U+FFFD, as TextDecoder does). */
  invalidCount: number;
  /** A well-formed multi-byte sequence was seen before the first invalid one. */
  multibyteBefore: boolean;
  /** A well-formed multi-byte sequence was seen anywhere. */
  multibyte: boolean;
}

/** Length of the well-formed UTF-8 sequence at `i`, 0 when it is invalid, -1 when cut off by the end. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length) return -1;
    const c = bytes[i + k]!;
    if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return 0;
  }
  return need + 1;
}

/**
 * Checks `bytes` as UTF-8 (WHATWG rules: an invalid sequence is the longest prefix of a valid
 * one, replaced by one U+FFFD). A sequence cut off by the end is left for the next slice unless
 * `final`. Scanning is only needed where TextDecoder produced a U+FFFD, so it is plain JS.
 */
export function scanUtf8(bytes: Uint8Array, final: boolean, limit = 5): Utf8Scan {
  const out: Utf8Scan = { invalidAt: [], invalidCount: 0, multibyteBefore: false, multibyte: false };
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceAt(bytes, i);
    if (len > 0) {
      out.multibyte = true;
      if (out.invalidCount === 0) out.multibyteBefore = true;
      i += len;
      continue;
    }
    if (len === -1 && !final) break;
    // The maximal valid prefix is consumed as one replaced sequence.
    let skip = 1;
    if (len === -1 || (b >= 0xc2 && b <= 0xf4)) {
      while (i + skip < n && skip < 4 && bytes[i + skip]! >= 0x80 && bytes[i + skip]! <= 0xbf) {
        if (sequenceAt(bytes.subarray(i, i + skip + 1), 0) === 0) break;
        skip++;
      }
    }
    out.invalidCount++;
    if (out.invalidAt.length < limit) out.invalidAt.push(i);
    i += skip;
  }
  return out;
}

/**
 * Line and column (1-based, columns in characters) of byte `at` in `bytes`, given the line and
 * column where `bytes` start. Line breaks are counted as ingest counts them: CRLF, LF or CR.
 * In UTF-8 (not `singleByte`) continuation bytes are not characters of their own.
 */
export function locateByte(
  bytes: Uint8Array,
  at: number,
  start: { line: number; column: number },
  singleByte = false,
): { line: number; column: number } {
  let { line, column } = start;
  for (let i = 0; i < at; i++) {
    const b = bytes[i]!;
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) {
      line++;
      column = 1;
    } else if (b !== 13 && (singleByte || b < 0x80 || b >= 0xc0)) column++;
  }
  return { line, column };
}

/**
 * How the head of a file should be decoded in 'auto' mode: UTF-8 unless its first invalid
 * sequence comes before any well-formed multi-byte character (then the file is in a single-byte
 * encoding, and Windows-1252 is what such files nearly always are).
 */
export function headEncoding(head: Uint8Array, whole: boolean): 'utf-8' | 'windows-1252' {
  const scan = scanUtf8(head, whole, 1);
  return scan.invalidCount > 0 && !scan.multibyteBefore ? 'windows-1252' : 'utf-8';
}

/**
 * Makes every line ending '\n', one slice of decoded text at a time. A '\r' at the end of a
 * slice is held back: its '\n' may start the next one.
 */
export class LineEndings {
  private heldCr = false;

  normalize(text: string, last: boolean): string {
    let t = text;
    if (this.heldCr) {
      t = '\r' + t;
      this.heldCr = false;
    }
    if (t.indexOf('\r') === -1) return t;
    if (!last && t.endsWith('\r')) {
      this.heldCr = true;
      t = t.slice(0, -1);
    }
    return t.replace(/\r\n?/g, '\n');
  }
}

/** The last bytes of `bytes` when they start a UTF-8 character that the slice cuts off. */
export function utf8Tail(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k]!;
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? bytes.slice(n - k) : new Uint8Array(0);
    }
  }
  return new Uint8Array(0);
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
