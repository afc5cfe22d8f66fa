/**
 * Cumulative gain and lift: if the rows are worked through from the highest score down, what
 * share of all positives is found after each share of rows, and how many times better than a
 * random order that is.
 */

export interface GainCurve {
  /** Share of rows taken (0…1), ascending, starting at 0. */
  share: number[];
  /** Share of positives found among them. */
  gain: number[];
  /** gain / share (undefined at share 0: repeated from the next point). */
  lift: number[];
  /** Share of positives overall: the lift of a random order is 1, its gain the diagonal. */
  prevalence: number;
}

/**
 * The cumulative gain curve at `points` evenly spaced shares of rows (ties in the score are
 * broken by row order, so equal scores count as found in the order given).
 */
export function cumulativeGain(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  positive = 1,
  points = 50,
  /** Row indices by descending score, when the caller has them. */
  descending?: Int32Array,
): GainCurve {
  const n = yTrue.length;
  const order =
    descending ?? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b);
  const found = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) found[k + 1] = found[k]! + (yTrue[order[k]!] === positive ? 1 : 0);
  const positives = found[n]!;
  const out: GainCurve = { share: [], gain: [], lift: [], prevalence: n ? positives / n : NaN };
  for (let p = 0; p <= points; p++) {
    const share = p / points;
    const k = Math.round(share * n);
    const gain = positives ? found[k]! / positives : NaN;
    out.share.push(share);
    out.gain.push(gain);
    out.lift.push(share > 0 ? gain / share : NaN);
  }
  if (out.lift.length > 1) out.lift[0] = out.lift[1]!;
  return out;
}
