/**
 * Builds one typed column from a stream of cell texts. The first SAMPLE_SIZE non-missing texts
 * are held back and decide the storage (decideKind); after that every text is parsed straight
 * into a growing typed array. A text that does not fit widens the column to text: what was read
 * is re-encoded as strings and the line is remembered (`mixedFrom`). With a type override the
 * column never widens: texts that do not convert become missing and are counted.
 */

import { formatDate, parseDate, parseDateInto, swapDayMonth, type DateOrder } from './dates';
import {
  type StorageKind,
  classifyStrings,
  decideKind,
  decisionForOverride,
  stringStats,
  type InferHints,
  type KindDecision,
} from './infer';
import { ColumnStorage, EMPTY_F64, EMPTY_U8, MIN_CAPACITY } from './columnStorage';
import { freeBuffer } from './freeBuffer';
import { SPAN_MISS, SpanCache } from './spanCache';
import { MISSING_BOOL, MISSING_CODE, type Column, type ColumnType } from './table';
import {
  isMissingText,
  numberShape,
  numberShapeAt,
  NumberShape,
  numberValue,
  parseBooleanText,
  booleanLabels,
  lastScan,
} from './values';

/** What ingest reports about one column. */
export interface IngestColumnInfo {
  name: string;
  type: ColumnType;
  /** Every date fitted both day-first and month-first; `dateFormat` is the reading chosen. */
  ambiguousDate?: boolean;
  /** Field order of a date column: 'ymd' (ISO), 'dmy' or 'mdy'. */
  dateFormat?: DateOrder;
  /** Numbers were written with a decimal comma (1.234,5). */
  decimalComma?: boolean;
  /** The column was read as text from this line on (or from the start, when the first values
   * already disagreed): the first value that did not fit the column's earlier type. */
  mixedFrom?: { line: number; value: string };
  /** The type came from `typeOverrides`. */
  overridden?: boolean;
  /** With an override: values that did not convert and became missing. */
  failures?: number;
}

/**
 * One column of a slice of the file read by a helper (ingestSlice.ts), as its builder stored it,
 * for the builder of the slice before it to append.
 */
export interface SliceColumn {
  kind: StorageKind;
  length: number;
  /** The stored rows (the array may be longer than `length`): f64, u8 or i32 codes by `kind`. */
  values: Float64Array | Uint8Array | Int32Array;
  /** For text storage: what the codes index. */
  dictionary: string[];
  integer: boolean;
  ambiguousDate: boolean;
  hasTime: boolean;
  trueText: string;
  falseText: string;
  failureCount: number;
  failureExamples: { line: number; value: string }[];
  rangeCount: number;
  rangeExample: { line: number; value: string } | undefined;
  /** The reading changed inside the slice (widened to text, dates re-read in the other order). */
  diverged: boolean;
}

export const SAMPLE_SIZE = 500;
const MAX_FAILURE_EXAMPLES = 5;

export class ColumnBuilder extends ColumnStorage {
  readonly name: string;
  private readonly hints: InferHints;
  private readonly override: ColumnType | undefined;
  private d: KindDecision = decideKind([]);

  private sample: string[] = [];
  private sampleRows: number[] = [];
  private sampleLines: number[] = [];

  private dict = new Map<string, number>();
  private dictList: string[] = [];
  private trueText = '';
  private falseText = '';
  private readonly dateOut = { hasTime: false, bothOrders: false };

  private mixed: { line: number; value: string; from: ColumnType } | undefined;
  /**
   * Bumped whenever the stored meaning of a text changes (storage decided, widened to text,
   * dates re-read in the other order): what pushSpan's cache remembers is then stale.
   */
  private generation = 0;
  private spans: SpanCache | undefined;
  private failureCount = 0;
  /** Numbers beyond a double's range (read as missing), and the first of them. */
  private rangeCount = 0;
  private rangeExample: { line: number; value: string } | undefined;
  readonly failureExamples: { line: number; value: string }[] = [];
  /** Messages for the ingest result's warnings. */
  readonly warnings: string[] = [];

  constructor(name: string, hints: InferHints, override?: ColumnType) {
    super();
    this.name = name;
    this.hints = hints;
    this.override = override;
  }

