/**
 * Exclusive feature bundling (LightGBM's EFB, without its tolerated conflicts, so it is exact):
 * two-valued features that are never off their usual value in the same row — the columns of a
 * one-hot encoding — share one histogram column. Building a histogram costs one pass per column,
 * so the default recipe's one-hot blocks (a column per category) stop dominating the fit. Every
 * member's own histogram is recovered exactly from the bundle's and the node's totals before split
 * search, so trees are the same as without bundling.
 */
import type { Binner } from './binning';
import type { HistogramLayout } from './histogram';
import { histogramLayout } from './histogram';

/** Members per bundle: bundle bins are 0 (all members usual) and 1…members, in one byte. */
const MAX_MEMBERS = 254;

export interface HistogramPlan {
  /** Per-feature layout: what split search reads. */
  full: HistogramLayout;
  /** Per-column layout of `binned` below: what histograms are built in. Equal to `full` without bundles. */
  groups: HistogramLayout;
  /** Row-major rows × groups bin codes (the training matrix itself when nothing is bundled). */
  binned: Uint8Array;
  /** Features sharing a column, per bundle (empty without bundles). */
  bundles: Int32Array[];
  /** Per feature: its group column. */
  featureGroup: Int32Array;
  /** Per bundled feature: its usual (most frequent) bin; −1 for a feature with a column of its own. */
  usualBin: Int32Array;
  /** Per bundled feature: its bin in the bundle's column (1…members); −1 otherwise. */
  bundleCode: Int32Array;
}

function isTwoValued(binner: Binner, f: number): boolean {
  return binner.nBins[f] === 2 && binner.hasMissing[f] === 0;
}

/** Greedy first fit of two-valued features into bundles whose off-usual rows never overlap. */
function findBundles(binned: Uint8Array, rows: number, binner: Binner, usualBin: Int32Array): Int32Array[] {
  const { cols } = binner;
  const bundles: { members: number[]; used: Uint8Array }[] = [];
  for (let f = 0; f < cols; f++) {
    if (!isTwoValued(binner, f)) continue;
    let ones = 0;
    for (let r = 0; r < rows; r++) ones += binned[r * cols + f]!;
    const usual = ones * 2 > rows ? 1 : 0;
    usualBin[f] = usual;
    const off: number[] = [];
    for (let r = 0; r < rows; r++) if (binned[r * cols + f] !== usual) off.push(r);
    let home = bundles.find((b) => b.members.length < MAX_MEMBERS && off.every((r) => b.used[r] === 0));
    if (!home) {
      home = { members: [], used: new Uint8Array(rows) };
      bundles.push(home);
    }
    home.members.push(f);
    for (const r of off) home.used[r] = 1;
  }
  return bundles.filter((b) => b.members.length > 1).map((b) => Int32Array.from(b.members));
}

/**
 * Plans the histogram columns for the row-major training bins `binned` (rows × binner.cols):
 * bundles of exclusive two-valued features, every other feature on its own. `bundle: false`
 * gives one column per feature (tests compare the two).
 */
export function planHistograms(
  binner: Binner,
  binned: Uint8Array,
  rows: number,
  options: { bundle?: boolean } = {},
): HistogramPlan {
  const full = histogramLayout(binner);
  const { cols } = binner;
  const usualBin = new Int32Array(cols).fill(-1);
  const bundles = options.bundle === false ? [] : findBundles(binned, rows, binner, usualBin);
  const featureGroup = new Int32Array(cols);
  if (!bundles.length) {
    for (let f = 0; f < cols; f++) featureGroup[f] = f;
    return {
      full,
      groups: full,
      binned,
      bundles,
      featureGroup,
      usualBin: usualBin.fill(-1),
      bundleCode: new Int32Array(cols).fill(-1),
    };
  }
  const bundleOf = new Int32Array(cols).fill(-1);
  bundles.forEach((b, i) => b.forEach((f) => (bundleOf[f] = i)));
  // Columns in feature order; a bundle sits where its first member would.
  const groupNBins: number[] = [];
  const groupOfBundle = new Int32Array(bundles.length).fill(-1);
  for (let f = 0; f < cols; f++) {
    const b = bundleOf[f]!;
    if (b < 0) {
      usualBin[f] = -1;
      featureGroup[f] = groupNBins.length;
      groupNBins.push(binner.nBins[f]!);
    } else {
      if (groupOfBundle[b]! < 0) {
        groupOfBundle[b] = groupNBins.length;
        groupNBins.push(bundles[b]!.length + 1);
      }
      featureGroup[f] = groupOfBundle[b]!;
    }
  }
  const g = groupNBins.length;
  const groups = histogramLayout({ cols: g, nBins: Int32Array.from(groupNBins) });
  const bundleCode = new Int32Array(cols).fill(-1);
  const out = new Uint8Array(rows * g);
  for (let f = 0; f < cols; f++) {
    const b = bundleOf[f]!;
    const col = featureGroup[f]!;
    if (b < 0) {
      for (let r = 0; r < rows; r++) out[r * g + col] = binned[r * cols + f]!;
      continue;
    }
    const code = bundles[b]!.indexOf(f) + 1;
    bundleCode[f] = code;
    const usual = usualBin[f]!;
    for (let r = 0; r < rows; r++) if (binned[r * cols + f] !== usual) out[r * g + col] = code;
  }
  return { full, groups, binned: out, bundles, featureGroup, usualBin, bundleCode };
}

/**
 * The per-feature histogram of a node from its bundled one: columns of their own are copied; a
 * bundled feature's off-usual bin is its bundle bin, its usual bin the node's totals minus that.
 * `features` limits the work to those features.
 */
export function expandHistogram(
  plan: HistogramPlan,
  grouped: Float64Array,
  full: Float64Array,
  sumG: number,
  sumH: number,
  count: number,
  features?: Int32Array,
): void {
  const { cols, offset3, nBins } = plan.full;
  const nf = features ? features.length : cols;
  for (let i = 0; i < nf; i++) {
    const f = features ? features[i]! : i;
    const o = offset3[f]!;
    const go = plan.groups.offset3[plan.featureGroup[f]!]!;
    const usual = plan.usualBin[f]!;
    if (usual < 0) {
      full.set(grouped.subarray(go, go + (nBins[f]! + 1) * 3), o);
      continue;
    }
    const k = go + plan.bundleCode[f]! * 3;
    const g = grouped[k]!;
    const h = grouped[k + 1]!;
    const c = grouped[k + 2]!;
    const u = o + usual * 3;
    const v = o + (1 - usual) * 3;
    full[u] = sumG - g;
    full[u + 1] = sumH - h;
    full[u + 2] = count - c;
    full[v] = g;
    full[v + 1] = h;
    full[v + 2] = c;
    full[o + 6] = 0;
    full[o + 7] = 0;
    full[o + 8] = 0;
  }
}
