/**
 * Wide tables (thousands of columns) are drawn a part at a time: a table shows a window of its
 * columns with Previous/Next, a picker or checklist shows the columns that match what the user
 * typed, up to a limit. Each says on screen how much it shows. Creating thousands of rows, cells
 * or options at once blocked the page for seconds (3,000 columns: 3.2 s for the row grid).
 */

/** Columns a table draws at once. */
export const COLUMNS_AT_ONCE = 50;
/** Rows of the column profile drawn at once (each row has a type select and ten figures). */
export const PROFILE_ROWS_AT_ONCE = 50;
/** Possible-leak warnings listed at once (each with its Drop button). */
export const LEAKS_AT_ONCE = 20;
/** Options a picker or checklist lists at once; more are found by typing. */
export const OPTIONS_AT_ONCE = 100;

/** A run of `total` items shown from `start` (inclusive) to `end` (exclusive). */
export interface ItemWindow {
  start: number;
  end: number;
  total: number;
}

/**
 * The window of `size` items from `start`, kept inside `0…total` (a window past the end, after
 * the table shrank, moves back to the last full window).
 */
export function itemWindow(total: number, start: number, size: number): ItemWindow {
  const n = Math.max(0, Math.floor(total));
  const step = Math.max(1, Math.floor(size));
  const from = Math.min(Math.max(0, Math.floor(start)), Math.max(0, n - step));
  return { start: from, end: Math.min(n, from + step), total: n };
}

/** The window before (`-1`) or after (`+1`) this one; the same window at either end. */
export function moveWindow(w: ItemWindow, direction: -1 | 1): ItemWindow {
  const size = Math.max(1, w.end - w.start);
  return itemWindow(w.total, w.start + direction * size, size);
}

const count = new Intl.NumberFormat('en');

/** "Columns 1–50 of 3,000 columns": what a windowed table shows, as its status line says it. */
export function windowLabel(w: ItemWindow, noun = 'columns'): string {
  const label = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (w.total === 0) return `No ${noun}`;
  return `${label} ${count.format(w.start + 1)}–${count.format(w.end)} of ${count.format(w.total)} ${noun}`;
}

/** What a picker lists: the first `limit` names that match, and how many match in all. */
export interface Picked<T> {
  shown: T[];
  matching: number;
}

/**
 * The items whose name contains `query` (case-insensitive; all when it is blank), at most
 * `limit` of them in their order, with the `keep` items first when they match nothing shown (a
 * picker must list its current value, a checklist its ticked boxes are counted apart).
 */
export function pickItems<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  query: string,
  limit: number,
  keep: readonly string[] = [],
): Picked<T> {
  const q = query.trim().toLowerCase();
  const shown: T[] = [];
  let matching = 0;
  for (const item of items) {
    if (q && !nameOf(item).toLowerCase().includes(q)) continue;
    matching++;
    if (shown.length < limit) shown.push(item);
  }
  if (keep.length) {
    const listed = new Set(shown.map(nameOf));
    const kept = items.filter((item) => keep.includes(nameOf(item)) && !listed.has(nameOf(item)));
    shown.unshift(...kept);
  }
  return { shown, matching };
}

/**
 * What a picker of `total` columns that lists at most `limit` says about itself, given how many
 * match the query: "Showing 100 of 3,000 columns: type to find the others."
 */
export function pickedLabel(matching: number, total: number, limit: number, query: string): string {
  const all = `${count.format(total)} columns`;
  const typed = query.trim() !== '';
  if (typed && matching === 0) return `No column of ${all} matches.`;
  if (matching <= limit) return typed ? `${count.format(matching)} of ${all} match.` : `All ${all}.`;
  const of = typed ? `${count.format(matching)} matching (of ${all})` : all;
  return `Showing ${count.format(limit)} of ${of}: type to find the others.`;
}
