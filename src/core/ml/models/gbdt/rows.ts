/**
 * The row-parallel side of boosted trees on several workers: what every worker shares (one set of
 * SharedArrayBuffers: the bins, the labels, the raw scores, the gradients, the row partition) and
 * the work done on one block of rows when the coordinator asks. The training rows are cut into a
 * fixed number of contiguous blocks; each block keeps its own partition of its rows by node (a
 * range per node and block), and the row work of a command — partition a node, build a child's
 * histogram, update scores, compute gradients — is done block by block. Workers take blocks from
 * a shared counter (Atomics.compareExchange) until none is left, each adding into its own
 * histogram: a worker the machine has descheduled simply takes fewer blocks, and nobody waits
 * for one that has not started. Nothing is repeated between workers, nothing is copied per split:
 * the coordinator writes a command into shared memory, wakes the helpers with Atomics.notify,
 * takes blocks itself, and waits until every block is done (parallel.ts).
 *
 * Gradients are on a fixed-point grid (quantize.ts), so a node's histogram, summed over workers, is
 * exact: the same bits whichever worker did which block, and the same as on one worker.
 */
import type { Task } from '../../types';
import { partitionRows } from './grow';
import type { HistogramLayout } from './histogram';
import { buildHistogram, histogramLayout } from './histogram';
import type { BoostLoss } from './loss';
import { boostLoss } from './loss';
import { gradientsOnGrid, quantizeGradients } from './quantize';

/** Command kinds, written at args[0]. */
export const CMD = { root: 1, split: 2, leaves: 3, gradients: 4, quantize: 5 } as const;
/** Slots of the control array. */
/**
 * Slots of the control array. `claim` holds the command number (high bits) and the next block to
 * take (low 8 bits) in one word, so a block is taken for one command only. `touched + w`: the last
 * command worker w took a block of (its histogram holds that command's sums). `stop` is a slot of
 * its own, not a command in args: once the helpers are stopped the coordinator goes on alone and
 * rewrites args at once, and a helper that woke late must not read that as work for it.
 */
export const CTRL = { claim: 0, done: 1, failed: 2, stop: 3, touched: 4 } as const;
/** Most workers a fit can have (control slots for their `touched`). */
export const MAX_FIT_WORKERS = 8;
const BLOCK_BITS = 8;
const BLOCK_MASK = (1 << BLOCK_BITS) - 1;
const SEQ_MASK = (1 << (31 - BLOCK_BITS)) - 1;

/** The claim word of command `seq` with `next` blocks taken. */
export function claimWord(seq: number, next: number): number {
  return ((seq & SEQ_MASK) << BLOCK_BITS) | next;
}

/** The command number of a claim word. */
export function claimSeq(word: number): number {
  return (word >>> BLOCK_BITS) & SEQ_MASK;
}

/**
 * Blocks per fit: enough that a worker the machine delays holds back only a small share, few
 * enough that each keeps thousands of rows (a block costs a range per node and a loop start).
 */
export function blockCount(rows: number, workers: number): number {
  return Math.max(1, Math.min(8 * workers, BLOCK_MASK - 1, Math.floor(rows / 256)));
}
/** args slots: a command's fixed fields, then its arrays (leaf ids and values, per-output units). */
export const ARG = {
  kind: 0,
  output: 1,
  node: 2,
  feature: 3,
  bin: 4,
  missingLeft: 5,
  left: 6,
  right: 7,
  /** The child whose histogram is built, or −1. */
  build: 8,
  count: 9,
  head: 16,
} as const;
const ERROR_BYTES = 1024;

