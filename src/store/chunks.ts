/**
 * How a columnar Table becomes stored records and back: each column is cut into chunks of
 * `chunkRows` rows holding the raw bytes of its typed array; categorical dictionaries are cut
 * into pieces. Pure functions: no database access here.
 */
import { isCategoricalColumn, type Column, type ColumnType, type Table } from '../core/table/table';
import type { ColumnChunkRecord, DictionaryPieceRecord } from './db';
import type { SchemaColumn } from './records';

/**
 * Rows per chunk: 1 MiB for a number column, small enough that streaming readers get frequent
 * progress and large enough that a 5M-row column is only ~40 records.
 */
export const DEFAULT_CHUNK_ROWS = 131_072;

/** A dictionary piece ends after this many strings or this many UTF-16 code units, whichever first. */
export const DICTIONARY_PIECE_ENTRIES = 65_536;
export const DICTIONARY_PIECE_CHARS = 1_000_000;

type Storage = 'float64' | 'uint8' | 'int32';

function storageOf(type: ColumnType): Storage {
  switch (type) {
    case 'integer':
    case 'number':
    case 'date':
    case 'datetime':
      return 'float64';
    case 'boolean':
      return 'uint8';
    case 'category':
    case 'text':
    case 'identifier':
      return 'int32';
  }
}

const BYTES_PER_ROW: Record<Storage, number> = { float64: 8, uint8: 1, int32: 4 };

function columnArray(c: Column): Float64Array | Uint8Array | Int32Array {
  return isCategoricalColumn(c) ? c.codes : c.values;
}

/** Number of chunks a column of `rowCount` rows is cut into. */
export function chunkCount(rowCount: number, chunkRows: number): number {
  return Math.ceil(rowCount / chunkRows);
}

/** Bytes the table takes once stored (column data plus dictionaries at two bytes per character). */
export function estimateStoredBytes(table: Table): number {
  let bytes = 0;
  for (const c of table.columns) {
    bytes += table.rowCount * BYTES_PER_ROW[storageOf(c.type)];
    if (isCategoricalColumn(c)) for (const s of c.dictionary) bytes += 2 * s.length + 8;
  }
  return bytes;
}

/**
 * The chunk records of one column, lazily. Each `data` is a `.slice()` copy: structured clone of
 * a typed-array view clones its WHOLE underlying buffer, so storing views would write the full
 * column once per chunk.
 */
export function* encodeColumnChunks(
  versionId: string,
  columnIndex: number,
  column: Column,
  rowCount: number,
  chunkRows: number,
): Generator<ColumnChunkRecord> {
  const array = columnArray(column);
  for (let chunk = 0; chunk < chunkCount(rowCount, chunkRows); chunk++) {
    const start = chunk * chunkRows;
    const part = array.slice(start, Math.min(start + chunkRows, rowCount));
    yield { versionId, column: columnIndex, chunk, data: part.buffer };
  }
}

/** The dictionary pieces of a categorical column, lazily (none for other columns). */
export function* encodeDictionaryPieces(
  versionId: string,
  columnIndex: number,
  column: Column,
): Generator<DictionaryPieceRecord> {
  if (!isCategoricalColumn(column)) return;
  const dict = column.dictionary;
  let piece = 0;
  let start = 0;
  while (start < dict.length) {
    let end = start;
    let chars = 0;
    while (end < dict.length && end - start < DICTIONARY_PIECE_ENTRIES && chars < DICTIONARY_PIECE_CHARS) {
      chars += dict[end]!.length;
      end++;
    }
    yield { versionId, column: columnIndex, piece, values: dict.slice(start, end) };
    piece++;
    start = end;
  }
}

/** Thrown when stored chunks do not add up to the version they belong to. */
export class DamagedDatasetError extends Error {
  override readonly name = 'DamagedDatasetError';
}

/**
 * Rebuilds a column from its chunks (in chunk order) and dictionary pieces (in piece order).
 * Checks that every chunk is there with the right length, so damaged storage is reported
 * rather than read as silently shifted rows.
 */
export function decodeColumn(
  schema: SchemaColumn,
  rowCount: number,
  chunkRows: number,
  chunks: readonly ColumnChunkRecord[],
  dictionaryPieces: readonly DictionaryPieceRecord[],
): Column {
  const storage = storageOf(schema.type);
  const expected = chunkCount(rowCount, chunkRows);
  const damaged = (what: string): DamagedDatasetError =>
    new DamagedDatasetError(
      `Column "${schema.name}" of this dataset version is damaged in storage (${what}). ` +
        'Delete the version and import or prepare it again.',
    );
  chunks.forEach((rec, i) => {
    if (rec.chunk !== i) throw damaged(`chunk ${i} of ${expected} is missing`);
  });
  if (chunks.length !== expected) throw damaged(`${chunks.length} of ${expected} chunks found`);
  const target = allocate(storage, rowCount);
  chunks.forEach((rec, i) => {
    const part = view(storage, rec.data);
    const start = i * chunkRows;
    const want = Math.min(chunkRows, rowCount - start);
    if (part.length !== want) throw damaged(`chunk ${i} holds ${part.length} rows, expected ${want}`);
    target.set(part, start);
  });
  if (storage !== 'int32') return toColumn(schema, target, undefined);
  const dictionary: string[] = [];
  dictionaryPieces.forEach((p, i) => {
    if (p.piece !== i) throw damaged(`dictionary piece ${i} is missing`);
    for (const v of p.values) dictionary.push(v);
  });
  return toColumn(schema, target, dictionary);
}

type StoredArray = Float64Array | Uint8Array | Int32Array;

function allocate(storage: Storage, n: number): StoredArray {
  if (storage === 'float64') return new Float64Array(n);
  if (storage === 'uint8') return new Uint8Array(n);
  return new Int32Array(n);
}

function view(storage: Storage, buffer: ArrayBuffer): StoredArray {
  if (storage === 'float64') return new Float64Array(buffer);
  if (storage === 'uint8') return new Uint8Array(buffer);
  return new Int32Array(buffer);
}

function toColumn(
  schema: SchemaColumn,
  data: StoredArray,
  dictionary: readonly string[] | undefined,
): Column {
  const { name, type } = schema;
  switch (type) {
    case 'boolean':
      if (data instanceof Uint8Array)
        return schema.labels
          ? { name, type, values: data, labels: schema.labels }
          : { name, type, values: data };
      break;
    case 'category':
    case 'text':
    case 'identifier':
      if (data instanceof Int32Array) return { name, type, codes: data, dictionary: dictionary ?? [] };
      break;
    default:
      if (data instanceof Float64Array) return { name, type, values: data };
  }
  throw new Error(`Internal error: a ${type} column was decoded as ${data.constructor.name}.`);
}

/**
 * A chunk's bytes as the typed array its column type stores (f64, u8, i32), or undefined when
 * the bytes cannot be one (a partial element).
 */
export function chunkArray(type: ColumnType, data: ArrayBuffer): StoredArray | undefined {
  const storage = storageOf(type);
  if (data.byteLength % BYTES_PER_ROW[storage] !== 0) return undefined;
  return view(storage, data);
}

/** Whether the column's type is stored with a dictionary. */
export function hasDictionary(type: ColumnType): boolean {
  return storageOf(type) === 'int32';
}
