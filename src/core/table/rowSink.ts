/**
 * The second half of CSV ingest: parsed rows → typed columns. Takes rows as string arrays (from
 * PapaParse, when the text has quotes) or as lines of plain text read in place (no quotes: the
 * common case, and the fast one — number fields become doubles without a string per field).
 * Owns the header, the row width, the malformed-row problems and the column builders.
 */

import { ColumnBuilder, type IngestColumnInfo, type SliceColumn } from './columnBuilder';
import type { KindDecision } from './infer';
import { HASH_BLOCK_ROWS, TableHasher, type PartialTableHash } from './hash';
import { IngestError, type IngestOptions, type IngestProblem } from './ingestTypes';
import { cleanHeaderNames } from './sniff';
import type { Column, Table } from './table';

const MAX_PROBLEMS = 100;

export interface SinkResult {
  table: Table;
  columns: IngestColumnInfo[];
  skipped: IngestProblem[];
  skippedCount: number;
  renamedColumns: { from: string; to: string }[];
}

/** What a helper read from a later slice of the file (rows, problems, columns), to append. */
export interface SliceRows {
  rows: number;
  problems: IngestProblem[];
  problemCount: number;
  fatal: boolean;
  columns: SliceColumn[];
}

/** How the first part of the file is read, for a helper reading a later slice the same way. */
export interface SliceReading {
  names: string[];
  hasHeader: boolean;
  decisions: KindDecision[];
}

