/**
 * Writing a table as CSV (downloads of prepared data and predictions). RFC 4180: fields holding
 * the delimiter, a quote or a line break are quoted, quotes doubled; dates as ISO 8601; missing
 * as an empty field.
 */

import { formatDate } from './dates';
import {
  isBooleanColumn,
  isCategoricalColumn,
  isDateColumn,
  MISSING_BOOL,
  MISSING_CODE,
  type Column,
  type Table,
  booleanText,
} from './table';

export interface CsvWriteOptions {
  /**
   * Prefix text cells (and column names) that start with = + - @ (or their full-width forms
   * ＝ ＋ － ＠, which spreadsheets in East Asian locales also read as formulas), after any
   * leading spaces, or with a tab or CR, with a single quote, so a spreadsheet opening the file
   * never runs them as formulas (CSV injection). Numbers are never touched. Default true.
   */
  guardFormulas?: boolean;
  /** Default ','. */
  delimiter?: string;
  /** Default '\r\n' (RFC 4180). */
  newline?: '\r\n' | '\n';
}

// Spreadsheets trim leading spaces (and ideographic spaces) before deciding a cell is a formula.
const FORMULA_START = /^[\t\r]|^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

function field(text: string, delimiter: string, guard: boolean): string {
  const t = guard && FORMULA_START.test(text) ? `'${text}` : text;
  if (t.includes(delimiter) || t.includes('"') || t.includes('\n') || t.includes('\r')) {
    return `"${t.replaceAll('"', '""')}"`;
  }
  return t;
}

/**
 * A function writing one column's cell at a row as a CSV field. Text cells are quoted once per
 * dictionary entry and dates formatted once per distinct value, not once per row.
 */
function cellWriter(col: Column, delimiter: string, guard: boolean): (row: number) => string {
  if (isCategoricalColumn(col)) {
    const fields = col.dictionary.map((t) => field(t, delimiter, guard));
    return (r) => {
      const code = col.codes[r]!;
      return code === MISSING_CODE ? '' : fields[code]!;
    };
  }
  if (isBooleanColumn(col)) {
    return (r) => {
      const v = col.values[r]!;
      return v === MISSING_BOOL ? '' : field(booleanText(col, v), delimiter, guard);
    };
  }
  if (isDateColumn(col)) {
    const cache = new Map<number, string>();
    const withTime = col.type === 'datetime';
    return (r) => {
      const v = col.values[r]!;
      if (v !== v) return '';
      let text = cache.get(v);
      if (text === undefined) {
        text = formatDate(v, withTime);
        if (cache.size < 100_000) cache.set(v, text);
      }
      return text;
    };
  }
  // Only text cells can carry a formula; "-5" in a number column is a number.
  return (r) => {
    const v = col.values[r]!;
    return v !== v ? '' : String(v);
  };
}

/**
 * The table as CSV text in parts of about `rowsPerPart` rows each (the first part starts with
 * the header), so large tables can become a Blob without one giant string.
 */
export function* tableToCsvParts(
  table: Table,
  options: CsvWriteOptions = {},
  rowsPerPart = 10_000,
): Generator<string> {
  const guard = options.guardFormulas ?? true;
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\r\n';
  const cols = table.columns;
  const writers = cols.map((c) => cellWriter(c, delimiter, guard));
  // Fields collected in an array and joined once per part: flat strings, and far less garbage
  // than growing a string cell by cell.
  let pieces: string[] = [cols.map((c) => field(c.name, delimiter, guard)).join(delimiter), newline];
  const last = writers.length - 1;
  for (let r = 0; r < table.rowCount; r++) {
    for (let c = 0; c <= last; c++) {
      pieces.push(writers[c]!(r));
      pieces.push(c === last ? newline : delimiter);
    }
    if ((r + 1) % rowsPerPart === 0) {
      yield pieces.join('');
      pieces = [];
    }
  }
  if (pieces.length > 0) yield pieces.join('');
}

/** The whole table as one CSV string; see CsvWriteOptions (formula guard on by default). */
export function tableToCsv(table: Table, options: CsvWriteOptions = {}): string {
  return Array.from(tableToCsvParts(table, options)).join('');
}
