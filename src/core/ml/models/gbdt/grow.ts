/**
 * Grows one regression tree on gradients and hessians (Newton step per leaf), leaf-wise (best
 * gain first, like LightGBM and sklearn) or depth-wise (level by level). Rows live in one index
 * array partitioned in place; each node owns a contiguous range of it. Only the smaller child's
 * histogram is built: the larger one is its parent's minus the smaller's.
 */
import type { HistogramPlan } from './bundles';
import { expandHistogram } from './bundles';
import type { SplitCandidate, SplitRules } from './histogram';
import { buildHistogram, findBestSplit, subtractHistogram } from './histogram';

export interface GrowOptions extends SplitRules {
  maxLeaves: number;
  /** Maximum depth (root = 0); Infinity for none. */
  maxDepth: number;
  growth: 'leafwise' | 'depthwise';
  learningRate: number;
}

/** A grown tree in local node numbering (0 = root); leaves have feature −1. */
export interface GrownTree {
  feature: number[];
  bin: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf output, learning rate applied. */
  value: number[];
  gain: number[];
  /** Sum of the hessians of the training rows reaching each node (TreeSHAP's weights). */
  cover: number[];
}

interface Node {
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
  id: number;
}

/** Reusable buffers across trees: a tree allocates nothing proportional to rows. */
export class GrowWorkspace {
  readonly idx: Int32Array;
  readonly tmp: Int32Array;
  /** A node's per-feature histogram, expanded from its bundled one for split search. */
  readonly expanded: Float64Array;
  private readonly pool: Float64Array[] = [];
  private readonly histSize: number;

  constructor(rows: number, plan: HistogramPlan) {
    this.idx = new Int32Array(rows);
    this.tmp = new Int32Array(rows);
    this.histSize = plan.groups.size;
    this.expanded = new Float64Array(plan.groups === plan.full ? 0 : plan.full.size);
  }

  takeHistogram(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  releaseHistogram(h: Float64Array | null): void {
    if (h) this.pool.push(h);
  }

  private lastBinned: Uint8Array | null = null;
  private columns: Uint8Array = new Uint8Array(0);

  /**
   * The bins column by column (feature f at f·n): partitioning reads one feature of many rows,
   * which is cache-friendly only in this layout; histograms read whole rows, hence both copies.
   */
  byColumn(binned: Uint8Array, cols: number): Uint8Array {
    if (binned !== this.lastBinned) {
      this.lastBinned = binned;
      const n = binned.length / cols;
      this.columns = new Uint8Array(binned.length);
      for (let r = 0; r < n; r++)
        for (let f = 0; f < cols; f++) this.columns[f * n + r] = binned[r * cols + f]!;
    }
    return this.columns;
  }

  private lastRows: Int32Array | null = null;
  private lastRowsAreAll = false;

  /** Whether `rows` is 0…n−1 (checked once per array: every tree of a fit passes the same one). */
  rowsAreAll(rows: Int32Array): boolean {
    if (rows !== this.lastRows) {
      this.lastRows = rows;
      this.lastRowsAreAll = rows.every((r, i) => r === i);
    }
    return this.lastRowsAreAll;
  }
}

/**
 * Grows a tree over `trainRows` (ascending indices into `binned`, the per-feature bins; histograms
 * are built from `plan.binned`), then adds each leaf's value to `raw[r * stride + output]` for the
 * rows in it. Returns the tree.
 */
export function growTree(
  ws: GrowWorkspace,
  plan: HistogramPlan,
  binned: Uint8Array,
  trainRows: Int32Array,
  gh: Float32Array,
  options: GrowOptions,
  raw: Float64Array,
  stride: number,
  output: number,
): GrownTree {
  const layout = plan.full;
  const { cols } = layout;
  const bundled = plan.groups !== plan.full;
  const idx = ws.idx;
  const n = trainRows.length;
  idx.set(trainRows);
  const tree = emptyTree();
  const newNode = () => addLeaf(tree);
  const canSplit = (count: number, depth: number) =>
    depth < options.maxDepth && count >= 2 * options.minSamplesLeaf;
  const evaluate = (node: Node) => {
    const count = node.end - node.start;
    let hist = node.hist!;
    if (bundled) {
      expandHistogram(plan, hist, ws.expanded, node.sumG, node.sumH, count);
      hist = ws.expanded;
    }
    node.split = findBestSplit(hist, layout, node.sumG, node.sumH, count, options);
    if (!node.split) {
      ws.releaseHistogram(node.hist);
      node.hist = null;
    }
  };

  const root: Node = { start: 0, end: n, depth: 0, sumG: 0, sumH: 0, hist: null, split: null, id: newNode() };
  const leaves: Node[] = [root];
  const candidates: Node[] = [];
  if (canSplit(n, 0) && options.maxLeaves > 1) {
    root.hist = ws.takeHistogram();
    buildHistogram(root.hist, plan.groups, plan.binned, ws.rowsAreAll(trainRows) ? null : idx, 0, n, gh);
    // Every row falls in exactly one bin of column 0 (missing included): its bins sum the node.
    for (let b = 0; b <= plan.groups.nBins[0]!; b++) {
      root.sumG += root.hist[b * 3]!;
      root.sumH += root.hist[b * 3 + 1]!;
    }
    evaluate(root);
    if (root.split) candidates.push(root);
  } else {
    for (let i = 0; i < n; i++) {
      root.sumG += gh[2 * idx[i]!]!;
      root.sumH += gh[2 * idx[i]! + 1]!;
    }
  }

  while (candidates.length && leaves.length < options.maxLeaves) {
    const node = takeNextCandidate(candidates, options.growth);
    const split = node.split!;
    const column = ws.byColumn(binned, cols).subarray(split.feature * (binned.length / cols));
    const mid = partition(ws, column, node.start, node.end, split, layout.nBins[split.feature]!);
    tree.feature[node.id] = split.feature;
    tree.bin[node.id] = split.bin;
    tree.missingLeft[node.id] = split.missingLeft;
    tree.gain[node.id] = split.gain;
    tree.cover[node.id] = node.sumH;
    const depth = node.depth + 1;
    const left: Node = {
      start: node.start,
      end: mid,
      depth,
      sumG: split.leftG,
      sumH: split.leftH,
      hist: null,
      split: null,
      id: newNode(),
    };
    const right: Node = {
      start: mid,
      end: node.end,
      depth,
      sumG: node.sumG - split.leftG,
      sumH: node.sumH - split.leftH,
      hist: null,
      split: null,
      id: newNode(),
    };
    tree.left[node.id] = left.id;
    tree.right[node.id] = right.id;
    leaves.splice(leaves.indexOf(node), 1, left, right);

    const splitLeft = canSplit(left.end - left.start, depth);
    const splitRight = canSplit(right.end - right.start, depth);
    if ((splitLeft || splitRight) && leaves.length < options.maxLeaves) {
      const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
      small.hist = ws.takeHistogram();
      buildHistogram(small.hist, plan.groups, plan.binned, idx, small.start, small.end, gh);
      subtractHistogram(node.hist!, small.hist);
      large.hist = node.hist;
      node.hist = null;
      for (const [child, ok] of [
        [left, splitLeft],
        [right, splitRight],
      ] as const) {
        if (ok) evaluate(child);
        else {
          ws.releaseHistogram(child.hist);
          child.hist = null;
        }
        if (child.split) candidates.push(child);
      }
    } else {
      ws.releaseHistogram(node.hist);
      node.hist = null;
    }
  }
  for (const c of candidates) ws.releaseHistogram(c.hist);

  for (const leaf of leaves) {
    const v = (-options.learningRate * leaf.sumG) / (leaf.sumH + options.l2 + 1e-15);
    tree.value[leaf.id] = v;
    tree.cover[leaf.id] = leaf.sumH;
    for (let i = leaf.start; i < leaf.end; i++) raw[idx[i]! * stride + output]! += v;
  }
  return tree;
}

/** Stable in-place partition of ws.idx[start…end) by the split; returns where the right child starts. */
function partition(
  ws: GrowWorkspace,
  column: Uint8Array,
  start: number,
  end: number,
  split: Pick<SplitCandidate, 'bin' | 'missingLeft'>,
  missingBin: number,
): number {
  return partitionRows(ws.idx, ws.tmp, column, start, end, split, missingBin);
}

/**
 * Stable in-place partition of idx[start…end) (row indices into `column`, one feature's bins) by
 * a split, using `tmp` as scratch; returns where the right child starts.
 */
/**
 * Removes and returns the node to split next: the highest gain (leaf-wise), or the shallowest and
 * then the highest gain (depth-wise); ties keep the earliest candidate. The one- and several-worker
 * growers share it, so they pick the same node.
 */
/** A tree with no node yet, grown by pushing nodes onto its parallel arrays. */
export function emptyTree(): GrownTree {
  return { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], gain: [], cover: [] };
}

