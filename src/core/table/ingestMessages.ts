/** The messages of CSV ingest that name where a file went wrong (line and column). */

import { IngestError } from './ingestTypes';

/** Where the invalid UTF-8 sequences of a file are (the first few), and how many there are. */
export interface InvalidBytes {
  count: number;
  at: { line: number; column: number }[];
}

export const START = { line: 1, column: 1 } as const;

export function latin1Warning(file: string, at: { line: number; column: number }): string {
  return (
    `"${file}" is not valid UTF-8: its first invalid byte (line ${at.line}, column ${at.column}) comes before ` +
    'any UTF-8 accented letter, so it was read as Windows-1252 (Latin-1). ' +
    'If accented letters look wrong, save the file as UTF-8 and load it again.'
  );
}

export function invalidUtf8Warning(file: string, invalid: InvalidBytes): string {
  const n = invalid.count;
  const places = invalid.at.map((p) => `line ${p.line}, column ${p.column}`).join('; ');
  const more = n > invalid.at.length ? `, and ${n - invalid.at.length} more` : '';
  return (
    `"${file}" has ${n} invalid UTF-8 byte sequence${n === 1 ? '' : 's'} (${places}${more}), ` +
    'each replaced by "\uFFFD"; the rest of the file was read as UTF-8. Fix those bytes, or save the file as UTF-8 again.'
  );
}

export function nulError(file: string, at: { line: number; column: number }): IngestError {
  return new IngestError(
    'binary',
    `"${file}" has a NUL byte (line ${at.line}, column ${at.column}), which no CSV text holds: ` +
      'the file is damaged or binary. Export the data as CSV again and load that file.',
    { line: at.line },
  );
}

export function emptyError(file: string): IngestError {
  return new IngestError(
    'empty',
    `"${file}" is empty (no bytes, or only blank lines). Choose a CSV file with a header row and rows of data.`,
  );
}
