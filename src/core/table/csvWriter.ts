/**
 * Writing a table as CSV (downloads of prepared data and predictions). RFC 4180: fields holding
 * the delimiter, a quote or a line break are quoted, quotes doubled; dates as ISO 8601; missing
 * as an empty field.
 */

import { cellText, isCategoricalColumn, type Table } from './table';

export interface CsvWriteOptions {
  /**
   * Prefix text cells (and column names) that start with = + - @ tab or CR with a single quote,
   * so a spreadsheet opening the file never runs them as formulas (CSV injection). Numbers are
   * never touched. Default true.
   */
  guardFormulas?: boolean;
  /** Default ','. */
  delimiter?: string;
  /** Default '\r\n' (RFC 4180). */
  newline?: '\r\n' | '\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;

function field(text: string, delimiter: string, guard: boolean): string {
  const t = guard && FORMULA_START.test(text) ? `'${text}` : text;
  if (t.includes(delimiter) || t.includes('"') || t.includes('\n') || t.includes('\r')) {
    return `"${t.replaceAll('"', '""')}"`;
  }
  return t;
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
  const textual = cols.map((c) => isCategoricalColumn(c));
  let part = cols.map((c) => field(c.name, delimiter, guard)).join(delimiter) + newline;
  const cells: string[] = new Array<string>(cols.length);
  for (let r = 0; r < table.rowCount; r++) {
    for (let c = 0; c < cols.length; c++) {
      const text = cellText(cols[c]!, r);
      // Only text cells can carry a formula; "-5" in a number column is a number.
      cells[c] = field(text, delimiter, guard && textual[c]!);
    }
    part += cells.join(delimiter) + newline;
    if ((r + 1) % rowsPerPart === 0) {
      yield part;
      part = '';
    }
  }
  if (part !== '') yield part;
}

/** The whole table as one CSV string; see CsvWriteOptions (formula guard on by default). */
export function tableToCsv(table: Table, options: CsvWriteOptions = {}): string {
  return Array.from(tableToCsvParts(table, options)).join('');
}
