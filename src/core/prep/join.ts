import {
  MISSING_BOOL,
  MISSING_CODE,
  getColumn,
  isCategoricalColumn,
  takeColumn,
  type Column,
  type Table,
} from '../table/table';
import { groupRows } from './keys';

/** Joins beyond this many output rows are refused: almost always a key that is not unique on either side. */
export const MAX_JOIN_ROWS = 20_000_000;

/** Like takeColumn, but row index -1 gives a missing value (left-join rows without a match). */
function takeOrMissing(c: Column, rows: Int32Array, name: string): Column {
  const n = rows.length;
  if (isCategoricalColumn(c)) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      codes[i] = r < 0 ? MISSING_CODE : c.codes[r]!;
    }
    return { ...c, name, codes };
  }
  if (c.type === 'boolean') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      values[i] = r < 0 ? MISSING_BOOL : c.values[r]!;
    }
    return { ...c, name, values };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    values[i] = r < 0 ? NaN : c.values[r]!;
  }
  return { ...c, name, values };
}

/** Right-hand column names after resolving clashes with `taken` by appending `suffix`. */
export function joinedNames(
  leftNames: readonly string[],
  rightNames: readonly string[],
  rightKeys: readonly string[],
  suffix: string,
): { from: string; to: string }[] {
  const taken = new Set(leftNames);
  const keys = new Set(rightKeys);
  const out: { from: string; to: string }[] = [];
  for (const name of rightNames) {
    if (keys.has(name)) continue;
    let to = name;
    while (taken.has(to) && suffix !== '') to += suffix;
    taken.add(to);
    out.push({ from: name, to });
  }
  return out;
}

export interface JoinOutcome {
  readonly table: Table;
  /** Left rows that found at least one match. */
  readonly matchedLeftRows: number;
}

/**
 * Hash join on key tuples. Keys compare by value (categorical keys match across different
 * dictionaries), a missing key never matches, duplicate keys give every pairing (many-to-many),
 * and left rows keep their order with their matches in right-table order. The right table's key
 * columns are dropped (they repeat the left keys); other clashing names get `suffix`.
 */
export function joinTables(
  left: Table,
  right: Table,
  on: readonly { readonly left: string; readonly right: string }[],
  how: 'inner' | 'left',
  suffix: string,
): JoinOutcome {
  const { ids, count } = groupRows(
    [on.map((k) => getColumn(left, k.left)), on.map((k) => getColumn(right, k.right))],
    'never',
  );
  const leftIds = ids[0]!;
  const rightIds = ids[1]!;
  // Right rows grouped by key id (compressed sparse rows): offsets[id]..offsets[id + 1].
  const offsets = new Int32Array(count + 1);
  for (const id of rightIds) if (id >= 0) offsets[id + 1]!++;
  for (let id = 0; id < count; id++) offsets[id + 1]! += offsets[id]!;
  const grouped = new Int32Array(offsets[count]!);
  const fill = offsets.slice(0, count);
  rightIds.forEach((id, row) => {
    if (id >= 0) grouped[fill[id]!++] = row;
  });

  let total = 0;
  let matchedLeftRows = 0;
  for (const id of leftIds) {
    const m = id >= 0 ? offsets[id + 1]! - offsets[id]! : 0;
    if (m > 0) matchedLeftRows++;
    total += how === 'left' ? Math.max(m, 1) : m;
  }
  if (total > MAX_JOIN_ROWS) {
    const keys = on.map((k) => `"${k.left}" = "${k.right}"`).join(', ');
    throw new Error(
      `The join on ${keys} would produce ${total.toLocaleString('en-US')} rows (more than ${MAX_JOIN_ROWS.toLocaleString('en-US')}) because many rows share the same key — check that the key columns identify rows, or remove duplicates first.`,
    );
  }
  const leftRows = new Int32Array(total);
  const rightRows = new Int32Array(total);
  let out = 0;
  leftIds.forEach((id, row) => {
    const start = id >= 0 ? offsets[id]! : 0;
    const end = id >= 0 ? offsets[id + 1]! : 0;
    if (start === end && how === 'left') {
      leftRows[out] = row;
      rightRows[out++] = -1;
    }
    for (let j = start; j < end; j++) {
      leftRows[out] = row;
      rightRows[out++] = grouped[j]!;
    }
  });

  const names = joinedNames(
    left.columns.map((c) => c.name),
    right.columns.map((c) => c.name),
    on.map((k) => k.right),
    suffix,
  );
  const columns: Column[] = left.columns.map((c) => takeColumn(c, leftRows));
  for (const { from, to } of names) columns.push(takeOrMissing(getColumn(right, from), rightRows, to));
  return { table: { rowCount: total, columns }, matchedLeftRows };
}
