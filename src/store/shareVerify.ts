/**
 * Checking an archive's dataset versions chunk by chunk, as they stream in: every chunk must
 * belong to a version of the archive, come next in its column, hold the rows its place says and
 * (for categorical columns) only codes of its dictionary; each version's content hash is
 * recomputed as the chunks pass (TableHasher: the same hash as hashTable over the whole table)
 * and compared with its record at the end. Nothing is kept but one hash state per column.
 */
import { ShareArchiveError } from '../core/share/format';
import { TableHasher } from '../core/table/hash';
import { COLUMN_TYPES, MISSING_CODE, type ColumnType } from '../core/table/table';
import { chunkArray, chunkCount, hasDictionary } from './chunks';
import type { ColumnChunkRecord, DictionaryPieceRecord } from './db';
import type { DatasetVersion } from './records';

interface VersionState {
  version: DatasetVersion;
  label: string;
  hasher: TableHasher;
  /** Next chunk expected per column. */
  next: number[];
  dictionaries: (readonly string[] | undefined)[];
}

/** Streams the archive's chunks through their versions' checks; `finish` compares the hashes. */
export class ArchiveDataCheck {
  readonly #versions = new Map<string, VersionState>();
  /**
   * Chunks are hashed from a copy in this one buffer, never from their own: crypto.subtle keeps
   * a reference to any buffer it is handed until V8 collects, so a chunk buffer it saw could not
   * be freed once written (see StageBatch); this one is reused for every chunk.
   */
  #scratch = new ArrayBuffer(0);

  /**
   * `versions`: the archive's dataset version records; `pieces`: all its dictionary pieces
   * (checked here: each belongs to a version of the archive, numbered from 0 without a gap).
   */
  constructor(versions: readonly Record<string, unknown>[], pieces: readonly Record<string, unknown>[]) {
    for (const rec of versions) {
      const v = checkedVersion(rec);
      const label = `dataset version ${v.version} (${v.id})`;
      this.#versions.set(v.id, {
        version: v,
        label,
        hasher: new TableHasher(v.rowCount, v.schema),
        next: v.schema.map(() => 0),
        dictionaries: v.schema.map((c) => (hasDictionary(c.type) ? [] : undefined)),
      });
    }
    const byColumn = new Map<string, DictionaryPieceRecord[]>();
    for (const rec of pieces) {
      const state = this.#owner('dictionaries', rec);
      const p = rec as unknown as DictionaryPieceRecord;
      if (
        !Number.isSafeInteger(p.column) ||
        !Number.isSafeInteger(p.piece) ||
        !Array.isArray(p.values) ||
        !p.values.every((s) => typeof s === 'string') ||
        state.dictionaries[p.column] === undefined
      ) {
        throw new ShareArchiveError(`A dictionary piece of ${state.label} is malformed.`);
      }
      const key = `${p.versionId}\u0000${p.column}`;
      const list = byColumn.get(key);
      if (list) list.push(p);
      else byColumn.set(key, [p]);
    }
    for (const [key, list] of byColumn) {
      const [versionId, column] = key.split('\u0000') as [string, string];
      const state = this.#versions.get(versionId)!;
      list.sort((a, b) => a.piece - b.piece);
      const dictionary: string[] = [];
      list.forEach((p, i) => {
        if (p.piece !== i)
          throw new ShareArchiveError(
            `The data of ${state.label} is incomplete: dictionary piece ${i} is missing.`,
          );
        for (const s of p.values) dictionary.push(s);
      });
      state.dictionaries[Number(column)] = dictionary;
    }
  }

  /** Checks and hashes one chunk record; returns it typed. Throws ShareArchiveError naming the version. */
  async chunk(rec: Record<string, unknown>): Promise<ColumnChunkRecord> {
    const state = this.#owner('columnChunks', rec);
    const { version: v, label } = state;
    const c = rec as unknown as ColumnChunkRecord;
    const schema = Number.isSafeInteger(c.column) ? v.schema[c.column] : undefined;
    if (!schema || !(c.data instanceof ArrayBuffer))
      throw new ShareArchiveError(`A chunk of ${label} is malformed.`);
    const incomplete = (what: string) =>
      new ShareArchiveError(`The data of ${label} is incomplete: column "${schema.name}" ${what}.`);
    const expected = state.next[c.column]!;
    if (c.chunk !== expected) throw incomplete(`chunk ${expected} is missing or out of order`);
    const rows = chunkArray(schema.type, c.data);
    const start = expected * v.chunkRows;
    const want = Math.min(v.chunkRows, v.rowCount - start);
    if (!rows || rows.length !== want) throw incomplete(`chunk ${expected} does not hold ${want} rows`);
    const dictionary = state.dictionaries[c.column];
    if (dictionary && rows instanceof Int32Array) {
      for (const code of rows) {
        if (code !== MISSING_CODE && (code < 0 || code >= dictionary.length))
          throw incomplete(`chunk ${expected} holds a code its dictionary does not have`);
      }
    }
    await state.hasher.push(c.column, start, this.#copy(rows), dictionary);
    state.next[c.column] = expected + 1;
    return c;
  }

  /** Every version whole, and its recomputed content hash the one recorded. */
  async finish(): Promise<void> {
    for (const { version: v, label, hasher, next } of this.#versions.values()) {
      const chunks = chunkCount(v.rowCount, v.chunkRows);
      const short = next.findIndex((n) => n !== chunks);
      if (short >= 0) {
        throw new ShareArchiveError(
          `The data of ${label} is incomplete: column "${v.schema[short]!.name}" has ${next[short]} of ${chunks} chunks.`,
        );
      }
      const hash = await hasher.digest();
      if (hash !== v.hash) {
        throw new ShareArchiveError(
          `The data of ${label} does not match its recorded content hash (${v.hash.slice(0, 12)}…, recomputed ${hash.slice(0, 12)}…).`,
        );
      }
    }
  }

  /** `rows` copied into the scratch buffer, as the same kind of array. */
  #copy<T extends Float64Array | Uint8Array | Int32Array>(rows: T): T {
    if (this.#scratch.byteLength < rows.byteLength) this.#scratch = new ArrayBuffer(rows.byteLength);
    const copy = new (rows.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(
      this.#scratch,
      0,
      rows.length,
    );
    copy.set(rows as never);
    return copy;
  }

  #owner(table: string, rec: Record<string, unknown>): VersionState {
    const state = this.#versions.get(String(rec['versionId']));
    if (!state) {
      throw new ShareArchiveError(
        `A record of "${table}" belongs to a dataset version the archive does not hold; nothing was imported.`,
      );
    }
    return state;
  }
}

/** A dataset version record whose shape the checks rely on. */
function checkedVersion(rec: Record<string, unknown>): DatasetVersion {
  const v = rec as unknown as DatasetVersion;
  const ok =
    typeof v.id === 'string' &&
    typeof v.hash === 'string' &&
    Number.isSafeInteger(v.rowCount) &&
    v.rowCount >= 0 &&
    Number.isSafeInteger(v.chunkRows) &&
    v.chunkRows > 0 &&
    Array.isArray(v.schema) &&
    v.schema.every(
      (c) =>
        c !== null &&
        typeof c === 'object' &&
        typeof c.name === 'string' &&
        (COLUMN_TYPES as readonly ColumnType[]).includes(c.type),
    );
  if (!ok) throw new ShareArchiveError(`A dataset version record is malformed (${String(rec['id'])}).`);
  return v;
}