  /** Appends the next row's cell text; `line` is its physical line in the file. */
  push(text: string, line: number): void {
    const i = this.length;
    if (this.state === 'pending') {
      this.length = i + 1;
      if (isMissingText(text)) return;
      this.sample.push(text);
      this.sampleRows.push(i);
      this.sampleLines.push(line);
      if (this.sample.length >= SAMPLE_SIZE) this.decide();
      return;
    }
    if (i === this.cap) this.grow();
    this.length = i + 1;
    this.put(i, text, line);
  }

  /**
   * push(src.slice(start, end), line), reading the field in place where it can: a number
   * column makes no string for a value it can store directly, and a category, date or boolean
   * column none for a text it has stored before (SpanCache). Anything else (missing spellings,
   * misfits, the sample, overrides) goes through push with the text.
   */
  pushSpan(src: string, start: number, end: number, line: number): void {
    const i = this.length;
    const state = this.state;
    if (state === 'number') {
      if (i < this.cap) {
        if (start === end) {
          this.f64[i] = NaN;
          this.length = i + 1;
          return;
        }
        const shape = numberShapeAt(src, start, end, this.d.numberStyle);
        const v = lastScan.value;
        if (
          v === v &&
          (shape === NumberShape.Integer || (shape === NumberShape.Decimal && !this.d.integer))
        ) {
          this.f64[i] = v;
          this.length = i + 1;
          return;
        }
      }
    } else if (state !== 'pending' && this.override === undefined) {
      const cache = (this.spans ??= new SpanCache());
      if (cache.generation !== this.generation) cache.clear(this.generation);
      const slot = cache.find(src, start, end);
      if (slot >= 0 && i < this.cap) {
        this.storeAt(i, cache.values[slot]!);
        this.length = i + 1;
        return;
      }
      if (slot === SPAN_MISS) {
        const text = src.slice(start, end);
        const generation = this.generation;
        this.push(text, line);
        // Only a text whose reading has no side effect left to repeat is remembered.
        if (this.generation === generation) cache.remember(text, this.storedAt(i));
        return;
      }
    }
    this.push(src.slice(start, end), line);
  }

  private put(i: number, text: string, line: number): void {
    switch (this.state) {
      case 'number': {
        const style = this.d.numberStyle;
        const shape = numberShape(text, style);
        if (shape === NumberShape.Integer) {
          this.f64[i] = lastScan.value === lastScan.value ? lastScan.value : numberValue(text, style);
        } else if (shape === NumberShape.Decimal) {
          const v = lastScan.value === lastScan.value ? lastScan.value : numberValue(text, style);
          // 1e309 reads as ±Infinity, which no statistic or model can use: missing, and counted.
          if (v === Infinity || v === -Infinity) return this.outOfRange(i, text, line);
          if (this.d.integer) {
            if (this.override === 'integer') return this.fail(i, text, line);
            this.d.integer = false;
          }
          this.f64[i] = v;
        } else if (isMissingText(text)) {
          this.f64[i] = NaN;
        } else
          this.misfit(i, text, line, shape === NumberShape.LeadingZero || shape === NumberShape.LongInteger);
        return;
      }
      case 'date': {
        const out = this.dateOut;
        let t = parseDateInto(text, this.d.dateOrder, out);
        if (t === t) {
          if (this.d.ambiguousDate && !out.bothOrders) this.d.ambiguousDate = false;
          if (out.hasTime) {
            if (this.override === 'date') t = Math.floor(t / 86_400_000) * 86_400_000;
            else this.d.hasTime = true;
          }
          this.f64[i] = t;
        } else if (isMissingText(text)) {
          this.f64[i] = NaN;
        } else if (this.d.ambiguousDate && this.switchDateOrder(i, text)) {
          this.put(i, text, line);
        } else this.misfit(i, text, line, false);
        return;
      }
      case 'boolean': {
        const b = parseBooleanText(text);
        if (b === 1) {
          if (this.trueText === '') this.trueText = text;
          this.u8[i] = 1;
        } else if (b === 0) {
          if (this.falseText === '') this.falseText = text;
          this.u8[i] = 0;
        } else if (isMissingText(text)) {
          this.u8[i] = MISSING_BOOL;
        } else if (this.override === 'boolean' && (text === '1' || text === '0')) {
          this.u8[i] = text === '1' ? 1 : 0;
        } else this.misfit(i, text, line, false);
        return;
      }
      default: {
        if (isMissingText(text)) {
          this.codes[i] = MISSING_CODE;
          return;
        }
        let code = this.dict.get(text);
        if (code === undefined) {
          code = this.dictList.length;
          this.dict.set(text, code);
          this.dictList.push(text);
        }
        this.codes[i] = code;
      }
    }
  }