export class RowSink {
  /** Whether the first non-blank row is a header (set once sniffed). */
  hasHeader = true;
  /** The file starts with Excel's "sep=" line (line 1 is then not data). */
  hintLine = false;
  headerLine = 0;
  rows = 0;
  private builders: ColumnBuilder[] | undefined;
  private width = 0;
  private readonly problems: IngestProblem[] = [];
  private problemCount = 0;
  private renamed: { from: string; to: string }[] = [];
  /** Field bounds of the current plain line, reused from line to line. */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);

  constructor(
    private readonly options: IngestOptions,
    private readonly delimiter: string,
    private readonly warnings: string[],
  ) {}

  /** Pre-sizes the columns for an expected number of rows (no-op before the header). */
  reserve(rows: number): void {
    for (const b of this.builders ?? []) b.reserve(rows);
  }

  /** One parsed row starting on physical line `line`. */
  row(row: readonly string[], line: number): void {
    if ((row.length === 1 && row[0] === '') || (this.hintLine && line === 1)) return;
    const builders = this.builders ?? this.begin(row, line);
    if (this.hasHeader && line === this.headerLine) return;
    if (row.length !== this.width && !this.fitsWithTrailingBlanks(row)) {
      const what = this.hasHeader ? 'the header has' : 'the first row has';
      this.problem(line, `has ${row.length} field${row.length === 1 ? '' : 's'} but ${what} ${this.width}`);
      return;
    }
    // Once a stop-mode ingest has failed, keep counting problems but stop building columns.
    if (this.options.malformed !== 'skip' && this.problemCount > 0) return;
    for (let c = 0; c < builders.length; c++) builders[c]!.push(row[c]!, line);
    this.rows++;
  }

  /**
   * The line `src[start, end)`, which holds no quote character, so its fields are exactly the
   * text between delimiters. Rows that need the general rules (the header,
   * blank or ragged lines) go through `row`.
   */
  plainLine(src: string, start: number, end: number, line: number): void {
    const builders = this.builders;
    // Before the first row there are no builders (and line 1 may be a "sep=" hint): general rules.
    if (!builders || start === end || (this.hasHeader && line === this.headerLine)) {
      this.row(src.slice(start, end).split(this.delimiter), line);
      return;
    }
    const width = this.width;
    const starts = this.starts;
    const ends = this.ends;
    const step = this.delimiter.length;
    let count = 0;
    let extra = false;
    for (let p = start; ;) {
      // indexOf is native and vectorised: faster than a charCodeAt loop even on short fields.
      let q = src.indexOf(this.delimiter, p);
      if (q === -1 || q > end) q = end;
      if (count < width) {
        starts[count] = p;
        ends[count] = q;
      } else if (q > p) extra = true;
      count++;
      if (q >= end) break;
      p = q + step;
    }
    if (count < width || extra) {
      this.row(src.slice(start, end).split(this.delimiter), line);
      return;
    }
    if (this.options.malformed !== 'skip' && this.problemCount > 0) return;
    for (let c = 0; c < width; c++) builders[c]!.pushSpan(src, starts[c]!, ends[c]!, line);
    this.rows++;
  }

  /**
   * The reading a later slice needs (column names, every column's decision), or undefined while
   * a column is still gathering its sample.
   */
  sliceReading(): SliceReading | undefined {
    const builders = this.builders;
    if (!builders) return undefined;
    const decisions: KindDecision[] = [];
    for (const b of builders) {
      const d = b.decision();
      if (!d) return undefined;
      decisions.push(d);
    }
    return { names: builders.map((b) => b.name), hasHeader: this.hasHeader, decisions };
  }

  /**
   * Hashes the whole blocks of rows read so far (HASH_BLOCK_ROWS each) into a TableHasher opened
   * for a row count not known yet; `hashTableFrom` finishes it once the table is. Only for rows
   * whose stored values can no longer change (see CsvIngest.joinSlice).
   */
  async hashWholeBlocks(): Promise<PartialTableHash | undefined> {
    const builders = this.builders;
    const rows = Math.floor(this.rows / HASH_BLOCK_ROWS) * HASH_BLOCK_ROWS;
    if (!builders || rows === 0) return undefined;
    const stored = builders.map((b) => b.storedRows(rows));
    const hasher = new TableHasher(
      Infinity,
      builders.map((b, c) => ({ name: b.name, type: stored[c]!.type })),
    );
    for (let c = 0; c < stored.length; c++) await hasher.push(c, 0, stored[c]!.part, stored[c]!.dictionary);
    return { hasher, rows };
  }

  /** Each column's reading generation (see ColumnBuilder.readingGeneration). */
  generations(): number[] {
    return (this.builders ?? []).map((b) => b.readingGeneration);
  }

  /** Sets up a sink for a later slice: no header; columns read as `reading` decided. */
  continueFrom(reading: SliceReading, rowsHint: number): void {
    this.hasHeader = reading.hasHeader;
    this.headerLine = 0;
    this.width = reading.names.length;
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
    const overrides = this.options.typeOverrides ?? {};
    const hints = { delimiter: this.delimiter, dayFirst: this.options.dayFirst ?? false };
    this.builders = reading.names.map((n, c) =>
      ColumnBuilder.continuing(
        n,
        hints,
        Object.hasOwn(overrides, n) ? overrides[n] : undefined,
        reading.decisions[c]!,
        rowsHint,
      ),
    );
  }

  /** What this (continuing) sink read. */
  sliceRows(): SliceRows {
    return {
      rows: this.rows,
      problems: this.problems,
      problemCount: this.problemCount,
      fatal: this.fatal,
      columns: (this.builders ?? []).map((b) => b.sliceColumn()),
    };
  }

  /**
   * Appends a later slice's rows when every column can take them exactly (see
   * ColumnBuilder.canAppend; `generations` as they were when the slice was handed out). The
   * slice's line numbers are shifted by `lineShift` (it counted from 1).
   * Returns false, changing nothing, otherwise.
   */
  appendSlice(slice: SliceRows, generations: readonly number[], lineShift: number): boolean {
    const builders = this.builders;
    if (!builders || slice.columns.length !== builders.length) return false;
    for (let c = 0; c < builders.length; c++)
      if (!builders[c]!.canAppend(slice.columns[c]!, generations[c]!)) return false;
    for (let c = 0; c < builders.length; c++) builders[c]!.append(slice.columns[c]!, lineShift);
    this.rows += slice.rows;
    for (const p of slice.problems) {
      if (this.problems.length >= MAX_PROBLEMS) break;
      const line = p.line + lineShift;
      this.problems.push({ line, message: p.message.replace(/^Line \d+/, `Line ${line}`) });
    }
    this.problemCount += slice.problemCount;
    this.fatal ||= slice.fatal;
    return true;
  }

  /** Extra fields that are all empty (a trailing delimiter) are tolerated. */
  private fitsWithTrailingBlanks(row: readonly string[]): boolean {
    if (row.length < this.width) return false;
    for (let c = this.width; c < row.length; c++) if (row[c] !== '') return false;
    return true;
  }

  /** The first non-blank row: column names (or, without a header, generated names). */
  private begin(row: readonly string[], line: number): ColumnBuilder[] {
    this.width = row.length;
    this.starts = new Int32Array(row.length);
    this.ends = new Int32Array(row.length);
    let names: string[];
    if (this.hasHeader) {
      this.headerLine = line;
      const cleaned = cleanHeaderNames(row);
      names = cleaned.names;
      this.renamed = cleaned.renamed;
    } else {
      names = row.map((_, i) => `column_${i + 1}`);
    }
    const overrides = this.options.typeOverrides ?? {};
    for (const name of Object.keys(overrides)) {
      if (!names.includes(name)) {
        this.warnings.push(
          `A type was chosen for column "${name}", but the file has no column of that name.`,
        );
      }
    }
    const hints = { delimiter: this.delimiter, dayFirst: this.options.dayFirst ?? false };
    this.builders = names.map(
      (n) => new ColumnBuilder(n, hints, Object.hasOwn(overrides, n) ? overrides[n] : undefined),
    );
    return this.builders;
  }

  /**
   * A problem that skipping cannot fix: an unclosed quote swallows every line after it, so
   * leaving its row out would silently drop the rest of the file.
   */
  fatal = false;

  problem(line: number, message: string, fatal = false): void {
    if (fatal) this.fatal = true;
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS)
      this.problems.push({ line, message: `Line ${line} ${message}.` });
  }

  malformedError(): IngestError {
    const n = this.problemCount;
    const shown = this.problems.slice(0, 3).map((p) => `l${p.message.slice(1, -1)}`);
    const more = n > shown.length ? `, and ${n - shown.length} more` : '';
    return new IngestError(
      'malformed',
      `"${this.options.fileName}" has ${n} malformed row${n === 1 ? '' : 's'}: ${shown.join('; ')}${more}. ` +
        'Fix those lines in the file, or choose to skip malformed rows.',
      { line: this.problems[0]?.line, problems: this.problems, problemCount: n },
    );
  }

  /** The columns, once every row is in; throws the IngestError the rows call for. */
  finish(emptyError: () => IngestError): SinkResult {
    const file = this.options.fileName;
    const builders = this.builders;
    // No header was read: a malformed first row (an unclosed quote) is the reason, not emptiness.
    if (!builders) throw this.problemCount > 0 ? this.malformedError() : emptyError();
    const skipping = this.options.malformed === 'skip';
    if (this.problemCount > 0 && (!skipping || this.fatal)) throw this.malformedError();
    // Skipping that would leave no row at all is a file read wrongly, not a few bad rows.
    if (this.rows === 0 && this.problemCount > 0) throw this.malformedError();
    if (this.rows === 0) {
      const where = this.hasHeader
        ? `has a header row (line ${this.headerLine}) but no data rows`
        : 'has no data rows';
      throw new IngestError(
        'no-rows',
        `"${file}" ${where}. Add rows of data below the header, or choose another file.`,
        {
          line: this.hasHeader ? this.headerLine : undefined,
          problems: this.problems,
          problemCount: this.problemCount,
        },
      );
    }
    if (this.problemCount > 0) {
      this.warnings.push(
        `Skipped ${this.problemCount} malformed row${this.problemCount === 1 ? '' : 's'} of "${file}" ` +
          `(first: ${this.problems[0]!.message.replace(/\.$/, '')}).`,
      );
    }
    const columns: Column[] = [];
    const infos = builders.map((b) => {
      const { column, info } = b.finish();
      columns.push(column);
      this.warnings.push(...b.warnings);
      return info;
    });
    for (const r of this.renamed)
      this.warnings.push(`Column "${r.from}" in the header was renamed "${r.to}".`);
    return {
      table: { rowCount: this.rows, columns },
      columns: infos,
      skipped: skipping ? this.problems : [],
      skippedCount: skipping ? this.problemCount : 0,
      renamedColumns: this.renamed,
    };
  }
}
