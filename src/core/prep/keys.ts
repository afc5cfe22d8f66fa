import {
  MISSING_BOOL,
  MISSING_CODE,
  columnLength,
  isBooleanColumn,
  isCategoricalColumn,
  type Column,
} from '../table/table';
import { NumberIndex, PairIndex } from './hashIndex';

/** Row → dense group id; equal keys get equal ids. -1 marks a key that must never match. */
export interface GroupIds {
  readonly ids: Int32Array[];
  /** Number of distinct ids handed out. */
  readonly count: number;
}

/**
 * How missing values in key columns behave: `'group'` treats all missing values as one value
 * (dedupe, diff: two rows both missing a cell are duplicates), `'never'` makes a row with any
 * missing key match nothing (joins, as in SQL).
 */
export type MissingKeys = 'group' | 'never';

/**
 * Dense ids for one column across several tables, by value rather than by code so categorical
 * columns whose dictionaries differ (two separately ingested files) still agree. Numbers and
 * dates compare by value (SameValueZero: NaN equals NaN, 0 equals -0).
 */
function factorizeColumn(
  columns: readonly Column[],
  missing: MissingKeys,
): { ids: Int32Array[]; count: number } {
  const ids: Int32Array[] = [];
  let next = 0;
  const missingId = missing === 'group' ? -2 : -1;
  let missingAssigned = -1;
  const idOfMissing = (): number => {
    if (missingId === -1) return -1;
    if (missingAssigned < 0) missingAssigned = next++;
    return missingAssigned;
  };
  const byString = new Map<string, number>();
  const total = columns.reduce((sum, c) => sum + columnLength(c), 0);
  const byNumber = new NumberIndex(Math.min(total, 1 << 16));
  const nextId = (): number => next++;
  for (const c of columns) {
    const n = isCategoricalColumn(c) ? c.codes.length : c.values.length;
    const out = new Int32Array(n);
    if (isCategoricalColumn(c)) {
      const map = Int32Array.from(c.dictionary, (s) => {
        let id = byString.get(s);
        if (id === undefined) byString.set(s, (id = next++));
        return id;
      });
      for (let i = 0; i < n; i++) {
        const code = c.codes[i]!;
        out[i] = code === MISSING_CODE ? idOfMissing() : map[code]!;
      }
    } else {
      const isBool = isBooleanColumn(c);
      for (let i = 0; i < n; i++) {
        const v = c.values[i]!;
        if (isBool ? v === MISSING_BOOL : Number.isNaN(v)) {
          out[i] = idOfMissing();
          continue;
        }
        out[i] = byNumber.idOf(v, nextId);
      }
    }
    ids.push(out);
  }
  return { ids, count: next };
}

/**
 * Group ids for rows of several tables over key columns (`keys[t]` are table t's key
 * columns, aligned by position). Columns are factorised one at a time and combined pairwise,
 * so a composite key costs a few integer map lookups per row instead of building strings.
 */
export function groupRows(keys: readonly (readonly Column[])[], missing: MissingKeys): GroupIds {
  const width = keys[0]?.length ?? 0;
  const lengths = keys.map((cols, t) => {
    const c = cols[0];
    if (c === undefined) throw new Error(`internal: table ${t} has no key columns`);
    return isCategoricalColumn(c) ? c.codes.length : c.values.length;
  });
  let combined: Int32Array[] = [];
  let count = 0;
  for (let k = 0; k < width; k++) {
    const col = factorizeColumn(
      keys.map((cols) => cols[k]!),
      missing,
    );
    if (k === 0) {
      combined = col.ids;
      count = col.count;
      continue;
    }
    const pairs = new PairIndex(
      Math.min(
        lengths.reduce((s, n) => s + n, 0),
        1 << 16,
      ),
    );
    combined = combined.map((prev, t) => {
      const cur = col.ids[t]!;
      const out = new Int32Array(lengths[t]!);
      for (let i = 0; i < out.length; i++) {
        const a = prev[i]!;
        const b = cur[i]!;
        if (a < 0 || b < 0) {
          out[i] = -1;
          continue;
        }
        out[i] = pairs.idOf(a, b);
      }
      return out;
    });
    count = pairs.size;
  }
  return { ids: combined, count };
}
