/**
 * The row-parallel side of boosted trees on several workers: what every worker shares (one set of
 * SharedArrayBuffers: the bins, the labels, the raw scores, the gradients, the row partition) and
 * the work one worker does on its segment of rows when the coordinator asks. The training rows are
 * cut into one contiguous segment per worker; each segment keeps its own partition of its rows by
 * node (ranges per node and segment), builds its own histograms, and updates its own scores and
 * gradients. Nothing is repeated between workers, and nothing is copied per split: the coordinator
 * writes a command into shared memory, wakes the helpers with Atomics.notify, does its own
 * segment, and waits on a counter (parallel.ts).
 *
 * Gradients are on a fixed-point grid (quantize.ts), so a node's histogram, summed over segments,
 * is exact: the same bits whatever the number of segments or the order they are added in.
 */
import type { Task } from '../../types';
import { partitionRows } from './grow';
import type { HistogramLayout } from './histogram';
import { buildHistogram, histogramLayout } from './histogram';
import type { BoostLoss } from './loss';
import { boostLoss } from './loss';
import { gradientsOnGrid, quantizeGradients } from './quantize';

/** Command kinds, written at args[0]. */
export const CMD = { root: 1, split: 2, leaves: 3, gradients: 4, quantize: 5, stop: 6 } as const;
/** Slots of the control array. */
export const CTRL = { seq: 0, done: 1, failed: 2 } as const;
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
  /** Segment s holds rows [bounds[s], bounds[s + 1]). */
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
  /** Each segment's rows, partitioned by node in place (stable: ascending within a node). */
  idx: Int32Array;
  tmp: Int32Array;
  /** Per node and segment: [start, end) in idx. */
  ranges: Int32Array;
  /** One histogram per segment, back to back. */
  hists: Float64Array;
  /** Per segment and output: largest |g| and h. */
  maxes: Float64Array;
  control: Int32Array;
  args: Float64Array;
  error: Uint8Array;
}

/** Whether SharedArrayBuffer can be created here (a cross-origin isolated page, Node). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis.crossOriginIsolated ?? true) !== false;
}

/** Cuts `rows` into `segments` contiguous runs of about equal length. */
export function segmentBounds(rows: number, segments: number): Int32Array {
  return Int32Array.from({ length: segments + 1 }, (_, s) => Math.floor((rows * s) / segments));
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
  segments: number,
  shared: boolean,
): RowFitInit {
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
    bounds: segmentBounds(rows, segments),
    binned: copy(source.binned, (b) => new Uint8Array(b)),
    groupBins: source.groupBins,
    columns: copy(source.columns, (b) => new Uint8Array(b)),
    missingBin: source.missingBin,
    y: copy(source.y, (b) => new Float32Array(b)),
    raw: new Float64Array(buffer(8 * rows * k)),
    gh: new Float32Array(buffer(8 * rows * k)),
    idx: new Int32Array(buffer(4 * rows)),
    tmp: new Int32Array(buffer(4 * rows)),
    ranges: new Int32Array(buffer(4 * 2 * maxNodes * segments)),
    hists: new Float64Array(buffer(8 * histSize * segments)),
    maxes: new Float64Array(buffer(8 * 2 * k * segments)),
    control: new Int32Array(buffer(4 * 4)),
    args: new Float64Array(buffer(8 * (ARG.head + 2 * maxNodes + 2 * k))),
    error: new Uint8Array(buffer(ERROR_BYTES)),
  };
}

/** One worker's view of the shared fit, and the work of a command on one segment. */
export class RowWork {
  readonly layout: HistogramLayout;
  readonly histSize: number;
  readonly segments: number;
  readonly k: number;
  readonly loss: BoostLoss;

  constructor(readonly fit: RowFitInit) {
    this.layout = histogramLayout({ cols: fit.groupBins.length, nBins: fit.groupBins });
    this.histSize = this.layout.size;
    this.segments = fit.bounds.length - 1;
    this.loss = boostLoss(fit.task, fit.nClasses);
    this.k = this.loss.nOutputs;
  }

  /** Segment s's histogram in the shared array. */
  hist(s: number): Float64Array {
    return this.fit.hists.subarray(s * this.histSize, (s + 1) * this.histSize);
  }

  /** Where node `node`'s rows of segment s start in idx, and end. */
  range(node: number, s: number): [number, number] {
    const o = 2 * (node * this.segments + s);
    return [this.fit.ranges[o]!, this.fit.ranges[o + 1]!];
  }

  private setRange(node: number, s: number, start: number, end: number): void {
    const o = 2 * (node * this.segments + s);
    this.fit.ranges[o] = start;
    this.fit.ranges[o + 1] = end;
  }

