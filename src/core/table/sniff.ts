/**
 * Looking at the start of a file before parsing it: is it text at all, which encoding, which line
 * ending, which delimiter, and is the first row a header.
 */

import { dateFit } from './dates';
import { isMissingText, parseNumber } from './values';

/** Delimiters tried when sniffing, in order of preference when they score the same. */
export const SNIFFED_DELIMITERS = [',', ';', '\t', '|'] as const;

const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or a zip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
];

/**
 * Why the bytes at the start of a file are not CSV text, or null when they look like text.
 * NUL bytes or more than 5% control characters mean binary; known file signatures are named so
 * the message can say what the file is.
 */
export function binaryReason(head: Uint8Array): string | null {
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b)) return `it looks like ${sig.what}`;
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'it is UTF-16 text, which is not supported; save it as UTF-8';
  }
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) return 'it contains NUL bytes, so it is a binary file';
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) || b === 127) control++;
  }
  if (head.length > 0 && control > head.length * 0.05) return 'most of its first bytes are not text';
  return null;
}

/** The line ending of the first line break outside quotes: '\r\n', '\n' or '\r'. */
export function sniffNewline(text: string): '\n' | '\r\n' | '\r' {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (!inQuotes && c === 10) return '\n';
    else if (!inQuotes && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

const MAX_SNIFF_RECORDS = 50;

/**
 * The delimiter of a CSV text: the candidate that splits the first records (quotes respected,
 * so a comma inside "a, b" does not count) into the same number of fields most consistently,
 * preferring more fields, then the order of SNIFFED_DELIMITERS. ',' when nothing splits.
 * `complete` says whether `text` is the whole file (otherwise its last record may be cut).
 */
export function sniffDelimiter(text: string, complete: boolean): string {
  const perRecord: number[][] = SNIFFED_DELIMITERS.map(() => []);
  const counts = SNIFFED_DELIMITERS.map(() => 0);
  const codes = SNIFFED_DELIMITERS.map((d) => d.charCodeAt(0));
  let inQuotes = false;
  let recordHasText = false;
  let records = 0;
  const endRecord = (): void => {
    if (recordHasText) {
      for (let k = 0; k < counts.length; k++) perRecord[k]!.push(counts[k]!);
      records++;
    }
    counts.fill(0);
    recordHasText = false;
  };
  for (let i = 0; i < text.length && records < MAX_SNIFF_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      recordHasText = true;
    } else if (inQuotes) continue;
    else if (c === 10 || c === 13) endRecord();
    else {
      recordHasText = true;
      const k = codes.indexOf(c);
      if (k !== -1) counts[k]!++;
    }
  }
  if (complete && records < MAX_SNIFF_RECORDS) endRecord();
  else if (records === 0) endRecord();

  let best: string = ',';
  let bestScore = 0;
  let bestFields = 0;
  SNIFFED_DELIMITERS.forEach((d, k) => {
    const seen = perRecord[k]!;
    if (seen.length === 0) return;
    const freq = new Map<number, number>();
    for (const n of seen) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [n, cnt] of freq) {
      if (cnt > modeCount || (cnt === modeCount && n > mode)) {
        mode = n;
        modeCount = cnt;
      }
    }
    if (mode === 0) return;
    const score = modeCount / seen.length;
    if (score > bestScore || (score === bestScore && mode > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = mode;
    }
  });
  return best;
}

function isTypedValue(text: string): boolean {
  const t = text.trim();
  if (!Number.isNaN(parseNumber(t, 'dot')) || !Number.isNaN(parseNumber(t, 'comma'))) return true;
  const f = dateFit(t);
  return f.ymd || f.dmy || f.mdy;
}

/**
 * Whether the first row is a header. Each column votes: where the rows below are numbers or
 * dates, a number or date on top means data and a word means a header. With no typed columns
 * (all text) the first row is taken as a header: headers are the norm.
 */
export function looksLikeHeader(first: readonly string[], below: readonly (readonly string[])[]): boolean {
  let header = 0;
  let data = 0;
  for (let c = 0; c < first.length; c++) {
    const top = first[c]!;
    if (isMissingText(top)) continue;
    const values = below.map((r) => r[c]).filter((v): v is string => v !== undefined && !isMissingText(v));
    const topTyped = isTypedValue(top);
    if (values.length === 0) {
      if (topTyped) data++;
      continue;
    }
    if (values.every(isTypedValue)) {
      if (topTyped) data++;
      else header++;
    }
  }
  if (header > 0) return true;
  return data === 0;
}

/** Header names made usable: trimmed, blanks named column_N, duplicates suffixed _2, _3… */
export function cleanHeaderNames(raw: readonly string[]): {
  names: string[];
  renamed: { from: string; to: string }[];
} {
  const renamed: { from: string; to: string }[] = [];
  const trimmed = raw.map((r, i) => (r.trim() === '' ? `column_${i + 1}` : r.trim()));
  const taken = new Set(trimmed);
  const used = new Set<string>();
  const names = trimmed.map((name, i) => {
    let out = name;
    if (used.has(name)) {
      let k = 2;
      while (taken.has(`${name}_${k}`) || used.has(`${name}_${k}`)) k++;
      out = `${name}_${k}`;
    }
    used.add(out);
    if (out !== raw[i]) renamed.push({ from: raw[i]!, to: out });
    return out;
  });
  return { names, renamed };
}