/** Everything a worker of the fit holds; every array but `bounds` and the bin counts is shared. */
export interface RowFitInit {
  task: Task;
  nClasses: number;
  rows: number;
  /** Block b holds rows [bounds[b], bounds[b + 1]). */
  bounds: Int32Array;
  /** Row-major rows × histogram columns bins (HistogramPlan.binned). */
  binned: Uint8Array;
  /** Non-missing bins per histogram column. */
  groupBins: Int32Array;
  /** Per-feature bins column by column (feature f at f·rows): partitions read one feature. */
  columns: Uint8Array;
  /** Non-missing bins per feature (the missing bin's index). */
  missingBin: Int32Array;
  y: Float32Array;
  /** rows × outputs raw scores. */
  raw: Float64Array;
  /** Gradient/hessian pairs, output-major (loss.ts). */
  gh: Float32Array;
  /** Each block's rows, partitioned by node in place (stable: ascending within a node). */
  idx: Int32Array;
  tmp: Int32Array;
  /** Per node and block: [start, end) in idx. */
  ranges: Int32Array;
  /** One histogram per worker, back to back: the sums of the blocks it took. */
  hists: Float64Array;
  /** Per block and output: largest |g| and h. */
  maxes: Float64Array;
  control: Int32Array;
  args: Float64Array;
  error: Uint8Array;
}

/** Whether SharedArrayBuffer can be created here (a cross-origin isolated page, Node). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis.crossOriginIsolated ?? true) !== false;
}

/** Cuts `rows` into `blocks` contiguous runs of about equal length. */
export function blockBounds(rows: number, blocks: number): Int32Array {
  return Int32Array.from({ length: blocks + 1 }, (_, b) => Math.floor((rows * b) / blocks));
}

/** Command 0 has every block taken: a helper that starts finds nothing to do until the first. */
function controlArray(control: Int32Array, blocks: number): Int32Array {
  control[CTRL.claim] = claimWord(0, blocks);
  return control;
}

/** Memory for the fit: shared when helpers will use it, plain otherwise (the same code runs on both). */
export function allocateRows(
  source: {
    task: Task;
    nClasses: number;
    rows: number;
    nOutputs: number;
    binned: Uint8Array;
    groupBins: Int32Array;
    columns: Uint8Array;
    missingBin: Int32Array;
    y: Float32Array;
    maxNodes: number;
  },
  workers: number,
  shared: boolean,
): RowFitInit {
  const blocks = blockCount(source.rows, workers);
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const copy = <T extends Uint8Array | Float32Array>(
    a: T,
    make: (b: ArrayBuffer | SharedArrayBuffer) => T,
  ): T => {
    const out = make(buffer(a.byteLength));
    out.set(a);
    return out;
  };
  const { rows, nOutputs: k, maxNodes } = source;
  const histSize = histogramLayout({ cols: source.groupBins.length, nBins: source.groupBins }).size;
  return {
    task: source.task,
    nClasses: source.nClasses,
    rows,
    bounds: blockBounds(rows, blocks),
    binned: copy(source.binned, (b) => new Uint8Array(b)),
    groupBins: source.groupBins,
    columns: copy(source.columns, (b) => new Uint8Array(b)),
    missingBin: source.missingBin,
    y: copy(source.y, (b) => new Float32Array(b)),
    raw: new Float64Array(buffer(8 * rows * k)),
    gh: new Float32Array(buffer(8 * rows * k)),
    idx: new Int32Array(buffer(4 * rows)),
    tmp: new Int32Array(buffer(4 * rows)),
    ranges: new Int32Array(buffer(4 * 2 * maxNodes * blocks)),
    hists: new Float64Array(buffer(8 * histSize * workers)),
    maxes: new Float64Array(buffer(8 * 2 * k * blocks)),
    control: controlArray(new Int32Array(buffer(4 * (CTRL.touched + MAX_FIT_WORKERS))), blocks),
    args: new Float64Array(buffer(8 * (ARG.head + 2 * maxNodes + 2 * k))),
    error: new Uint8Array(buffer(ERROR_BYTES)),
  };
}

/** One worker's view of the shared fit, and the work of a command on one block. */
export class RowWork {
  readonly layout: HistogramLayout;
  readonly histSize: number;
  readonly blocks: number;
  readonly k: number;
  readonly loss: BoostLoss;

