import {
  MISSING_CODE,
  cellText,
  columnLength,
  getColumn,
  isMissing,
  type CategoricalColumn,
  type Column,
  type ColumnType,
  type Table,
} from '../table/table';
import { groupRows } from './keys';
import { family, tableSchema } from './schema';
import type { SchemaColumn } from './types';

/** How many changed or added/removed rows a diff shows in full. */
export const DIFF_SAMPLE_SIZE = 20;

/** A row as display text per column (null = missing). */
export type RowRecord = Record<string, string | null>;

export interface ChangedRow {
  /** The key values identifying the row. */
  readonly key: RowRecord;
  readonly changes: readonly {
    readonly column: string;
    readonly before: string | null;
    readonly after: string | null;
  }[];
}

export interface DatasetDiff {
  readonly schema: {
    readonly added: readonly SchemaColumn[];
    readonly removed: readonly SchemaColumn[];
    readonly typeChanged: readonly {
      readonly name: string;
      readonly from: ColumnType;
      readonly to: ColumnType;
    }[];
  };
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** 'key': rows matched by key columns; 'rows': whole rows compared as multisets. */
  readonly mode: 'key' | 'rows';
  readonly key: readonly string[];
  /** Columns present in both tables that the comparison looked at (key columns excluded in key mode). */
  readonly comparedColumns: readonly string[];
  readonly rowsAdded: number;
  readonly rowsRemoved: number;
  /** Key mode only: rows present in both whose values differ (always 0 in rows mode). */
  readonly rowsChanged: number;
  readonly rowsUnchanged: number;
  /** Key mode: changed cells per compared column, in column order; columns without changes omitted. */
  readonly changesByColumn: readonly { readonly column: string; readonly changes: number }[];
  readonly changedSample: readonly ChangedRow[];
  readonly addedSample: readonly RowRecord[];
  readonly removedSample: readonly RowRecord[];
  /** Key mode: rows whose key repeats an earlier row's key (matched occurrence by occurrence). */
  readonly duplicateKeys: { readonly before: number; readonly after: number };
}

/**
 * Makes a column comparable with its namesake in the other table: same family → as is;
 * different families (e.g. cast from number to text) → both compared as display text.
 */
function asText(c: Column): CategoricalColumn {
  const n = columnLength(c);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (isMissing(c, i)) {
      codes[i] = MISSING_CODE;
      continue;
    }
    const s = cellText(c, i);
    let code = index.get(s);
    if (code === undefined) index.set(s, (code = dictionary.push(s) - 1));
    codes[i] = code;
  }
  return { name: c.name, type: 'text', codes, dictionary };
}

function comparablePair(a: Table, b: Table, name: string): [Column, Column] {
  const ca = getColumn(a, name);
  const cb = getColumn(b, name);
  return family(ca.type) === family(cb.type) ? [ca, cb] : [asText(ca), asText(cb)];
}

function record(table: Table, row: number, names: readonly string[]): RowRecord {
  // Null prototype: a column named "__proto__" must be a key like any other (on a plain object
  // the assignment would set the prototype and the column would vanish from the row).
  const out: RowRecord = Object.create(null) as RowRecord;
  for (const name of names) {
    const c = getColumn(table, name);
    out[name] = isMissing(c, row) ? null : cellText(c, row);
  }
  return out;
}

function schemaChanges(a: Table, b: Table): DatasetDiff['schema'] {
  const sa = tableSchema(a);
  const sb = tableSchema(b);
  const inA = new Map(sa.map((c) => [c.name, c]));
  const inB = new Map(sb.map((c) => [c.name, c]));
  return {
    added: sb.filter((c) => !inA.has(c.name)),
    removed: sa.filter((c) => !inB.has(c.name)),
    typeChanged: sa.flatMap((c) => {
      const other = inB.get(c.name);
      return other && other.type !== c.type ? [{ name: c.name, from: c.type, to: other.type }] : [];
    }),
  };
}

/** For each row, its occurrence number among rows with the same id (0 for the first). */
function occurrences(ids: Int32Array, count: number): Int32Array {
  const seen = new Int32Array(count);
  return ids.map((id) => seen[id]!++);
}

/**
 * Compares two versions of a dataset. With `key`, rows are matched on the key columns (the
 * k-th row with a key in `a` pairs with the k-th in `b`) and reported as added, removed or
 * changed with per-column counts and a sample of before/after values. Without a key, whole rows
 * over the shared columns are compared as multisets: a row counts as added or removed as many
 * times as its copies differ in number. Throws when a key column is missing from either table.
 */
