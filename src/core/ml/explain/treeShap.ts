/**
 * Exact TreeSHAP (Lundberg et al. 2018, Algorithm 2, "path-dependent") for the boosted-trees
 * forest: the contribution of each feature to a row's raw score (log-odds for classification),
 * weighting unseen branches by the training cover of each node. Contributions plus the expected
 * value equal the raw score exactly. Same recursion as XGBoost's `pred_contribs`, on flat typed
 * arrays (one preallocated path buffer, no allocation per row).
 */
import type { Forest } from '../models/gbdt/forest';

/** Per-node cover: the forest's own, or (older models) counted from `x`. */
export function forestCover(forest: Forest, x?: Float32Array, rows = 0): Float64Array {
  if (forest.cover) return forest.cover;
  if (!x || rows === 0) {
    throw new Error('This model was saved without node covers: give rows to estimate them from.');
  }
  return coversFromRows(forest, x, rows);
}

/** How many of `rows` rows reach each node: a stand-in for covers a model did not keep. */
export function coversFromRows(forest: Forest, x: Float32Array, rows: number): Float64Array {
  const { cols, treeStart, feature, threshold, missingLeft, left, right } = forest;
  const cover = new Float64Array(feature.length);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < treeStart.length; t++) {
      let node = treeStart[t]!;
      cover[node]!++;
      while (feature[node]! >= 0) {
        const v = x[r * cols + feature[node]!]!;
        node = (v !== v ? missingLeft[node] === 1 : v <= threshold[node]!) ? left[node]! : right[node]!;
        cover[node]!++;
      }
    }
  }
  return cover;
}

/** The largest depth of any tree (root = 0). */
function maxDepth(forest: Forest): number {
  const { treeStart, feature, left, right } = forest;
  let deepest = 0;
  const stack: number[] = [];
  for (let t = 0; t < treeStart.length; t++) {
    stack.push(treeStart[t]!, 0);
    while (stack.length) {
      const d = stack.pop()!;
      const node = stack.pop()!;
      deepest = Math.max(deepest, d);
      if (feature[node]! >= 0) stack.push(left[node]!, d + 1, right[node]!, d + 1);
    }
  }
  return deepest;
}

/** The expected raw score per output: baseline + Σ leaves value × cover / root cover. */
export function expectedValue(forest: Forest, cover: Float64Array): Float64Array {
  const out = Float64Array.from(forest.baseline);
  const { treeStart, feature, left, right, value } = forest;
  for (let t = 0; t < treeStart.length; t++) {
    const root = treeStart[t]!;
    const stack = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (feature[node]! >= 0) stack.push(left[node]!, right[node]!);
      else out[t % forest.nOutputs]! += (value[node]! * cover[node]!) / cover[root]!;
    }
  }
  return out;
}