  constructor(readonly fit: RowFitInit) {
    this.layout = histogramLayout({ cols: fit.groupBins.length, nBins: fit.groupBins });
    this.histSize = this.layout.size;
    this.blocks = fit.bounds.length - 1;
    this.loss = boostLoss(fit.task, fit.nClasses);
    this.k = this.loss.nOutputs;
  }

  /** Worker w's histogram in the shared array. */
  hist(w: number): Float64Array {
    return this.fit.hists.subarray(w * this.histSize, (w + 1) * this.histSize);
  }

  /** Where node `node`'s rows of block b start in idx, and end. */
  range(node: number, b: number): [number, number] {
    const o = 2 * (node * this.blocks + b);
    return [this.fit.ranges[o]!, this.fit.ranges[o + 1]!];
  }

  private setRange(node: number, b: number, start: number, end: number): void {
    const o = 2 * (node * this.blocks + b);
    this.fit.ranges[o] = start;
    this.fit.ranges[o + 1] = end;
  }

  /** One output's gradient/hessian pairs. */
  ghOf(output: number): Float32Array {
    const n = this.fit.rows;
    return this.fit.gh.subarray(2 * output * n, 2 * (output + 1) * n);
  }

  /** Whether the command in args builds a histogram (so a worker clears its own first). */
  builds(): boolean {
    const kind = this.fit.args[ARG.kind];
    return (kind === CMD.root || kind === CMD.split) && this.fit.args[ARG.build]! >= 0;
  }

  /** Does the command in `args` for block b, adding any histogram into `hist`. */
  run(b: number, hist: Float64Array): void {
    const { args, bounds, rows: n } = this.fit;
    const lo = bounds[b]!;
    const hi = bounds[b + 1]!;
    const kind = args[ARG.kind];
    if (kind === CMD.root || kind === CMD.split) {
      let start = lo;
      let end = hi;
      if (kind === CMD.root) {
        for (let r = lo; r < hi; r++) this.fit.idx[r] = r;
        this.setRange(0, b, lo, hi);
      } else {
        [start, end] = this.range(args[ARG.node]!, b);
        const feature = args[ARG.feature]!;
        const column = this.fit.columns.subarray(feature * n, (feature + 1) * n);
        const split = { bin: args[ARG.bin]!, missingLeft: args[ARG.missingLeft] === 1 };
        const missingBin = this.fit.missingBin[feature]!;
        const tmp = this.fit.tmp.subarray(lo, hi);
        const mid = partitionRows(this.fit.idx, tmp, column, start, end, split, missingBin);
        this.setRange(args[ARG.left]!, b, start, mid);
        this.setRange(args[ARG.right]!, b, mid, end);
      }
      const build = args[ARG.build]!;
      if (build < 0) return;
      const [a, z] = kind === CMD.root ? [start, end] : this.range(build, b);
      const idx = kind === CMD.root ? null : this.fit.idx;
      const gh = this.ghOf(args[ARG.output]!);
      buildHistogram(hist, this.layout, this.fit.binned, idx, a, z, gh, 0, this.layout.cols, false);
      return;
    }
    if (kind === CMD.leaves) {
      const count = args[ARG.count]!;
      const c = args[ARG.output]!;
      const { raw, idx } = this.fit;
      const k = this.k;
      for (let i = 0; i < count; i++) {
        const [start, end] = this.range(args[ARG.head + i]!, b);
        const v = args[ARG.head + count + i]!;
        for (let j = start; j < end; j++) raw[idx[j]! * k + c]! += v;
      }
      return;
    }
    if (kind === CMD.gradients) {
      const ranges = gradientsOnGrid(this.loss, this.fit.raw, this.fit.y, n, this.fit.gh, lo, hi);
      ranges?.forEach(({ g, h }, c) => {
        this.fit.maxes[2 * (b * this.k + c)] = g;
        this.fit.maxes[2 * (b * this.k + c) + 1] = h;
      });
      return;
    }
    if (kind === CMD.quantize) {
      for (let c = 0; c < this.k; c++) {
        quantizeGradients(this.ghOf(c), lo, hi, args[ARG.head + 2 * c]!, args[ARG.head + 2 * c + 1]!);
      }
      return;
    }
    throw new Error(`Unknown command ${kind} for a tree helper.`);
  }

