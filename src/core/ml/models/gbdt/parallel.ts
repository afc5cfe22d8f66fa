/**
 * Boosted trees grown across several workers, split by rows (rows.ts): the coordinator (the train
 * worker) decides every split exactly as one worker does (growTree), but the row work of a node —
 * partitioning its rows and building the smaller child's histogram — and of a tree — the root's
 * histogram, the leaf updates, the gradients — is done block by block by every worker at once,
 * each taking the next free block. The coordinator adds the workers' histograms (exact sums: the trees are bit for bit
 * the single-worker ones) and searches the splits. Helpers are woken through shared memory
 * (Atomics.notify), which costs microseconds, not a message's round trip.
 */
import type { Task } from '../../types';
import { abortError, yieldToEventLoop } from '../abort';
import type { HistogramPlan } from './bundles';
import { expandHistogram } from './bundles';
import type { GrowOptions, GrownTree } from './grow';
import { addLeaf, emptyTree, takeNextCandidate } from './grow';
import type { SplitCandidate } from './histogram';
import { findBestSplit, subtractHistogram } from './histogram';
import type { HelperPort } from './helpers';
import { quantumFor } from './quantize';
import type { RowFitInit } from './rows';
import {
  allocateRows,
  ARG,
  claimSeq,
  claimWord,
  CMD,
  CTRL,
  helperError,
  RowWork,
  SPIN_MS,
  spinWhile,
} from './rows';

/**
 * A node with fewer cells (rows × histogram columns) than this is split by the coordinator alone,
 * on every block in turn: below it, waking the helpers costs more than the work they take over.
 */
export const LOCAL_CELLS = 60_000;
/** Trees grown before the trial of shared against alone, and trees per side of the trial. */
// A helper is a fresh thread whose code the engine has not optimised yet: its first trees are slow.
// In Chromium four warm-up trees were too few (200k rows, quiet machine): the trial measured 20.7
// ms shared against 14.6 alone and stopped helpers that, kept, made the fit 1.67 s instead of
// 2.15 s; after twelve it measured 9.3 against 15.0 ms and kept them.
const TRIAL_WARMUP = 12;
const TRIAL_TREES = 4;
/** How long the coordinator blocks on its helpers before it lets messages (Cancel, errors) in. */
const WAIT_SLICE_MS = 50;

/** The training data and settings a fit starts from (binning already done). */
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
  /** What became of the helpers: the timed trial's outcome, a helper that failed. */
  readonly note?: string | undefined;
  /** Grows the tree of one output on the current gradients and adds it to `raw`. */
  grow(output: number): Promise<GrownTree>;
  /**
   * Recomputes the (quantized) gradients from `raw`: before the first tree and after each
   * iteration. `meanwhile` (work that neither reads the gradients nor changes `raw`) runs on this
   * worker while helpers compute them.
   */
  gradients(meanwhile?: () => void): Promise<void> | void;
  close(): void;
}

interface Node {
  count: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
  id: number;
}

/** Bins of row-major `binned` (rows × cols) laid out column by column. */
export function binsByColumn(binned: Uint8Array, cols: number): Uint8Array {
  const n = binned.length / cols;
  const out = new Uint8Array(binned.length);
  for (let r = 0; r < n; r++) for (let f = 0; f < cols; f++) out[f * n + r] = binned[r * cols + f]!;
  return out;
}

/** The coordinator of a row-parallel fit (worker 0; helper i is worker i + 1). */
export class RowTrees implements TreeGrower {
  readonly fit: RowFitInit;
  private readonly work: RowWork;
  private ports: HelperPort[];
  private failure: Error | null = null;
  private failed = 0;
  /** Workers the fit started with, this one included. */
  private readonly started: number;
  /** The last command run by several workers, and whose histograms hold the last built node. */
  private seq = 0;
  private gathered: number[] = [0];
  private readonly timed = { shared: [] as number[], alone: [] as number[] };
  private treesGrown = 0;
  private readonly pool: Float64Array[] = [];
  private readonly expanded: Float64Array;
  private readonly localCells: number;
  private readonly tryAlone: boolean;
  private readonly shouldStop: (() => boolean) | undefined;
  /** Why the helpers were stopped mid-fit, when they were. */
  stoppedHelpers: string | undefined;
  /** What the trial measured when it kept the helpers. */
  trialNote: string | undefined;