  /**
   * The column was read month-first (or day-first) while every value fitted both; this value
   * fits only the other order. Earlier values all had day and month ≤ 12, so swapping their
   * month and day re-reads them exactly.
   */
  private switchDateOrder(i: number, text: string): boolean {
    const other: DateOrder = this.d.dateOrder === 'mdy' ? 'dmy' : 'mdy';
    if (Number.isNaN(parseDate(text, other))) return false;
    for (let k = 0; k < i; k++) this.f64[k] = swapDayMonth(this.f64[k]!);
    this.d.dateOrder = other;
    this.d.ambiguousDate = false;
    this.generation++;
    return true;
  }

  private fail(i: number, text: string, line: number): void {
    this.failureCount++;
    if (this.failureExamples.length < MAX_FAILURE_EXAMPLES) this.failureExamples.push({ line, value: text });
    if (this.state === 'boolean') this.u8[i] = MISSING_BOOL;
    else if (this.state === 'string') this.codes[i] = MISSING_CODE;
    else this.f64[i] = NaN;
  }

  private outOfRange(i: number, text: string, line: number): void {
    this.f64[i] = NaN;
    this.rangeCount++;
    this.rangeExample ??= { line, value: text };
  }

  /** A value that does not fit: counted with an override, otherwise the column becomes text. */
  private misfit(i: number, text: string, line: number, isCode: boolean): void {
    // " 12" and "yes " fit once trimmed; only text columns keep surrounding spaces.
    const trimmed = text.trim();
    if (trimmed !== text) return this.put(i, trimmed, line);
    if (this.override !== undefined) return this.fail(i, text, line);
    const from = this.currentType();
    this.toStrings(i);
    if (isCode) this.d.codes = true;
    this.recordMixed(line, text, from);
    this.put(i, text, line);
  }

  private recordMixed(line: number, value: string, from: ColumnType): void {
    if (this.mixed) return;
    this.mixed = { line, value, from };
    this.warnings.push(
      `Column "${this.name}" looked like ${from} but line ${line} has "${clip(value)}", so the whole ` +
        `column is read as text. Fix that value, or cast the column to ${from} to turn such values into missing.`,
    );
  }

  /** Re-encodes rows [0, upTo) as strings: numbers in shortest form, dates as ISO, booleans as read. */
  private toStrings(upTo: number): void {
    const codes = new Int32Array(this.cap);
    const intern = (s: string): number => {
      let c = this.dict.get(s);
      if (c === undefined) {
        c = this.dictList.length;
        this.dict.set(s, c);
        this.dictList.push(s);
      }
      return c;
    };
    if (this.state === 'boolean') {
      const t = this.trueText || 'true';
      const f = this.falseText || 'false';
      for (let k = 0; k < upTo; k++) {
        const v = this.u8[k]!;
        codes[k] = v === MISSING_BOOL ? MISSING_CODE : intern(v === 1 ? t : f);
      }
    } else {
      const isDate = this.state === 'date';
      const hasTime = this.d.hasTime;
      for (let k = 0; k < upTo; k++) {
        const v = this.f64[k]!;
        codes[k] = v !== v ? MISSING_CODE : intern(isDate ? formatDate(v, hasTime) : String(v));
      }
    }
    this.codes = codes;
    this.f64 = EMPTY_F64;
    this.u8 = EMPTY_U8;
    this.state = 'string';
    this.generation++;
  }

  private currentType(): ColumnType {
    if (this.state === 'number') return this.d.integer ? 'integer' : 'number';
    if (this.state === 'date') return this.d.hasTime ? 'datetime' : 'date';
    if (this.state === 'boolean') return 'boolean';
    return 'text';
  }

  /** Chooses the storage from the sample (or the override) and replays the sample into it. */
  private decide(): void {
    const d = this.override
      ? decisionForOverride(this.sample, this.override, this.hints)
      : decideKind(this.sample, this.hints);
    this.d = d;
    this.state = d.kind;
    this.generation++;
    this.cap = 0;
    this.resize(Math.max(MIN_CAPACITY, this.length * 2, this.capacityHint));
    const { sample, sampleRows, sampleLines } = this;
    for (let k = 0; k < sample.length; k++) this.put(sampleRows[k]!, sample[k]!, sampleLines[k]!);
    if (d.misfit) this.recordMixed(sampleLines[d.misfit.index]!, d.misfit.value, d.misfit.wouldBe);
    this.sample = [];
    this.sampleRows = [];
    this.sampleLines = [];
  }