/** Appends an unsplit node to `tree`; returns its id. */
export function addLeaf(tree: GrownTree): number {
  tree.feature.push(-1);
  tree.bin.push(0);
  tree.missingLeft.push(false);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(0);
  tree.gain.push(0);
  tree.cover.push(0);
  return tree.feature.length - 1;
}

export function takeNextCandidate<N extends { depth: number; split: SplitCandidate | null }>(
  candidates: N[],
  growth: GrowOptions['growth'],
): N {
  let pick = 0;
  for (let i = 1; i < candidates.length; i++) {
    const a = candidates[i]!;
    const b = candidates[pick]!;
    const better =
      growth === 'depthwise'
        ? a.depth < b.depth || (a.depth === b.depth && a.split!.gain > b.split!.gain)
        : a.split!.gain > b.split!.gain;
    if (better) pick = i;
  }
  return candidates.splice(pick, 1)[0]!;
}

export function partitionRows(
  idx: Int32Array,
  tmp: Int32Array,
  column: Uint8Array,
  start: number,
  end: number,
  split: Pick<SplitCandidate, 'bin' | 'missingLeft'>,
  missingBin: number,
): number {
  const { bin, missingLeft } = split;
  let l = start;
  let t = 0;
  const missingSide = missingLeft ? 1 : 0;
  // Branch-free: the side of a row is unpredictable (a mispredicted branch costs more than the
  // rest of the loop), so write the row to both places, advance one, and compute the side with
  // arithmetic: 1 − sign bit of (bin − b) is 1 exactly when b ≤ bin. The missing test is
  // predictable (rarely true).
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const b = column[r]!;
    const left = b === missingBin ? missingSide : 1 - ((bin - b) >>> 31);
    idx[l] = r;
    tmp[t] = r;
    l += left;
    t += 1 - left;
  }
  idx.set(tmp.subarray(0, t), l);
  return l;
}