  /** One output's gradient/hessian pairs. */
  ghOf(output: number): Float32Array {
    const n = this.fit.rows;
    return this.fit.gh.subarray(2 * output * n, 2 * (output + 1) * n);
  }

  /** Does the command in `args` for segment s. */
  run(s: number): void {
    const { args, bounds, rows: n } = this.fit;
    const lo = bounds[s]!;
    const hi = bounds[s + 1]!;
    switch (args[ARG.kind]) {
      case CMD.root: {
        const { idx } = this.fit;
        for (let r = lo; r < hi; r++) idx[r] = r;
        this.setRange(0, s, lo, hi);
        if (args[ARG.build]! >= 0) {
          buildHistogram(
            this.hist(s),
            this.layout,
            this.fit.binned,
            null,
            lo,
            hi,
            this.ghOf(args[ARG.output]!),
          );
        }
        return;
      }
      case CMD.split: {
        const [start, end] = this.range(args[ARG.node]!, s);
        const feature = args[ARG.feature]!;
        const column = this.fit.columns.subarray(feature * n, (feature + 1) * n);
        const split = { bin: args[ARG.bin]!, missingLeft: args[ARG.missingLeft] === 1 };
        const tmp = this.fit.tmp.subarray(lo, hi);
        const mid = partitionRows(
          this.fit.idx,
          tmp,
          column,
          start,
          end,
          split,
          this.fit.missingBin[feature]!,
        );
        const left = args[ARG.left]!;
        const right = args[ARG.right]!;
        this.setRange(left, s, start, mid);
        this.setRange(right, s, mid, end);
        const build = args[ARG.build]!;
        if (build >= 0) {
          const [a, b] = this.range(build, s);
          buildHistogram(
            this.hist(s),
            this.layout,
            this.fit.binned,
            this.fit.idx,
            a,
            b,
            this.ghOf(args[ARG.output]!),
          );
        }
        return;
      }
      case CMD.leaves: {
        const count = args[ARG.count]!;
        const c = args[ARG.output]!;
        const { raw, idx } = this.fit;
        const k = this.k;
        for (let i = 0; i < count; i++) {
          const [start, end] = this.range(args[ARG.head + i]!, s);
          const v = args[ARG.head + count + i]!;
          for (let j = start; j < end; j++) raw[idx[j]! * k + c]! += v;
        }
        return;
      }
      case CMD.gradients: {
        const ranges = gradientsOnGrid(this.loss, this.fit.raw, this.fit.y, n, this.fit.gh, lo, hi);
        ranges?.forEach(({ g, h }, c) => {
          this.fit.maxes[2 * (s * this.k + c)] = g;
          this.fit.maxes[2 * (s * this.k + c) + 1] = h;
        });
        return;
      }
      case CMD.quantize: {
        for (let c = 0; c < this.k; c++) {
          const unitG = args[ARG.head + 2 * c]!;
          const unitH = args[ARG.head + 2 * c + 1]!;
          quantizeGradients(this.ghOf(c), lo, hi, unitG, unitH);
        }
        return;
      }
      default:
        throw new Error(`Unknown command ${args[ARG.kind]} for a tree helper.`);
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
 * A helper's whole life: waits for each command, does it on segment `segment`, counts itself
 * done, until told to stop. It blocks its thread (Atomics.wait), which a dedicated worker may do.
 * A failure is written to the shared error bytes and flagged; the coordinator then fails the fit.
 */
export function serveSegment(fit: RowFitInit, segment: number): void {
  const work = new RowWork(fit);
  const { control, args } = fit;
  let seen = 0;
  for (;;) {
    let next = spinWhile(control, CTRL.seq, seen, SPIN_MS);
    // Only a new command number means work: a wake-up without one is waited out again.
    while (next === seen) {
      Atomics.wait(control, CTRL.seq, seen);
      next = Atomics.load(control, CTRL.seq);
    }
    seen = next;
    if (args[ARG.kind] === CMD.stop) return;
    try {
      work.run(segment);
    } catch (err) {
      const text = new TextEncoder().encode(err instanceof Error ? err.message : String(err));
      fit.error.fill(0);
      fit.error.set(text.subarray(0, ERROR_BYTES));
      Atomics.store(control, CTRL.failed, 1);
    }
    Atomics.add(control, CTRL.done, 1);
    Atomics.notify(control, CTRL.done);
  }
}

/** The message a helper wrote when it failed. */
export function helperError(fit: RowFitInit): string {
  const end = fit.error.indexOf(0);
  // TextDecoder refuses views of shared memory: copy first.
  return new TextDecoder().decode(fit.error.slice(0, end < 0 ? fit.error.length : end));
}
