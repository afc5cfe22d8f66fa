/**
 * One worker's share of a boosted-tree fit split by feature columns (LightGBM's feature-parallel
 * mode): every worker keeps all rows — their bins column by column, the raw scores and the
 * gradients — and partitions them exactly as the others do, but builds histograms and searches
 * splits only for its own histogram columns. What crosses between workers per split is the split
 * itself and each worker's best candidate, never a histogram or a row. A feature's histogram is
 * summed over the same rows in the same order as on one worker, so every gain, sum and tree is
 * bit for bit the single-worker one, whatever the number of workers.
 */
import type { Task } from '../../types';
import type { HistogramPlan } from './bundles';
import { expandHistogram } from './bundles';
import { partitionRows } from './grow';
import type { SplitCandidate, SplitRules } from './histogram';
import { buildHistogram, findBestSplit, histogramLayout, subtractHistogram } from './histogram';
import { boostLoss, type BoostLoss } from './loss';

/** A shard's histogram columns and features, as plain arrays (what a helper worker receives). */
export interface ShardPlanData {
  /** Non-missing bins per histogram column of this shard. */
  groupBins: Int32Array;
  /** Global index of each feature of this shard, ascending. */
  featureIds: Int32Array;
  /** Non-missing bins per feature of this shard. */
  featureBins: Int32Array;
  /** Per feature of this shard: its column among the shard's columns. */
  featureGroup: Int32Array;
  usualBin: Int32Array;
  bundleCode: Int32Array;
  /** Row-major rows × columns bins of this shard's columns. */
  binned: Uint8Array;
}

/** Everything one shard needs, structured-clonable. */
export interface ShardInit {
  rows: number;
  /** Per-feature bins of all features, column by column (feature f at f·rows): partitions read them. */
  columns: Uint8Array;
  /** Non-missing bins of every feature (the missing bin's index). */
  missingBin: Int32Array;
  /** Bins of the first histogram column, row by row, and how many it has (missing included). */
  column0: Uint8Array;
  column0Bins: number;
  plan: ShardPlanData;
  task: Task;
  nClasses: number;
  y: Float32Array;
  baseline: Float64Array;
  rules: SplitRules;
}

/**
 * The plan of histogram columns [from, to) of `plan` and of the features that live in them.
 * `binned` is the row-major bins of all of plan's columns.
 */
export function shardPlan(plan: HistogramPlan, rows: number, from: number, to: number): ShardPlanData {
  const g = plan.groups.cols;
  const width = to - from;
  const ids: number[] = [];
  for (let f = 0; f < plan.full.cols; f++) {
    const group = plan.featureGroup[f]!;
    if (group >= from && group < to) ids.push(f);
  }
  const featureIds = Int32Array.from(ids);
  const binned = new Uint8Array(rows * width);
  for (let r = 0; r < rows; r++) binned.set(plan.binned.subarray(r * g + from, r * g + to), r * width);
  return {
    groupBins: plan.groups.nBins.slice(from, to),
    featureIds,
    featureBins: Int32Array.from(ids, (f) => plan.full.nBins[f]!),
    featureGroup: Int32Array.from(ids, (f) => plan.featureGroup[f]! - from),
    usualBin: Int32Array.from(ids, (f) => plan.usualBin[f]!),
    bundleCode: Int32Array.from(ids, (f) => plan.bundleCode[f]!),
    binned,
  };
}

function planOf(data: ShardPlanData): HistogramPlan {
  const groups = histogramLayout({ cols: data.groupBins.length, nBins: data.groupBins });
  const bundled = data.usualBin.some((u) => u >= 0);
  const full = bundled ? histogramLayout({ cols: data.featureIds.length, nBins: data.featureBins }) : groups;
  return {
    full,
    groups,
    binned: data.binned,
    bundles: [],
    featureGroup: data.featureGroup,
    usualBin: data.usualBin,
    bundleCode: data.bundleCode,
  };
}

/** Bins of row-major `binned` (rows × cols) laid out column by column. */
export function binsByColumn(binned: Uint8Array, cols: number): Uint8Array {
  const n = binned.length / cols;
  const out = new Uint8Array(binned.length);
  for (let r = 0; r < n; r++) for (let f = 0; f < cols; f++) out[f * n + r] = binned[r * cols + f]!;
  return out;
}

/**
 * The root's gradient and hessian sums exactly as one worker takes them (growTree): from the
 * first histogram column's bins, each summed in row order, then over bins; without a split to
 * search, over rows.
 */
export function rootSums(gh: Float32Array, column0: Uint8Array, bins: number, search: boolean): NodeSums {
  const rows = column0.length;
  let sumG = 0;
  let sumH = 0;
  if (!search) {
    for (let i = 0; i < rows; i++) {
      sumG += gh[2 * i]!;
      sumH += gh[2 * i + 1]!;
    }
    return { sumG, sumH };
  }
  const perBin = new Float64Array(2 * bins);
  for (let r = 0; r < rows; r++) {
    const b = column0[r]!;
    perBin[2 * b]! += gh[2 * r]!;
    perBin[2 * b + 1]! += gh[2 * r + 1]!;
  }
  for (let b = 0; b < bins; b++) {
    sumG += perBin[2 * b]!;
    sumH += perBin[2 * b + 1]!;
  }
  return { sumG, sumH };
}