  /** The storage decision once made (undefined while the sample is still being gathered). */
  decision(): KindDecision | undefined {
    return this.state === 'pending' ? undefined : { ...this.d, misfit: undefined };
  }

  /** Changes whenever the reading of earlier rows changes (decided, widened, dates re-read). */
  get readingGeneration(): number {
    return this.generation;
  }

  /**
   * A builder for a later slice of the same file that reads its rows as this column read its
   * own when the slice was handed out (`d`), from its first row: no sample, no decision.
   */
  static continuing(
    name: string,
    hints: InferHints,
    override: ColumnType | undefined,
    d: KindDecision,
    rows: number,
  ): ColumnBuilder {
    const b = new ColumnBuilder(name, hints, override);
    b.d = { ...d, misfit: undefined };
    b.state = d.kind;
    b.generation = 1;
    b.resize(Math.max(MIN_CAPACITY, rows));
    return b;
  }

  /**
   * Rows [0, rows) as stored now, with a type of the same storage (for hashing them before the
   * column is finished: TableHasher.settle gives the final type).
   */
  storedRows(rows: number): {
    type: ColumnType;
    part: Float64Array | Uint8Array | Int32Array;
    dictionary?: string[];
  } {
    if (this.state === 'string')
      return { type: 'text', part: this.codes.subarray(0, rows), dictionary: this.dictList };
    if (this.state === 'boolean') return { type: 'boolean', part: this.u8.subarray(0, rows) };
    return { type: this.state === 'date' ? 'date' : 'number', part: this.f64.subarray(0, rows) };
  }

  /** What this (continuing) builder read, for the builder of the slice before to append. */
  sliceColumn(): SliceColumn {
    const state = this.state;
    return {
      kind: state === 'pending' ? 'string' : state,
      length: this.length,
      values: state === 'string' ? this.codes : state === 'boolean' ? this.u8 : this.f64,
      dictionary: this.dictList,
      integer: this.d.integer,
      ambiguousDate: this.d.ambiguousDate,
      hasTime: this.d.hasTime,
      trueText: this.trueText,
      falseText: this.falseText,
      failureCount: this.failureCount,
      failureExamples: this.failureExamples,
      rangeCount: this.rangeCount,
      rangeExample: this.rangeExample,
      diverged: state === 'pending' || this.generation !== 1 || this.mixed !== undefined,
    };
  }

  /**
   * Whether `part` can be appended giving exactly what reading its rows here would have given:
   * this column still reads as it did when the slice was handed out (`generation` then), and
   * the slice kept that reading throughout.
   */
  canAppend(part: SliceColumn, generation: number): boolean {
    return !part.diverged && this.generation === generation && part.kind === this.state;
  }

  /**
   * Appends a slice's rows (canAppend said yes): the flags and counts merge as one pass would;
   * the slice's lines are shifted by `lineShift`.
   */
  append(part: SliceColumn, lineShift: number): void {
    const at = this.length;
    const n = part.length;
    // The slice's array has room for every row (it grew by doubling): adopted, so this
    // column's own array is freed now, while a transferred one would wait for a garbage
    // collection (freeBuffer) and be held twice until then.
    const adopt = at > 0 && part.values.length >= at + n;
    if (!adopt && at + n > this.cap) {
      const old = this.state === 'string' ? this.codes : this.state === 'boolean' ? this.u8 : this.f64;
      this.resize(at + n);
      freeBuffer(old.buffer);
    }
    if (this.state === 'string') {
      const map = new Int32Array(part.dictionary.length);
      for (let k = 0; k < map.length; k++) {
        const text = part.dictionary[k]!;
        let code = this.dict.get(text);
        if (code === undefined) {
          code = this.dictList.length;
          this.dict.set(text, code);
          this.dictList.push(text);
        }
        map[k] = code;
      }
      const src = part.values as Int32Array;
      const codes = adopt ? src : this.codes;
      // In place when adopting: the rows move up past this column's rows afterwards.
      const to = adopt ? 0 : at;
      for (let k = 0; k < n; k++) {
        const c = src[k]!;
        codes[to + k] = c === MISSING_CODE ? MISSING_CODE : map[c]!;
      }
      if (adopt) this.codes = adoptRows(this.codes, src, at, n);
    } else if (this.state === 'boolean') {
      const src = part.values as Uint8Array;
      if (adopt) this.u8 = adoptRows(this.u8, src, at, n);
      else this.u8.set(src.subarray(0, n), at);
      if (this.trueText === '') this.trueText = part.trueText;
      if (this.falseText === '') this.falseText = part.falseText;
    } else {
      const src = part.values as Float64Array;
      if (adopt) this.f64 = adoptRows(this.f64, src, at, n);
      else this.f64.set(src.subarray(0, n), at);
      this.d.integer &&= part.integer;
      this.d.ambiguousDate &&= part.ambiguousDate;
      this.d.hasTime ||= part.hasTime;
    }
    if (adopt) this.cap = part.values.length;
    this.length = at + n;
    this.failureCount += part.failureCount;
    for (const e of part.failureExamples)
      if (this.failureExamples.length < MAX_FAILURE_EXAMPLES)
        this.failureExamples.push({ line: e.line + lineShift, value: e.value });
    this.rangeCount += part.rangeCount;
    if (part.rangeExample)
      this.rangeExample ??= { line: part.rangeExample.line + lineShift, value: part.rangeExample.value };
  }

