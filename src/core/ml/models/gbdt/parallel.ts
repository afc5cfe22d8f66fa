/**
 * Boosted trees grown across several workers, split by histogram columns (see shard.ts). The
 * coordinator (the train worker) owns the first columns itself and talks to helper workers by
 * messages: per split it sends the split and gets back each helper's best candidate for the two
 * children, then picks the best (ties to the lower feature, as one worker's scan does). The trees
 * are the single-worker trees bit for bit; only the wall time changes.
 */
import type { Task } from '../../types';
import { abortError } from '../abort';
import type { HistogramPlan } from './bundles';
import type { GrowOptions, GrownTree } from './grow';
import { addLeaf, emptyTree, takeNextCandidate } from './grow';
import type { SplitCandidate } from './histogram';
import type { HelperPort } from './helpers';
import { RemoteShard } from './helpers';
import type { NodeSums, ShardInit, ShardReply, ShardRequest, SplitOrder } from './shard';
import { binsByColumn, FeatureShard, shardPlan } from './shard';

/**
 * A node with fewer cells (rows × histogram columns) than this is grown by the coordinator alone,
 * subtree and all: below it, waking another thread costs more than the work it would take over.
 */
export const LOCAL_CELLS = 150_000;
/** Trees grown before the trial of shared against alone, and trees per side of the trial. */
const TRIAL_WARMUP = 2;
const TRIAL_TREES = 3;

/** Cuts histogram columns into `parts` contiguous ranges of about equal cost. */
function cutColumns(plan: HistogramPlan, parts: number): number[] {
  const g = plan.groups.cols;
  const cost = new Float64Array(g);
  // Building a column's histogram costs the same for every column; searching it, per bin.
  for (let f = 0; f < plan.full.cols; f++) cost[plan.featureGroup[f]!]! += (plan.full.nBins[f]! + 1) / 512;
  for (let c = 0; c < g; c++) cost[c]! += 1;
  const total = cost.reduce((a, b) => a + b, 0);
  const cuts = [0];
  let acc = 0;
  for (let c = 0; c < g && cuts.length < parts; c++) {
    acc += cost[c]!;
    const left = g - (c + 1);
    if (
      (acc >= (total * cuts.length) / parts && left >= parts - cuts.length) ||
      left === parts - cuts.length
    ) {
      cuts.push(c + 1);
    }
  }
  cuts.push(g);
  return cuts;
}

function bestOf(candidates: (SplitCandidate | null | undefined)[]): SplitCandidate | null {
  let best: SplitCandidate | null = null;
  for (const c of candidates) {
    if (c && (!best || c.gain > best.gain || (c.gain === best.gain && c.feature < best.feature))) best = c;
  }
  return best;
}

interface Node extends NodeSums {
  count: number;
  depth: number;
  split: SplitCandidate | null;
  id: number;
  local: boolean;
}

/** The training data and settings a parallel fit starts from (binning already done). */
export interface ParallelStart {
  plan: HistogramPlan;
  /** Per-feature row-major training bins. */
  binned: Uint8Array;
  rows: number;
  task: Task;
  nClasses: number;
  y: Float32Array;
  baseline: Float64Array;
  options: GrowOptions;
}

/** What the boosting loop needs from whoever grows its trees (one worker or several). */
export interface TreeGrower {
  /** Raw scores of the training rows (rows × outputs), updated by every grown tree. */
  readonly raw: Float64Array;
  readonly workers: number;
  /** Why fewer workers finished the fit than started it, if so. */
  readonly stoppedHelpers?: string | undefined;
  /** Grows the tree of one output on the current gradients and adds it to `raw`. */
  grow(output: number): Promise<GrownTree>;
  /** Recomputes the gradients from `raw` (after each iteration's trees). */
  gradients(): void;
  close(): void;
}

/** A coordinator with its own shard (columns from 0) and helpers for the other column ranges. */
export class ParallelTrees implements TreeGrower {
  readonly local: FeatureShard;
  private remotes: RemoteShard[];
  /** Wall time of trees grown shared and grown here alone, during the trial (see `trial`). */
  private readonly timed = { shared: [] as number[], alone: [] as number[] };
  private treesGrown = 0;
  private readonly start: ParallelStart;
  /** Helper i owns histogram columns [cuts[i + 1], cuts[i + 2]); the coordinator [0, cuts[1]). */
  private readonly cuts: number[];