/** A node's sums, as the coordinator computed them (every shard must use the same numbers). */
export interface NodeSums {
  sumG: number;
  sumH: number;
}

/**
 * One split of a node, applied by every shard in the same order. A node is shared (each shard
 * holds its own columns' histogram) or, once small, local: the coordinator alone holds all its
 * columns and grows its subtree without waiting for anyone; helpers then only partition its rows.
 */
export interface SplitOrder {
  node: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  left: number;
  right: number;
  leftSums: NodeSums;
  rightSums: NodeSums;
  /** Build the smaller child's histogram (and so the larger's): false once no child will be split. */
  build: boolean;
  /** Which children are searched for splits (depth and size rules, decided by the coordinator). */
  searchLeft: boolean;
  searchRight: boolean;
  /** The node being split is local (so are its children). */
  local: boolean;
  /** A shared node's child becomes local: helpers send their columns of its histogram. */
  leftLocal: boolean;
  rightLocal: boolean;
}

/** Messages to a shard, in the order the coordinator grows trees. */
export type ShardRequest =
  | { kind: 'init'; init: ShardInit }
  | { kind: 'begin'; output: number; search: boolean; local: boolean }
  | { kind: 'split'; order: SplitOrder }
  | { kind: 'end'; output: number; leaves: Int32Array; values: Float64Array }
  | { kind: 'gradients' }
  /** Requests sent together; only the last may expect an answer. */
  | { kind: 'batch'; requests: ShardRequest[] };

/**
 * The answer to a root or a shared split: per child (the root alone, or left and right), the best
 * split among the shard's features, and for a child that becomes local the shard's columns of its
 * histogram.
 */
export interface ShardReply {
  found: (SplitCandidate | null)[];
  hists: (Float64Array | null)[];
}

/** Whether a helper answers `request` (the coordinator waits for that answer). */
export function expectsReply(request: ShardRequest): boolean {
  if (request.kind === 'batch') return request.requests.some(expectsReply);
  if (request.kind === 'begin') return request.search && !request.local;
  return request.kind === 'split' && request.order.build && !request.order.local;
}

/** The rows, scores and histograms of one shard; see the file comment. */
export class FeatureShard {
  readonly raw: Float64Array;
  readonly gh: Float32Array;
  private readonly loss: BoostLoss;
  private readonly plan: HistogramPlan;
  private readonly ids: Int32Array;
  /** Columns [0, own) are this shard's share of a shared node (all of them for a helper). */
  private readonly own: number;
  /** The shard's own features (local numbering), for shared nodes. */
  private readonly ownFeatures: Int32Array | undefined;
  private readonly ownEnd: number;
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly expanded: Float64Array;
  private readonly pool: Float64Array[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly hist: (Float64Array | null)[] = [];
  private ghk: Float32Array;

  /** True for a helper (it holds only its columns); false for the coordinator (it holds all). */
  private readonly isHelper: boolean;

  /**
   * A helper's shard (its plan holds just its columns), or with `coordinatorOwn` the
   * coordinator's: its plan holds every column, of which [0, coordinatorOwn) are its share of
   * shared nodes.
   */
  constructor(
    private readonly init: ShardInit,
    coordinatorOwn?: number,
  ) {
    this.isHelper = coordinatorOwn === undefined;
    const own = coordinatorOwn ?? init.plan.groupBins.length;
    const n = init.rows;
    this.loss = boostLoss(init.task, init.nClasses);
    const k = this.loss.nOutputs;
    this.raw = new Float64Array(n * k);
    for (let r = 0; r < n; r++) this.raw.set(init.baseline, r * k);
    this.gh = new Float32Array(2 * n * k);
    this.ghk = this.gh;
    this.plan = planOf(init.plan);
    this.ids = init.plan.featureIds;
    this.own = own;
    const groups = this.plan.groups;
    this.ownEnd = own < groups.cols ? groups.offset3[own]! : groups.size;
    const ownFeatures = [];
    for (let f = 0; f < this.ids.length; f++) if (this.plan.featureGroup[f]! < own) ownFeatures.push(f);
    this.ownFeatures = own < groups.cols ? Int32Array.from(ownFeatures) : undefined;
    this.idx = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.expanded = new Float64Array(this.plan.groups === this.plan.full ? 0 : this.plan.full.size);
    this.gradients();
  }

  /** Gradients and hessians of every row from the current raw scores. */
  gradients(): void {
    this.loss.gradients(this.raw, this.init.y, this.init.rows, this.gh);
  }

  /** Serves one request; returns the answer when the request expects one. */
  handle(request: ShardRequest): ShardReply | undefined {
    switch (request.kind) {
      case 'init':
      case 'batch':
        throw new Error(`A tree shard cannot serve '${request.kind}' itself.`);
      case 'begin': {
        const { found } = this.begin(request.output, request.search, request.local);
        return expectsReply(request) ? { found: [found], hists: [] } : undefined;
      }
      case 'split':
        return this.split(request.order);
      case 'end':
        this.endTree(request.output, request.leaves, request.values);
        return undefined;
      case 'gradients':
        this.gradients();
        return undefined;
    }
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.plan.groups.size);
  }

