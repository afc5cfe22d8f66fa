/**
 * Gradient histograms and split search. A histogram holds, for every feature and bin, the sums of
 * gradients and hessians and the row count, interleaved as [g, h, count] in one Float64Array so the
 * hot loop touches one array. Features are laid out back to back with their own bin counts (a
 * one-hot column needs 3 slots, not 256).
 */
import type { Binner } from './binning';

export interface HistogramLayout {
  cols: number;
  /** Offset of feature f's first slot in a histogram, already multiplied by 3. */
  offset3: Int32Array;
  /** Non-missing bins per feature; the missing bin follows them. */
  nBins: Int32Array;
  /** Length of one histogram array. */
  size: number;
}

/** Slots for every feature (or bundled column) with `nBins` non-missing bins each, plus missing. */
export function histogramLayout(binner: Pick<Binner, 'cols' | 'nBins'>): HistogramLayout {
  const { cols, nBins } = binner;
  const offset3 = new Int32Array(cols);
  let total = 0;
  for (let f = 0; f < cols; f++) {
    offset3[f] = total * 3;
    total += nBins[f]! + 1;
  }
  return { cols, offset3, nBins, size: total * 3 };
}

/**
 * Sums gradients of rows idx[start…end) (or rows start…end when `idx` is null) into `hist`, for
 * columns [from, to) (all by default; the rest of `hist` is left as it was), after clearing those
 * columns unless `clear` is false (then it adds to what is there). Rows inside a node
 * stay in ascending order (the partition is stable), so reads of `binned` and the
 * gradient/hessian pairs `gh` run forward through memory.
 */
export function buildHistogram(
  hist: Float64Array,
  layout: HistogramLayout,
  binned: Uint8Array,
  idx: Int32Array | null,
  start: number,
  end: number,
  gh: Float32Array,
  from = 0,
  to = layout.cols,
  clear = true,
): void {
  const { cols, offset3 } = layout;
  if (clear) hist.fill(0, offset3[from] ?? 0, to < cols ? offset3[to] : hist.length);
  // Four rows per step: their updates are independent, so the CPU overlaps them (≈1.7× faster
  // than one row at a time, measured in V8).
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r0 = idx ? idx[i]! : i;
    const r1 = idx ? idx[i + 1]! : i + 1;
    const r2 = idx ? idx[i + 2]! : i + 2;
    const r3 = idx ? idx[i + 3]! : i + 3;
    const g0 = gh[2 * r0]!;
    const g1 = gh[2 * r1]!;
    const g2 = gh[2 * r2]!;
    const g3 = gh[2 * r3]!;
    const h0 = gh[2 * r0 + 1]!;
    const h1 = gh[2 * r1 + 1]!;
    const h2 = gh[2 * r2 + 1]!;
    const h3 = gh[2 * r3 + 1]!;
    const b0 = r0 * cols;
    const b1 = r1 * cols;
    const b2 = r2 * cols;
    const b3 = r3 * cols;
    for (let f = from; f < to; f++) {
      const o = offset3[f]!;
      const k0 = o + binned[b0 + f]! * 3;
      hist[k0]! += g0;
      hist[k0 + 1]! += h0;
      hist[k0 + 2]!++;
      const k1 = o + binned[b1 + f]! * 3;
      hist[k1]! += g1;
      hist[k1 + 1]! += h1;
      hist[k1 + 2]!++;
      const k2 = o + binned[b2 + f]! * 3;
      hist[k2]! += g2;
      hist[k2 + 1]! += h2;
      hist[k2 + 2]!++;
      const k3 = o + binned[b3 + f]! * 3;
      hist[k3]! += g3;
      hist[k3 + 1]! += h3;
      hist[k3 + 2]!++;
    }
  }
  for (; i < end; i++) {
    const r = idx ? idx[i]! : i;
    const gr = gh[2 * r]!;
    const hr = gh[2 * r + 1]!;
    const base = r * cols;
    for (let f = from; f < to; f++) {
      const k = offset3[f]! + binned[base + f]! * 3;
      hist[k]! += gr;
      hist[k + 1]! += hr;
      hist[k + 2]!++;
    }
  }
}

/** parent ← parent − child over slots [lo, hi): the sibling's histogram without touching its rows. */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  lo = 0,
  hi = parent.length,
): void {
  for (let i = lo; i < hi; i++) parent[i]! -= child[i]!;
}

export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Non-missing bins ≤ bin go left. */
  bin: number;
  missingLeft: boolean;
  leftG: number;
  leftH: number;
  leftCount: number;
}

export interface SplitRules {
  l2: number;
  minSamplesLeaf: number;
  minHessian: number;
}

/**
 * The best split of a node over all features, or null when none has positive gain within the
 * rules. Missing values are tried on both sides; a node without missing values for a feature
 * sends future missing values to the larger child (as sklearn does). `features` (ascending)
 * limits the search to those features.
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  sumG: number,
  sumH: number,
  count: number,
  rules: SplitRules,
  features?: Int32Array,
): SplitCandidate | null {
  const { l2, minSamplesLeaf, minHessian } = rules;
  const parentScore = (sumG * sumG) / (sumH + l2);
  let best: SplitCandidate | null = null;
  let bestGain = 0;
  const nf = features ? features.length : layout.cols;
  for (let i = 0; i < nf; i++) {
    const f = features ? features[i]! : i;
    const o = layout.offset3[f]!;
    const nb = layout.nBins[f]!;
    const mk = o + nb * 3;
    const gm = hist[mk]!;
    const hm = hist[mk + 1]!;
    const cm = hist[mk + 2]!;
    // Pass 0 sends missing right (and, at the last bin, splits on missingness alone); pass 1 left.
    for (let pass = 0; pass < (cm > 0 ? 2 : 1); pass++) {
      let gl = pass ? gm : 0;
      let hl = pass ? hm : 0;
      let cl = pass ? cm : 0;
      const lastBin = pass === 0 && cm > 0 ? nb - 1 : nb - 2;
      for (let b = 0; b <= lastBin; b++) {
        const k = o + b * 3;
        gl += hist[k]!;
        hl += hist[k + 1]!;
        cl += hist[k + 2]!;
        if (cl < minSamplesLeaf) continue;
        const cr = count - cl;
        if (cr < minSamplesLeaf) break;
        const hr = sumH - hl;
        if (hl < minHessian || hr < minHessian) continue;
        const gr = sumG - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          const missingLeft = cm > 0 ? pass === 1 : cl > cr;
          best = { gain, feature: f, bin: b, missingLeft, leftG: gl, leftH: hl, leftCount: cl };
        }
      }
    }
  }
  return best;
}
