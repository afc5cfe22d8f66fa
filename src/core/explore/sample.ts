/**
 * Seeded row samples for charts: a scatter plot of a million rows draws a few thousand of them,
 * and the same seed draws the same rows every time (a chart does not jump on redraw).
 */
import { createRng } from '../ml/rng';

/**
 * Up to `max` distinct indices from [0, n), ascending, drawn uniformly without replacement
 * (Floyd's algorithm: `max` draws whatever n is). All of them when n ≤ max.
 */
export function sampleIndices(n: number, max: number, seed = 1): Int32Array {
  const k = Math.max(0, Math.min(n, Math.floor(max)));
  if (k === n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const rng = createRng(seed);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rng() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

/** Up to `max` of `rows`, chosen as sampleIndices chooses positions, in their order in `rows`. */
export function sampleOf(rows: Int32Array, max: number, seed = 1): Int32Array {
  if (rows.length <= max) return rows;
  return sampleIndices(rows.length, max, seed).map((k) => rows[k]!);
}