  private release(node: number): void {
    const h = this.hist[node];
    if (h) this.pool.push(h);
    this.hist[node] = null;
  }

  /** The node's best split among this shard's features (`all`: every column, for a local node). */
  search(node: number, sums: NodeSums, all: boolean): SplitCandidate | null {
    let h = this.hist[node]!;
    const count = this.end[node]! - this.start[node]!;
    const features = all ? undefined : this.ownFeatures;
    if (this.expanded.length) {
      expandHistogram(this.plan, h, this.expanded, sums.sumG, sums.sumH, count, features);
      h = this.expanded;
    }
    const best = findBestSplit(h, this.plan.full, sums.sumG, sums.sumH, count, this.init.rules, features);
    if (best) best.feature = this.ids[best.feature]!;
    return best;
  }

  /** Copies a helper's columns [from, …) of a node's histogram into this shard's (the coordinator's). */
  adopt(node: number, from: number, part: Float64Array): void {
    this.hist[node]!.set(part, this.plan.groups.offset3[from]!);
  }

  /**
   * Starts the tree of `output` with every row in the root: the root's sums and, when `search`,
   * its best split (over every column when the root is `local`; a helper then searches nothing).
   */
  begin(output: number, search: boolean, local: boolean): { sums: NodeSums; found: SplitCandidate | null } {
    const n = this.init.rows;
    this.ghk = this.gh.subarray(2 * output * n, 2 * (output + 1) * n);
    for (let i = 0; i < n; i++) this.idx[i] = i;
    this.start.length = this.end.length = 0;
    for (let i = 0; i < this.hist.length; i++) this.release(i);
    this.hist.length = 0;
    this.start[0] = 0;
    this.end[0] = n;
    const sums = rootSums(this.ghk, this.init.column0, this.init.column0Bins, search);
    if (!search || (local && this.isHelper)) return { sums, found: null };
    const all = local || this.ownFeatures === undefined;
    const h = this.take();
    const to = all ? this.plan.groups.cols : this.own;
    buildHistogram(h, this.plan.groups, this.plan.binned, null, 0, n, this.ghk, 0, to);
    this.hist[0] = h;
    return { sums, found: this.search(0, sums, local) };
  }

  /**
   * Applies a split. A shared node's children get this shard's columns (the smaller child built,
   * the larger by subtraction) and, when searched, their best split here; a child turning local
   * is not searched here, and a helper sends its columns of that child's histogram instead. A
   * local node's children are built and searched on every column, by the coordinator only.
   */
  split(order: SplitOrder): ShardReply | undefined {
    const { node, left, right } = order;
    const s = this.start[node]!;
    const e = this.end[node]!;
    const n = this.init.rows;
    const column = this.init.columns.subarray(order.feature * n, (order.feature + 1) * n);
    const mid = partitionRows(this.idx, this.tmp, column, s, e, order, this.init.missingBin[order.feature]!);
    this.start[left] = s;
    this.end[left] = mid;
    this.start[right] = mid;
    this.end[right] = e;
    this.hist[left] = this.hist[right] = null;
    if (!order.build || (order.local && this.isHelper)) {
      this.release(node);
      return undefined;
    }
    const [small, large] = mid - s <= e - mid ? [left, right] : [right, left];
    const h = this.take();
    const groups = this.plan.groups;
    const to = order.local ? groups.cols : this.own;
    buildHistogram(
      h,
      groups,
      this.plan.binned,
      this.idx,
      this.start[small]!,
      this.end[small]!,
      this.ghk,
      0,
      to,
    );
    const parent = this.hist[node]!;
    subtractHistogram(parent, h, 0, order.local ? groups.size : this.ownEnd);
    this.hist[small] = h;
    this.hist[large] = parent;
    this.hist[node] = null;
    // A child searched without a split of its own here keeps its histogram: another shard may
    // split it, and then this one needs it for the subtraction.
    const out: ShardReply = { found: [null, null], hists: [null, null] };
    const children = [
      [left, order.searchLeft, order.leftLocal, order.leftSums],
      [right, order.searchRight, order.rightLocal, order.rightSums],
    ] as const;
    children.forEach(([child, searched, local, sums], i) => {
      if (!searched) this.release(child);
      else if (order.local) out.found[i] = this.search(child, sums, true);
      else if (!local) out.found[i] = this.search(child, sums, false);
      else if (this.isHelper) {
        out.hists[i] = this.hist[child]!.slice();
        this.release(child);
      }
    });
    return out;
  }

  /** Adds each leaf's value to the raw scores of its rows (output `output`). */
  endTree(output: number, leaves: Int32Array, values: Float64Array): void {
    const k = this.loss.nOutputs;
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i]!;
      const v = values[i]!;
      for (let j = this.start[leaf]!; j < this.end[leaf]!; j++) this.raw[this.idx[j]! * k + output]! += v;
    }
    for (let i = 0; i < this.hist.length; i++) this.release(i);
  }
}