  private readonly localCells: number;
  private readonly watch: ReturnType<typeof setInterval> | undefined;

  /**
   * Starts the helpers on `ports`. `shouldStop` is polled while waiting on them, so Cancel works
   * even if a helper never answers (a crashed worker does not always report an error).
   */
  private readonly tryAlone: boolean;

  constructor(
    start: ParallelStart,
    ports: HelperPort[],
    options: {
      localCells?: number | undefined;
      trial?: boolean | undefined;
      shouldStop?: () => boolean;
    } = {},
  ) {
    const { localCells = LOCAL_CELLS, trial = true, shouldStop } = options;
    this.start = start;
    this.localCells = localCells;
    this.tryAlone = trial;
    this.watch = shouldStop
      ? setInterval(() => {
          if (shouldStop()) for (const r of this.remotes) r.fail(abortError());
        }, 200)
      : undefined;
    const { plan, rows } = start;
    const cuts = cutColumns(plan, ports.length + 1);
    this.cuts = cuts;
    const columns = binsByColumn(start.binned, plan.full.cols);
    const column0 = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) column0[r] = plan.binned[r * plan.groups.cols]!;
    const init = (from: number, to: number): ShardInit => ({
      rows,
      columns,
      column0,
      column0Bins: plan.groups.nBins[0]! + 1,
      missingBin: plan.full.nBins,
      plan: shardPlan(plan, rows, from, to),
      task: start.task,
      nClasses: start.nClasses,
      y: start.y,
      baseline: start.baseline,
      rules: start.options,
    });
    this.remotes = ports.map((port, i) => {
      const remote = new RemoteShard(port);
      const data = init(cuts[i + 1]!, cuts[i + 2]!);
      remote.send({ kind: 'init', init: data }, [data.plan.binned.buffer as ArrayBuffer]);
      return remote;
    });
    this.local = new FeatureShard(init(0, plan.groups.cols), cuts[1]!);
  }

  get raw(): Float64Array {
    return this.local.raw;
  }

  /** Workers growing each tree, this one included. */
  get workers(): number {
    return this.remotes.length + 1;
  }

  /** Sends `request` to every helper, serves it here, and gathers the answers (own first). */
  private async everywhere(request: ShardRequest, here: () => ShardReply | undefined): Promise<ShardReply[]> {
    const pending = this.remotes.map((r) => r.send(request));
    const mine = here();
    const theirs = await Promise.all(pending);
    const none = { found: [], hists: [] };
    return [mine ?? none, ...theirs.map((r) => r ?? none)];
  }

  gradients(): void {
    for (const r of this.remotes) r.send({ kind: 'gradients' });
    this.local.gradients();
  }

  /**
   * Whether the next tree is grown by the coordinator alone. After two warm-up trees, three are
   * grown shared and three alone (helpers still follow, so either can go on); the faster way
   * wins. On a machine whose other cores are busy, waking a helper for every split costs more
   * than it saves; then the helpers are stopped and the rest of the fit stays here. The trees
   * are the same either way.
   */
  private trial(): boolean {
    const t = this.treesGrown;
    if (!this.remotes.length) return true;
    if (!this.tryAlone) return false;
    if (t === TRIAL_WARMUP + 2 * TRIAL_TREES) {
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      if (mean(this.timed.alone) < mean(this.timed.shared)) {
        this.stoppedHelpers = `helpers stopped after ${t} trees: one tree took ${mean(this.timed.alone).toFixed(1)} ms here alone against ${mean(this.timed.shared).toFixed(1)} ms shared`;
        for (const r of this.remotes) r.close();
        this.remotes = [];
        return true;
      }
    }
    return t >= TRIAL_WARMUP + TRIAL_TREES && t < TRIAL_WARMUP + 2 * TRIAL_TREES;
  }

  /** Why the helpers were stopped mid-fit, when they were. */
  stoppedHelpers: string | undefined;

  async grow(output: number): Promise<GrownTree> {
    const alone = this.trial();
    const began = performance.now();
    const tree = await this.growTree(output, alone);
    const t = this.treesGrown++;
    if (t >= TRIAL_WARMUP && t < TRIAL_WARMUP + 2 * TRIAL_TREES) {
      (alone ? this.timed.alone : this.timed.shared).push(performance.now() - began);
    }
    return tree;
  }

  private async growTree(output: number, alone: boolean): Promise<GrownTree> {
    const { rows: n, options } = this.start;
    const tree = emptyTree();
    const g = this.start.plan.groups.cols;
    const newNode = (depth: number, count: number, sums: NodeSums, parentLocal: boolean): Node => {
      const id = addLeaf(tree);
      const local = alone || parentLocal || count * g < this.localCells;
      return { ...sums, count, depth, split: null, id, local };
    };
    const canSplit = (count: number, depth: number) =>
      depth < options.maxDepth && count >= 2 * options.minSamplesLeaf;

    const search = canSplit(n, 0) && options.maxLeaves > 1;
    // Every shard takes the root's sums itself, the same way, so helpers start at once.
    const rootLocal = alone || n * g < this.localCells;
    let sums: NodeSums = { sumG: 0, sumH: 0 };
    const first = await this.everywhere({ kind: 'begin', output, search, local: rootLocal }, () => {
      const begun = this.local.begin(output, search, rootLocal);
      sums = begun.sums;
      return { found: [begun.found], hists: [] };
    });
    const root = newNode(0, n, sums, false);
    root.split = bestOf(first.map((r) => r.found[0]));
    const leaves: Node[] = [root];
    const candidates: Node[] = root.split ? [root] : [];

    while (candidates.length && leaves.length < options.maxLeaves) {
      const node = takeNextCandidate(candidates, options.growth);
      const split = node.split!;
      tree.feature[node.id] = split.feature;
      tree.bin[node.id] = split.bin;
      tree.missingLeft[node.id] = split.missingLeft;
      tree.gain[node.id] = split.gain;
      tree.cover[node.id] = node.sumH;
      const depth = node.depth + 1;
      const leftSums = { sumG: split.leftG, sumH: split.leftH };
      const rightSums = { sumG: node.sumG - split.leftG, sumH: node.sumH - split.leftH };
      const left = newNode(depth, split.leftCount, leftSums, node.local);
      const right = newNode(depth, node.count - split.leftCount, rightSums, node.local);
      tree.left[node.id] = left.id;
      tree.right[node.id] = right.id;
      leaves.splice(leaves.indexOf(node), 1, left, right);
      const searchLeft = canSplit(left.count, depth);
      const searchRight = canSplit(right.count, depth);
      const order: SplitOrder = {
        node: node.id,
        feature: split.feature,
        bin: split.bin,
        missingLeft: split.missingLeft,
        left: left.id,
        right: right.id,
        leftSums,
        rightSums,
        build: (searchLeft || searchRight) && leaves.length < options.maxLeaves,
        searchLeft,
        searchRight,
        local: node.local,
        leftLocal: left.local,
        rightLocal: right.local,
      };
      const answers = await this.everywhere({ kind: 'split', order }, () => this.local.split(order));
      if (!order.build) continue;
      for (const [i, child, searched] of [
        [0, left, searchLeft],
        [1, right, searchRight],
      ] as const) {
        if (node.local || !child.local) child.split = bestOf(answers.map((a) => a.found[i]));
        else if (searched) {
          // The child turns local here: its histogram is put together from every shard's columns.
          answers.slice(1).forEach((a, h) => this.local.adopt(child.id, this.cuts[h + 1]!, a.hists[i]!));
          child.split = this.local.search(child.id, child, true);
        }
        if (child.split) candidates.push(child);
      }
    }

    const ids = new Int32Array(leaves.length);
    const values = new Float64Array(leaves.length);
    leaves.forEach((leaf, i) => {
      const v = (-options.learningRate * leaf.sumG) / (leaf.sumH + options.l2 + 1e-15);
      tree.value[leaf.id] = v;
      tree.cover[leaf.id] = leaf.sumH;
      ids[i] = leaf.id;
      values[i] = v;
    });
    for (const r of this.remotes) {
      r.send({ kind: 'end', output, leaves: ids, values });
      // A tree grown alone asked nothing of the helpers: what they must follow goes now.
      if (alone) r.flush();
    }
    this.local.endTree(output, ids, values);
    return tree;
  }

  close(): void {
    clearInterval(this.watch);
    for (const r of this.remotes) r.close();
  }
}