  get note(): string | undefined {
    const failed = this.failure && `${this.failure.message}; the other workers finished the fit without it`;
    return [this.stoppedHelpers ?? this.trialNote, failed].filter(Boolean).join('; ') || undefined;
  }

  constructor(
    private readonly start: ParallelStart,
    ports: HelperPort[],
    options: {
      localCells?: number | undefined;
      trial?: boolean | undefined;
      shouldStop?: () => boolean;
    } = {},
  ) {
    const { localCells = LOCAL_CELLS, trial = true, shouldStop } = options;
    this.localCells = localCells;
    this.tryAlone = trial;
    this.shouldStop = shouldStop;
    const { plan, rows, options: grow } = start;
    const k = start.baseline.length;
    // Leaf-wise trees have at most 2·maxLeaves − 1 nodes; so does a depth-wise one capped by leaves.
    const maxNodes = Math.max(
      1,
      Math.min(2 * grow.maxLeaves - 1, 2 * Math.ceil(rows / Math.max(1, grow.minSamplesLeaf))),
    );
    this.fit = allocateRows(
      {
        task: start.task,
        nClasses: start.nClasses,
        rows,
        nOutputs: k,
        binned: plan.binned,
        groupBins: plan.groups.nBins,
        columns: binsByColumn(start.binned, plan.full.cols),
        missingBin: plan.full.nBins,
        y: start.y,
        maxNodes,
      },
      ports.length + 1,
      ports.length > 0,
    );
    this.started = ports.length + 1;
    for (let r = 0; r < rows; r++) this.fit.raw.set(start.baseline, r * k);
    this.work = new RowWork(this.fit);
    this.expanded = new Float64Array(plan.groups === plan.full ? 0 : plan.full.size);
    this.ports = ports;
    ports.forEach((port, i) => {
      // A helper that fails outside a block (it could not start, it died while idle) leaves its
      // share to the others: the fit goes on and says so. One that dies holding a block stops the
      // fit (that block cannot be finished), see dispatch.
      port.onFailure = (message) => {
        this.failed++;
        this.failure ??= new Error(`A helper worker of the boosted-tree fit failed: ${message}`);
      };
      port.post({ fit: this.fit, worker: i + 1 });
    });
  }

  get raw(): Float64Array {
    return this.fit.raw;
  }

  /** Workers growing each tree (this one included) at the end of the fit, or now if still growing. */
  get workers(): number {
    return this.stoppedHelpers ? 1 : this.started - this.failed;
  }

  /**
   * Runs the command in args on every block: here alone when `alone` (or without helpers), else
   * the helpers wake and every worker, this one too, takes blocks until none is left.
   */
  private async dispatch(alone: boolean, meanwhile?: () => void): Promise<void> {
    const { blocks } = this.work;
    if (alone || !this.ports.length) {
      const hist = this.work.hist(0);
      if (this.work.builds()) hist.fill(0);
      for (let b = 0; b < blocks; b++) this.work.run(b, hist);
      this.gathered = [0];
      meanwhile?.();
      return;
    }
    const { control } = this.fit;
    const seq = claimSeq(claimWord(this.seq + 1, 0));
    this.seq = seq;
    Atomics.store(control, CTRL.done, 0);
    Atomics.store(control, CTRL.claim, claimWord(seq, 0));
    Atomics.notify(control, CTRL.claim);
    // Other work first: the helpers take blocks meanwhile, and this worker takes what is left.
    meanwhile?.();
    this.work.takeBlocks(seq, 0);
    for (;;) {
      let done = Atomics.load(control, CTRL.done);
      if (done < blocks) done = spinWhile(control, CTRL.done, done, SPIN_MS);
      if (done >= blocks) break;
      // Blocking is fine in a worker; a slice that times out lets queued messages in (a Cancel,
      // a helper that died holding a block).
      if (Atomics.wait(control, CTRL.done, done, WAIT_SLICE_MS) === 'timed-out') {
        await yieldToEventLoop();
        if (this.failure) throw this.failure;
        if (this.shouldStop?.()) throw abortError();
      }
    }
    if (Atomics.load(control, CTRL.failed)) {
      throw new Error(`A helper worker of the boosted-tree fit failed: ${helperError(this.fit)}`);
    }
    this.gathered = [];
    for (let w = 0; w < this.started; w++) {
      if (Atomics.load(control, CTRL.touched + w) === seq) this.gathered.push(w);
    }
  }