  /**
   * Takes blocks of command `seq` (a claimSeq value) as worker w until none is left; returns how many it took. The
   * first one taken clears w's histogram and marks it as holding this command's sums. A failure
   * is written to the shared error bytes and flagged (the block still counts as done, so nobody
   * waits forever); the coordinator then fails the fit.
   */
  takeBlocks(seq: number, w: number): number {
    const { control } = this.fit;
    const hist = this.hist(w);
    let taken = 0;
    for (;;) {
      const word = Atomics.load(control, CTRL.claim);
      const next = word & BLOCK_MASK;
      if (claimSeq(word) !== seq || next >= this.blocks) return taken;
      if (Atomics.compareExchange(control, CTRL.claim, word, word + 1) !== word) continue;
      try {
        if (taken++ === 0) {
          if (this.builds()) hist.fill(0);
          Atomics.store(control, CTRL.touched + w, seq);
        }
        this.run(next, hist);
      } catch (err) {
        const text = new TextEncoder().encode(err instanceof Error ? err.message : String(err));
        this.fit.error.fill(0);
        this.fit.error.set(text.subarray(0, ERROR_BYTES));
        Atomics.store(control, CTRL.failed, 1);
      }
      // The last block wakes the coordinator if it sleeps.
      if (Atomics.add(control, CTRL.done, 1) === this.blocks - 1) Atomics.notify(control, CTRL.done);
    }
  }
}

/**
 * How long a waiting thread spins before it sleeps. Waking a sleeping thread costs tens to
 * hundreds of microseconds on a virtual machine (the host has to reschedule the idle vCPU); the
 * next command of a tree usually comes sooner than that, so a short spin saves a wake-up per split.
 */
export const SPIN_MS = 0.3;

/** Spins while control[slot] === value, at most `ms`; returns the value last read. */
export function spinWhile(control: Int32Array, slot: number, value: number, ms: number): number {
  const until = performance.now() + ms;
  let v = Atomics.load(control, slot);
  for (let i = 1; v === value; i++) {
    if ((i & 63) === 0 && performance.now() > until) break;
    v = Atomics.load(control, slot);
  }
  return v;
}

/**
 * A helper's whole life as worker w: waits for each new command, takes its blocks while any are
 * left, until told to stop. It blocks its thread (Atomics.wait), which a dedicated worker may do.
 */
export function serveBlocks(fit: RowFitInit, w: number): void {
  const work = new RowWork(fit);
  const { control } = fit;
  let seen = -1;
  for (;;) {
    if (Atomics.load(control, CTRL.stop)) return;
    let word = Atomics.load(control, CTRL.claim);
    if (claimSeq(word) === seen) {
      // Nothing new: spin a little (the next split usually comes within microseconds), then sleep
      // until the coordinator notifies. Blocks taken by others change the word without a notify.
      const until = performance.now() + SPIN_MS;
      for (let i = 1; claimSeq(word) === seen; i++) {
        if ((i & 63) === 0 && performance.now() > until) {
          Atomics.wait(control, CTRL.claim, word);
          if (Atomics.load(control, CTRL.stop)) return;
        }
        word = Atomics.load(control, CTRL.claim);
      }
    }
    seen = claimSeq(word);
    work.takeBlocks(seen, w);
  }
}

/** The message a helper wrote when it failed. */
export function helperError(fit: RowFitInit): string {
  const end = fit.error.indexOf(0);
  // TextDecoder refuses views of shared memory: copy first.
  return new TextDecoder().decode(fit.error.slice(0, end < 0 ? fit.error.length : end));
}