export function diffTables(a: Table, b: Table, options: { key?: readonly string[] } = {}): DatasetDiff {
  const schema = schemaChanges(a, b);
  const key = options.key ?? [];
  for (const name of key) {
    for (const [t, which] of [
      [a, 'first'],
      [b, 'second'],
    ] as const) {
      if (!t.columns.some((c) => c.name === name)) {
        throw new Error(
          `Key column "${name}" is not in the ${which} version — choose key columns both versions have.`,
        );
      }
    }
  }
  const inB = new Set(b.columns.map((c) => c.name));
  const keySet = new Set(key);
  const shared = a.columns.map((c) => c.name).filter((n) => inB.has(n) && !keySet.has(n));
  const base = { schema, rowsBefore: a.rowCount, rowsAfter: b.rowCount, key, comparedColumns: shared };

  if (key.length === 0) {
    if (shared.length === 0 || a.rowCount === 0 || b.rowCount === 0) {
      const noOverlap = shared.length === 0;
      return {
        ...base,
        mode: 'rows',
        rowsAdded: b.rowCount,
        rowsRemoved: a.rowCount,
        rowsChanged: 0,
        rowsUnchanged: 0,
        changesByColumn: [],
        changedSample: [],
        addedSample: sampleRows(b, noOverlap ? b.columns.map((c) => c.name) : shared, b.rowCount),
        removedSample: sampleRows(a, noOverlap ? a.columns.map((c) => c.name) : shared, a.rowCount),
        duplicateKeys: { before: 0, after: 0 },
      };
    }
    const pairs = shared.map((n) => comparablePair(a, b, n));
    const { ids, count } = groupRows([pairs.map((p) => p[0]), pairs.map((p) => p[1])], 'group');
    const [ia, ib] = [ids[0]!, ids[1]!];
    const ca = new Int32Array(count);
    const cb = new Int32Array(count);
    for (const id of ia) ca[id]!++;
    for (const id of ib) cb[id]!++;
    // A row is removed if its occurrence number exceeds the other side's count of that row.
    const oa = occurrences(ia, count);
    const ob = occurrences(ib, count);
    const removedRows: number[] = [];
    const addedRows: number[] = [];
    ia.forEach((id, r) => {
      if (oa[r]! >= cb[id]!) removedRows.push(r);
    });
    ib.forEach((id, r) => {
      if (ob[r]! >= ca[id]!) addedRows.push(r);
    });
    return {
      ...base,
      mode: 'rows',
      rowsAdded: addedRows.length,
      rowsRemoved: removedRows.length,
      rowsChanged: 0,
      rowsUnchanged: a.rowCount - removedRows.length,
      changesByColumn: [],
      changedSample: [],
      addedSample: addedRows.slice(0, DIFF_SAMPLE_SIZE).map((r) => record(b, r, shared)),
      removedSample: removedRows.slice(0, DIFF_SAMPLE_SIZE).map((r) => record(a, r, shared)),
      duplicateKeys: { before: 0, after: 0 },
    };
  }
  return { ...base, mode: 'key', ...keyedDiff(a, b, key, shared) };
}

function sampleRows(t: Table, names: readonly string[], n: number): RowRecord[] {
  return Array.from({ length: Math.min(n, DIFF_SAMPLE_SIZE) }, (_, r) => record(t, r, names));
}

type KeyedPart = Pick<
  DatasetDiff,
  | 'rowsAdded'
  | 'rowsRemoved'
  | 'rowsChanged'
  | 'rowsUnchanged'
  | 'changesByColumn'
  | 'changedSample'
  | 'addedSample'
  | 'removedSample'
  | 'duplicateKeys'
>;

function keyedDiff(a: Table, b: Table, key: readonly string[], shared: readonly string[]): KeyedPart {
  const keyPairs = key.map((n) => comparablePair(a, b, n));
  const { ids, count } = groupRows([keyPairs.map((p) => p[0]), keyPairs.map((p) => p[1])], 'group');
  const [ia, ib] = [ids[0]!, ids[1]!];
  const oa = occurrences(ia, count);
  const ob = occurrences(ib, count);
  // b's rows grouped by key id in row order, so the k-th occurrence of a key is one lookup away.
  const offsets = new Int32Array(count + 1);
  for (const id of ib) offsets[id + 1]!++;
  for (let id = 0; id < count; id++) offsets[id + 1]! += offsets[id]!;
  const grouped = new Int32Array(b.rowCount);
  ib.forEach((id, r) => {
    grouped[offsets[id]! + ob[r]!] = r;
  });

  // Cell comparison per shared column, by value: codes are mapped through one shared dictionary.
  const cellIds = shared.map((n) => {
    const [ca, cb] = comparablePair(a, b, n);
    const g = groupRows([[ca], [cb]], 'group');
    return [g.ids[0]!, g.ids[1]!] as const;
  });
  const changes = new Float64Array(shared.length);
  const matchedB = new Uint8Array(b.rowCount);
  const removedRows: number[] = [];
  const changedSample: ChangedRow[] = [];
  let changed = 0;
  ia.forEach((id, r) => {
    const k = offsets[id]! + oa[r]!;
    const rb = k < offsets[id + 1]! ? grouped[k]! : undefined;
    if (rb === undefined) {
      removedRows.push(r);
      return;
    }
    matchedB[rb] = 1;
    const diffs: number[] = [];
    cellIds.forEach(([xa, xb], k) => {
      if (xa[r] !== xb[rb]) diffs.push(k);
    });
    if (diffs.length === 0) return;
    changed++;
    for (const k of diffs) changes[k]!++;
    if (changedSample.length < DIFF_SAMPLE_SIZE) {
      changedSample.push({
        key: record(a, r, key),
        changes: diffs.map((k) => {
          const name = shared[k]!;
          return {
            column: name,
            before: record(a, r, [name])[name] ?? null,
            after: record(b, rb, [name])[name] ?? null,
          };
        }),
      });
    }
  });
  const addedRows: number[] = [];
  matchedB.forEach((m, r) => {
    if (!m) addedRows.push(r);
  });
  const keyNames = [...key];
  return {
    rowsAdded: addedRows.length,
    rowsRemoved: removedRows.length,
    rowsChanged: changed,
    rowsUnchanged: a.rowCount - removedRows.length - changed,
    changesByColumn: shared.flatMap((column, k) =>
      changes[k]! > 0 ? [{ column, changes: changes[k]! }] : [],
    ),
    changedSample,
    addedSample: addedRows.slice(0, DIFF_SAMPLE_SIZE).map((r) => record(b, r, [...keyNames, ...shared])),
    removedSample: removedRows.slice(0, DIFF_SAMPLE_SIZE).map((r) => record(a, r, [...keyNames, ...shared])),
    duplicateKeys: {
      before: oa.reduce((s, o) => s + (o > 0 ? 1 : 0), 0),
      after: ob.reduce((s, o) => s + (o > 0 ? 1 : 0), 0),
    },
  };
}