/** The path state of the recursion, in flat arrays; segment `d` starts at offset d·(d+1)/2. */
class PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(depth: number) {
    const size = ((depth + 2) * (depth + 3)) / 2;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

function extend(p: PathBuffer, at: number, depth: number, zero: number, one: number, feature: number): void {
  const w = p.weight;
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  w[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[at + i + 1]! += (one * w[at + i]! * (i + 1)) / (depth + 1);
    w[at + i] = (zero * w[at + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(p: PathBuffer, at: number, depth: number, index: number): void {
  const w = p.weight;
  const one = p.one[at + index]!;
  const zero = p.zero[at + index]!;
  let next = w[at + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[at + i]!;
      w[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (w[at + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      w[at + i] = (w[at + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1]!;
    p.zero[at + i] = p.zero[at + i + 1]!;
    p.one[at + i] = p.one[at + i + 1]!;
  }
}

function unwoundSum(p: PathBuffer, at: number, depth: number, index: number): number {
  const w = p.weight;
  const one = p.one[at + index]!;
  const zero = p.zero[at + index]!;
  const d1 = depth + 1;
  let total = 0;
  // The hot loop of TreeSHAP (every leaf, every path element): reciprocals taken out of it.
  if (one !== 0) {
    const scale = d1 / one;
    const back = zero / d1;
    let next = w[at + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = (next * scale) / (i + 1);
      total += tmp;
      next = w[at + i]! - tmp * back * (depth - i);
    }
  } else if (zero !== 0) {
    const scale = d1 / zero;
    for (let i = depth - 1; i >= 0; i--) total += (w[at + i]! * scale) / (depth - i);
  }
  return total;
}

/** Explains row-major rows of `x` with one forest; reuse it across calls (it holds buffers). */
export class TreeExplainer {
  readonly cover: Float64Array;
  /** Expected raw score per output. */
  readonly expected: Float64Array;
  private readonly path: PathBuffer;
  private phi: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private row = 0;
  private x: Float32Array<ArrayBufferLike> = new Float32Array(0);

  /** `background` rows estimate covers only when the forest has none (older saved models). */
  constructor(
    readonly forest: Forest,
    background?: { x: Float32Array; rows: number },
  ) {
    this.cover = forestCover(forest, background?.x, background?.rows);
    this.expected = expectedValue(forest, this.cover);
    this.path = new PathBuffer(maxDepth(forest) + 1);
  }

  /**
   * Contributions of every feature of rows `from`…`to` − 1: rows × nOutputs × (cols + 1), the last
   * slot of each output holding the expected value, so each output's slots sum to its raw score.
   */
  explain(x: Float32Array, from: number, to: number): Float64Array {
    const { cols, nOutputs, treeStart } = this.forest;
    const stride = cols + 1;
    const out = new Float64Array((to - from) * nOutputs * stride);
    this.x = x;
    for (let r = from; r < to; r++) {
      this.row = r;
      for (let k = 0; k < nOutputs; k++) out[((r - from) * nOutputs + k) * stride + cols] = this.expected[k]!;
      for (let t = 0; t < treeStart.length; t++) {
        this.phi = out.subarray(((r - from) * nOutputs + (t % nOutputs)) * stride);
        this.recurse(treeStart[t]!, 0, 0, 1, 1, -1);
      }
    }
    return out;
  }

  private recurse(node: number, at: number, depth: number, zero: number, one: number, feature: number): void {
    const f = this.forest;
    const p = this.path;
    // Copy the parent's path into this depth's segment, then extend it. Plain loops: the
    // segments are short, and copyWithin's call costs more than the copy here.
    const next = at + depth + 1;
    if (depth > 0) {
      const { feature: pf, zero: pz, one: po, weight: pw } = p;
      for (let i = 0; i < depth; i++) {
        pf[next + i] = pf[at + i]!;
        pz[next + i] = pz[at + i]!;
        po[next + i] = po[at + i]!;
        pw[next + i] = pw[at + i]!;
      }
    }
    const here = depth > 0 ? next : 0;
    extend(p, here, depth, zero, one, feature);
    const split = f.feature[node]!;
    if (split < 0) {
      const leaf = f.value[node]!;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(p, here, depth, i);
        this.phi[p.feature[here + i]!]! += w * (p.one[here + i]! - p.zero[here + i]!) * leaf;
      }
      return;
    }
    const v = this.x[this.row * f.cols + split]!;
    const goLeft = v !== v ? f.missingLeft[node] === 1 : v <= f.threshold[node]!;
    const hot = goLeft ? f.left[node]! : f.right[node]!;
    const cold = goLeft ? f.right[node]! : f.left[node]!;
    const w = this.cover[node]!;
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    // A feature split on again higher up: undo its earlier entry and carry its fractions on.
    for (let k = 1; k <= d; k++) {
      if (p.feature[here + k] === split) {
        inZero = p.zero[here + k]!;
        inOne = p.one[here + k]!;
        unwind(p, here, d, k);
        d--;
        break;
      }
    }
    this.recurse(hot, here, d + 1, (this.cover[hot]! / w) * inZero, inOne, split);
    this.recurse(cold, here, d + 1, (this.cover[cold]! / w) * inZero, 0, split);
  }
}
