/**
 * Decoded CSV text → rows for a RowSink, slice after slice: lines of quote-free text read in place,
 * text with quotes through PapaParse's core parser, an incomplete last record carried over to the
 * next slice, physical lines counted (breaks inside quoted fields included). The byte reading
 * around it (decoding, sniffing, helpers) is CsvIngest's (ingest.ts).
 */

import type Papa from 'papaparse';
import type { RowSink } from './rowSink';

/**
 * Text handed to Papa per call. Rows of one call stay alive until the call's rows are consumed;
 * at a few MB they outlive V8's young generation and garbage collection triples the parse time
 * (measured on 70 MB: 4.7 s at 4 MB, 0.9 s at 256 K).
 */
export const PARSE_CHARS = 256 * 1024;
/** One record longer than this is an unterminated quote, not data: stop before memory runs out. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const NEVER_CLOSED = 'opens a quoted field that is never closed';

/** Papa's parse result, as far as we use it. */
export interface PapaResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

export function countChar(text: string, ch: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1 && i < end; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Line breaks inside the fields of one parsed row (only quoted fields can hold them). */
function embeddedBreaks(row: readonly string[], ch: string): number {
  let n = 0;
  for (const field of row) if (field.indexOf(ch) !== -1) n += countChar(field, ch, field.length);
  return n;
}

export class CsvFeed {
  protected parser: Papa.Parser | undefined;
  /** Rows → columns; made once the delimiter is known. */
  protected sink: RowSink | undefined;
  protected delimiter = ',';
  protected carry = '';
  /** Characters appended to `carry` without parsing (see `feed`). */
  protected deferred = 0;
  /** Physical line (1-based) where the next parsed row starts. */
  protected line = 1;

  /** Parses `text` after what was carried over; keeps an incomplete last record for later. */
  protected feed(text: string, last: boolean): void {
    // A record much longer than a parse piece (a huge quoted field, or an unterminated quote):
    // parse it again only once the carried text has grown by half, not on every piece, so the
    // rescans stay linear overall instead of quadratic.
    if (!last && this.carry.length > 4 * PARSE_CHARS && this.deferred + text.length < this.carry.length / 2) {
      this.carry += text;
      this.deferred += text.length;
      return;
    }
    this.deferred = 0;
    const input = this.carry === '' ? text : this.carry + text;
    // Without a quote character every line is one record and every delimiter separates fields:
    // read the lines in place (what Papa would do, without an array per row and a string per
    // field). With quotes, Papa's parser handles them.
    const consumed = input.indexOf('"') === -1 ? this.feedPlain(input, last) : this.feedQuoted(input, last);
    this.carry = last ? '' : input.slice(consumed);
    if (this.carry.length > MAX_RECORD_CHARS)
      this.recordTooLong(this.line + countChar(input, '\n', consumed));
  }

  protected recordTooLong(line: number): never {
    this.sink!.problem(line, 'opens a quoted field that is never closed', true);
    throw this.sink!.malformedError();
  }

  /**
   * A whole decoded slice without quotes, read in place: unlike `feed`, no copy of the text is
   * made (carry + text), only the one line that runs across the slice boundary is joined.
   */
  protected feedPlainText(text: string, last: boolean): void {
    let from = 0;
    if (this.carry !== '') {
      // The carried line ends in `text` (line endings are all '\n' by now).
      const at = text.indexOf('\n');
      if (at === -1 && !last) {
        this.carry += text;
        if (this.carry.length > MAX_RECORD_CHARS) this.recordTooLong(this.line);
        return;
      }
      const line = this.carry + (at === -1 ? text : text.slice(0, at));
      this.carry = '';
      this.sink!.plainLine(line, 0, line.length, this.line++);
      if (at === -1) return;
      from = at + 1;
    }
    const consumed = this.feedPlain(text, last, from);
    this.carry = last ? '' : text.slice(consumed);
    if (this.carry.length > MAX_RECORD_CHARS) this.recordTooLong(this.line);
  }

  /** Lines of quote-free text from `from`; returns how much of `input` was consumed (up to the last break). */
  protected feedPlain(input: string, last: boolean, from = 0): number {
    const sink = this.sink!;
    const n = input.length;
    let pos = from;
    for (;;) {
      let end = input.indexOf('\n', pos);
      if (end === -1) {
        if (!last) return pos;
        end = n;
      }
      sink.plainLine(input, pos, end, this.line++);
      if (end === n) return n;
      pos = end + 1;
    }
  }

  /** Text with quotes, through Papa's parser; returns how much of `input` was consumed. */
  protected feedQuoted(input: string, last: boolean): number {
    const sink = this.sink!;
    const result: PapaResult = this.parser!.parse(input, 0, !last);
    const rows = result.data;
    const consumed = last ? input.length : result.meta.cursor;
    // Count line breaks per row only when the text holds more breaks than rows (a quoted field
    // with a line break in it); otherwise every row is one line.
    let breaks: Int32Array | undefined;
    const expected = last ? Math.max(rows.length - 1, 0) : rows.length;
    if (countChar(input, '\n', consumed) !== expected) {
      breaks = new Int32Array(rows.length);
      for (let r = 0; r < rows.length; r++) breaks[r] = embeddedBreaks(rows[r]!, '\n');
    }
    // A row's first error names the cause ("ab"c: text after the closing quote); an unclosed
    // quote among its errors makes it fatal (the field ran to the end of the text).
    let badRows: Map<number, { why: string; fatal: boolean }> | undefined;
    for (const e of result.errors) {
      if (e.row === undefined || e.row >= rows.length) continue;
      badRows ??= new Map();
      const fatal = e.code === 'MissingQuotes';
      const seen = badRows.get(e.row);
      if (seen) seen.fatal ||= fatal;
      else
        badRows.set(e.row, {
          why: fatal ? NEVER_CLOSED : 'has a quoted field with text after its closing quote',
          fatal,
        });
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = this.line;
      this.line = line + 1 + (breaks ? breaks[r]! : 0);
      const bad = badRows?.get(r);
      if (bad === undefined) sink.row(row, line);
      // A lone unclosed quote reads as one empty field: still an unclosed quote, not a blank line.
      else if ((bad.fatal || !(row.length === 1 && row[0] === '')) && !(sink.hintLine && line === 1))
        sink.problem(line, bad.why, bad.fatal);
    }
    return consumed;
  }
}