  async gradients(meanwhile?: () => void): Promise<void> {
    const { args, maxes } = this.fit;
    const { k, blocks, loss } = this.work;
    args[ARG.kind] = CMD.gradients;
    await this.dispatch(false, meanwhile);
    // A loss that bounds its gradients put them on the grid already; else one grid per output
    // for all rows, from the largest values over every block (a maximum is order-free).
    if (loss.bounds) return;
    for (let c = 0; c < k; c++) {
      let g = 0;
      let h = 0;
      for (let b = 0; b < blocks; b++) {
        g = Math.max(g, maxes[2 * (b * k + c)]!);
        h = Math.max(h, maxes[2 * (b * k + c) + 1]!);
      }
      args[ARG.head + 2 * c] = quantumFor(g);
      args[ARG.head + 2 * c + 1] = quantumFor(h);
    }
    args[ARG.kind] = CMD.quantize;
    await this.dispatch(false);
  }

  /**
   * Whether the next tree is grown by the coordinator alone. After twelve warm-up trees, eight trees
   * take turns, shared then alone (so neither side gets the warmer code or the quieter moment);
   * the faster way on average wins. On a machine whose other cores are busy,
   * waking helpers costs more than it saves; then they are stopped and the rest of the fit stays
   * here. The trees are the same either way.
   */
  private trial(): boolean {
    const t = this.treesGrown;
    if (!this.ports.length) return true;
    if (!this.tryAlone) return false;
    if (t === TRIAL_WARMUP + 2 * TRIAL_TREES) {
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const alone = mean(this.timed.alone);
      const shared = mean(this.timed.shared);
      const times = `one tree took ${alone.toFixed(1)} ms here alone against ${shared.toFixed(1)} ms shared`;
      if (alone < shared) {
        this.stoppedHelpers = `helpers stopped after ${t} trees: ${times}`;
        this.close();
        return true;
      }
      this.trialNote = `helpers kept after ${t} trees: ${times}`;
    }
    return t >= TRIAL_WARMUP && t < TRIAL_WARMUP + 2 * TRIAL_TREES && (t - TRIAL_WARMUP) % 2 === 1;
  }

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

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.work.histSize);
  }

  private release(h: Float64Array | null): void {
    if (h) this.pool.push(h);
  }

  /** The node's histogram: the histograms of the workers that took its blocks, added (exact sums). */
  private gather(): Float64Array {
    const out = this.take();
    const [first, ...rest] = this.gathered;
    out.set(this.work.hist(first ?? 0));
    for (const w of rest) {
      const h = this.work.hist(w);
      for (let i = 0; i < out.length; i++) out[i]! += h[i]!;
    }
    return out;
  }

  private evaluate(node: Node): void {
    const { plan, options } = this.start;
    let hist = node.hist!;
    if (plan.groups !== plan.full) {
      expandHistogram(plan, hist, this.expanded, node.sumG, node.sumH, node.count);
      hist = this.expanded;
    }
    node.split = findBestSplit(hist, plan.full, node.sumG, node.sumH, node.count, options);
    if (!node.split) {
      this.release(node.hist);
      node.hist = null;
    }
  }

  private async growTree(output: number, alone: boolean): Promise<GrownTree> {
    const { rows: n, options, plan } = this.start;
    const { args } = this.fit;
    const g = plan.groups.cols;
    const tree = emptyTree();
    const canSplit = (count: number, depth: number) =>
      depth < options.maxDepth && count >= 2 * options.minSamplesLeaf;
    const node = (count: number, depth: number, sumG: number, sumH: number): Node => ({
      count,
      depth,
      sumG,
      sumH,
      hist: null,
      split: null,
      id: addLeaf(tree),
    });

    const root = node(n, 0, 0, 0);
    const search = canSplit(n, 0) && options.maxLeaves > 1;
    args[ARG.kind] = CMD.root;
    args[ARG.output] = output;
    args[ARG.build] = search ? 0 : -1;
    await this.dispatch(alone);
    if (search) {
      root.hist = this.gather();
      // Every row falls in exactly one bin of column 0 (missing included): its bins sum the node.
      for (let b = 0; b <= plan.groups.nBins[0]!; b++) {
        root.sumG += root.hist[b * 3]!;
        root.sumH += root.hist[b * 3 + 1]!;
      }
      this.evaluate(root);
    } else {
      const gh = this.work.ghOf(output);
      for (let r = 0; r < n; r++) {
        root.sumG += gh[2 * r]!;
        root.sumH += gh[2 * r + 1]!;
      }
    }
    const leaves: Node[] = [root];
    const candidates: Node[] = root.split ? [root] : [];

    while (candidates.length && leaves.length < options.maxLeaves) {
      const parent = takeNextCandidate(candidates, options.growth);
      const split = parent.split!;
      tree.feature[parent.id] = split.feature;
      tree.bin[parent.id] = split.bin;
      tree.missingLeft[parent.id] = split.missingLeft;
      tree.gain[parent.id] = split.gain;
      tree.cover[parent.id] = parent.sumH;
      const depth = parent.depth + 1;
      const left = node(split.leftCount, depth, split.leftG, split.leftH);
      const right = node(
        parent.count - split.leftCount,
        depth,
        parent.sumG - split.leftG,
        parent.sumH - split.leftH,
      );
      tree.left[parent.id] = left.id;
      tree.right[parent.id] = right.id;
      leaves.splice(leaves.indexOf(parent), 1, left, right);
      const splitLeft = canSplit(left.count, depth);
      const splitRight = canSplit(right.count, depth);
      const build = (splitLeft || splitRight) && leaves.length < options.maxLeaves;
      const [small, large] = left.count <= right.count ? [left, right] : [right, left];
      args[ARG.kind] = CMD.split;
      args[ARG.output] = output;
      args[ARG.node] = parent.id;
      args[ARG.feature] = split.feature;
      args[ARG.bin] = split.bin;
      args[ARG.missingLeft] = split.missingLeft ? 1 : 0;
      args[ARG.left] = left.id;
      args[ARG.right] = right.id;
      args[ARG.build] = build ? small.id : -1;
      await this.dispatch(alone || parent.count * g < this.localCells);
      if (!build) {
        this.release(parent.hist);
        parent.hist = null;
        continue;
      }
      small.hist = this.gather();
      subtractHistogram(parent.hist!, small.hist);
      large.hist = parent.hist;
      parent.hist = null;
      for (const [child, ok] of [
        [left, splitLeft],
        [right, splitRight],
      ] as const) {
        if (ok) this.evaluate(child);
        else {
          this.release(child.hist);
          child.hist = null;
        }
        if (child.split) candidates.push(child);
      }
    }
    for (const c of candidates) this.release(c.hist);

    args[ARG.kind] = CMD.leaves;
    args[ARG.output] = output;
    args[ARG.count] = leaves.length;
    leaves.forEach((leaf, i) => {
      const v = (-options.learningRate * leaf.sumG) / (leaf.sumH + options.l2 + 1e-15);
      tree.value[leaf.id] = v;
      tree.cover[leaf.id] = leaf.sumH;
      args[ARG.head + i] = leaf.id;
      args[ARG.head + leaves.length + i] = v;
    });
    await this.dispatch(alone);
    return tree;
  }

  /** Stops and ends the helpers; the fit can go on here alone (the shared memory stays). */
  close(): void {
    if (!this.ports.length) return;
    const { control } = this.fit;
    Atomics.store(control, CTRL.stop, 1);
    // A new command number with every block taken: spinning helpers see it too, and find no work.
    this.seq = claimSeq(claimWord(this.seq + 1, 0));
    Atomics.store(control, CTRL.claim, claimWord(this.seq, this.work.blocks));
    Atomics.notify(control, CTRL.claim);
    for (const p of this.ports) p.close();
    this.ports = [];
  }
}