  /** The finished column and what ingest reports about it. Call once, after the last push. */
  finish(): { column: Column; info: IngestColumnInfo } {
    if (this.state === 'pending') this.decide();
    if (this.cap - this.length > this.length / 8) this.resize(this.length);
    else if (this.cap !== this.length) this.trimToView();
    const name = this.name;
    const info: IngestColumnInfo = { name, type: 'text' };
    let column: Column;
    const o = this.override;
    if (this.state === 'number') {
      const type = o === 'integer' || o === 'number' ? o : this.d.integer ? 'integer' : 'number';
      column = { name, type, values: this.f64 };
      if (this.d.numberStyle === 'comma') info.decimalComma = true;
    } else if (this.state === 'date') {
      const type = o === 'date' || o === 'datetime' ? o : this.d.hasTime ? 'datetime' : 'date';
      column = { name, type, values: this.f64 };
      info.dateFormat = this.d.dateOrder;
      if (this.d.ambiguousDate) {
        info.ambiguousDate = true;
        this.warnings.push(
          `Column "${name}": every date fits both day-first and month-first; read as ` +
            `${this.d.dateOrder === 'dmy' ? 'day-first (31/12)' : 'month-first (12/31)'}. Check a few values.`,
        );
      }
    } else if (this.state === 'boolean') {
      const labels = booleanLabels(this.trueText.trim(), this.falseText.trim());
      column = labels
        ? { name, type: 'boolean', values: this.u8, labels }
        : { name, type: 'boolean', values: this.u8 };
    } else {
      const type =
        o === 'category' || o === 'text' || o === 'identifier'
          ? o
          : classifyStrings(
              stringStats(this.dictList, this.nonMissingCodes(), this.d.codes, this.mixed !== undefined),
            );
      column = { name, type, codes: this.codes, dictionary: this.dictList };
    }
    info.type = column.type;
    if (this.rangeExample && column.type !== 'text' && column.type !== 'category') {
      const n = this.rangeCount;
      this.warnings.push(
        `Column "${name}": ${n} value${n === 1 ? ' is' : 's are'} too large for a number (first on line ` +
          `${this.rangeExample.line}: "${clip(this.rangeExample.value)}") and ${n === 1 ? 'was' : 'were'} read as missing.`,
      );
    }
    if (this.mixed) info.mixedFrom = { line: this.mixed.line, value: this.mixed.value };
    if (o !== undefined) {
      info.overridden = true;
      info.failures = this.failureCount;
      const first = this.failureExamples[0];
      if (first) {
        this.warnings.push(
          `Column "${name}" was set to ${o}: ${this.failureCount} value(s) did not convert and are ` +
            `missing (first on line ${first.line}: "${clip(first.value)}").`,
        );
      }
    }
    return { column, info };
  }
}

/**
 * `slice` (rows [0, n), room for `at` more) with its rows moved up by `at` and `mine`'s first
 * `at` rows copied in front; `mine`'s memory is given back at once.
 */
function adoptRows<T extends Float64Array | Uint8Array | Int32Array>(
  mine: T,
  slice: T,
  at: number,
  n: number,
): T {
  slice.copyWithin(at, 0, n);
  slice.set(mine.subarray(0, at) as never, 0);
  freeBuffer(mine.buffer);
  return slice;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
