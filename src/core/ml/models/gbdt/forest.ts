/**
 * The trained ensemble as flat typed arrays (all trees' nodes back to back), which is what
 * prediction walks and what is saved. Tree t adds to output t % nOutputs.
 */
import type { Binner } from './binning';
import { binUpperEdge } from './binning';
import type { GrownTree } from './grow';

// Scoring lives beside (forestScore.ts); callers keep importing it from here.
export { forestRaw } from './forestScore';

export interface Forest {
  cols: number;
  /** 1 for regression and binary classification, the class count for multi-class. */
  nOutputs: number;
  /** Starting raw score per output (mean, log-odds or log-priors). */
  baseline: Float64Array;
  /** Root node index of each tree. */
  treeStart: Int32Array;
  /** Split feature per node; −1 marks a leaf. */
  feature: Int32Array;
  /** Raw threshold: x ≤ threshold goes left. */
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf outputs, learning rate applied. */
  value: Float64Array;
  /** Total split gain per feature: a cheap importance. */
  featureGain: Float64Array;
  /**
   * Sum of training hessians reaching each node (XGBoost's "cover"), for exact TreeSHAP. Absent
   * from models saved before it was kept: explanations then estimate it from given rows.
   */
  cover?: Float64Array;
}

/** Accumulates grown trees; `build(k)` freezes the first k trees into a Forest. */
export class ForestBuilder {
  private readonly trees: { tree: GrownTree; thresholds: number[] }[] = [];
  constructor(
    private readonly binner: Binner,
    private readonly nOutputs: number,
    private readonly baseline: Float64Array,
  ) {}

  add(tree: GrownTree): void {
    const thresholds = tree.feature.map((f, i) => (f < 0 ? 0 : binUpperEdge(this.binner, f, tree.bin[i]!)));
    this.trees.push({ tree, thresholds });
  }

  get size(): number {
    return this.trees.length;
  }

  build(treeCount = this.trees.length): Forest {
    const kept = this.trees.slice(0, treeCount);
    const total = kept.reduce((s, t) => s + t.tree.feature.length, 0);
    const cols = this.binner.cols;
    const forest: Forest = {
      cols,
      nOutputs: this.nOutputs,
      baseline: Float64Array.from(this.baseline),
      treeStart: new Int32Array(kept.length),
      feature: new Int32Array(total),
      threshold: new Float64Array(total),
      missingLeft: new Uint8Array(total),
      left: new Int32Array(total),
      right: new Int32Array(total),
      value: new Float64Array(total),
      featureGain: new Float64Array(cols),
      cover: new Float64Array(total),
    };
    let at = 0;
    kept.forEach(({ tree, thresholds }, t) => {
      forest.treeStart[t] = at;
      for (let i = 0; i < tree.feature.length; i++) {
        const f = tree.feature[i]!;
        forest.feature[at + i] = f;
        forest.threshold[at + i] = thresholds[i]!;
        forest.missingLeft[at + i] = tree.missingLeft[i] ? 1 : 0;
        forest.left[at + i] = f < 0 ? -1 : at + tree.left[i]!;
        forest.right[at + i] = f < 0 ? -1 : at + tree.right[i]!;
        forest.value[at + i] = tree.value[i]!;
        forest.cover![at + i] = tree.cover[i]!;
        if (f >= 0) forest.featureGain[f]! += tree.gain[i]!;
      }
      at += tree.feature.length;
    });
    return forest;
  }
}

/** Adds the value of tree `t` for each binned row to raw[row * stride + output]: the training-time path. */
export function addTreeBinned(
  tree: GrownTree,
  binned: Uint8Array,
  cols: number,
  nBins: Int32Array,
  rows: Int32Array,
  raw: Float64Array,
  stride: number,
  output: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * cols;
    let node = 0;
    let f = tree.feature[0]!;
    while (f >= 0) {
      const b = binned[base + f]!;
      const goLeft = b === nBins[f] ? tree.missingLeft[node]! : b <= tree.bin[node]!;
      node = goLeft ? tree.left[node]! : tree.right[node]!;
      f = tree.feature[node]!;
    }
    raw[i * stride + output]! += tree.value[node]!;
  }
}

/** Field order of the packed weights; changing it breaks saved models (bump formatVersion). */
const PACKED = [
  'treeStart',
  'feature',
  'threshold',
  'missingLeft',
  'left',
  'right',
  'value',
  'featureGain',
  // Added later: optional on read, so models saved without it still load.
  'cover',
] as const;
type PackedField = (typeof PACKED)[number];
type PresentField = Exclude<PackedField, 'cover'>;

export interface ForestHeader {
  cols: number;
  nOutputs: number;
  baseline: number[];
  /** Element count of each packed array, in PACKED order ('cover' absent in older models). */
  lengths: Record<PresentField, number> & { cover?: number };
}

/** Packs the arrays into one buffer (8-byte aligned sections) plus a JSON header. */
export function packForest(forest: Forest): { header: ForestHeader; buffer: ArrayBuffer } {
  const fields = PACKED.filter((k) => forest[k] !== undefined);
  const lengths = Object.fromEntries(fields.map((k) => [k, forest[k]!.length])) as ForestHeader['lengths'];
  const sizes = fields.map((k) => align8(forest[k]!.byteLength));
  const buffer = new ArrayBuffer(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  fields.forEach((k, i) => {
    const src = forest[k]!;
    new Uint8Array(buffer, at, src.byteLength).set(
      new Uint8Array(src.buffer, src.byteOffset, src.byteLength),
    );
    at += sizes[i]!;
  });
  return {
    header: { cols: forest.cols, nOutputs: forest.nOutputs, baseline: [...forest.baseline], lengths },
    buffer,
  };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Rebuilds a forest from `packForest` output; throws when the buffer does not match the header. */
export function unpackForest(header: ForestHeader, buffer: ArrayBuffer): Forest {
  let at = 0;
  const read = <T>(k: PackedField, C: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T => {
    const n = header.lengths[k] ?? -1;
    const bytes = n * C.BYTES_PER_ELEMENT;
    if (!Number.isInteger(n) || n < 0 || at + bytes > buffer.byteLength) {
      throw new Error(`The saved boosted-trees model is damaged: its "${k}" data is missing or cut short.`);
    }
    const out = new C(buffer.slice(at, at + bytes));
    at += align8(bytes);
    return out;
  };
  // Same order as PACKED.
  const forest: Forest = {
    cols: header.cols,
    nOutputs: header.nOutputs,
    baseline: Float64Array.from(header.baseline),
    treeStart: read('treeStart', Int32Array),
    feature: read('feature', Int32Array),
    threshold: read('threshold', Float64Array),
    missingLeft: read('missingLeft', Uint8Array),
    left: read('left', Int32Array),
    right: read('right', Int32Array),
    value: read('value', Float64Array),
    featureGain: read('featureGain', Float64Array),
  };
  if (header.lengths.cover !== undefined) forest.cover = read('cover', Float64Array);
  return forest;
}
