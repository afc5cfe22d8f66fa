/**
 * Scoring a forest: raw scores of many rows, fast. Each tree is copied once into a breadth-first
 * layout in which a leaf points to itself, so a row can take a fixed number of steps down a tree
 * without asking whether it has arrived. Eight rows walk a tree together, one level at a time,
 * with no branch on the data: where a tree's split sends a row is unpredictable, and a mispredicted
 * branch per level cost more than the extra steps the rows that arrive early take in place. The
 * eight walks are independent, so the processor overlaps their memory loads.
 */
import type { Forest } from './forest';

/**
 * A forest laid out for scoring: each tree's nodes breadth first, so a node's two children sit
 * side by side (`child`, `child + 1`). A leaf is its own child, splits feature 0 at +∞ (every value,
 * and NaN, goes "left", to itself) and has no missing side, so further steps leave it in place.
 */
interface ScoringLayout {
  roots: Int32Array;
  /** Levels below the root of each tree's deepest leaf: the steps that reach every leaf. */
  depth: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  child: Int32Array;
  /** 1 where a missing value goes right. */
  nanRight: Uint8Array;
  value: Float64Array;
}

const layouts = new WeakMap<Forest, ScoringLayout>();

function damaged(what: string): Error {
  return new Error(`The boosted-trees model is damaged: ${what}.`);
}

/** Copies the trees breadth first; throws on a node out of range, reached twice, or a bad feature. */
function scoringLayout(forest: Forest): ScoringLayout {
  const cached = layouts.get(forest);
  if (cached) return cached;
  const { cols, treeStart, feature, threshold, missingLeft, left, right, value } = forest;
  const total = feature.length;
  const trees = treeStart.length;
  const out: ScoringLayout = {
    roots: new Int32Array(trees),
    depth: new Int32Array(trees),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    child: new Int32Array(total),
    nanRight: new Uint8Array(total),
    value: new Float64Array(total),
  };
  // A model file is untrusted input: every node is checked before a walk can follow it.
  const queue = new Int32Array(total);
  const slot = new Int32Array(total).fill(-1);
  const level = new Int32Array(total);
  const enqueue = (old: number, at: number, depth: number, tail: number): void => {
    if (!(old >= 0 && old < total)) throw damaged(`a tree refers to node ${old}, which does not exist`);
    if (slot[old] !== -1 || tail >= total) throw damaged(`node ${old} is reached twice`);
    slot[old] = at;
    level[old] = depth;
    queue[tail] = old;
  };
  let at = 0;
  let tail = 0;
  for (let t = 0; t < trees; t++) {
    let head = tail;
    enqueue(treeStart[t]!, at, 0, tail++);
    out.roots[t] = at++;
    let deepest = 0;
    while (head < tail) {
      const old = queue[head++]!;
      const n = slot[old]!;
      const f = feature[old]!;
      out.value[n] = value[old]!;
      if (f >= 0) {
        if (f >= cols) throw damaged(`a split uses feature ${f} of ${cols}`);
        out.feature[n] = f;
        out.threshold[n] = threshold[old]!;
        out.nanRight[n] = missingLeft[old] === 1 ? 0 : 1;
        out.child[n] = at;
        enqueue(left[old]!, at, level[old]! + 1, tail++);
        enqueue(right[old]!, at + 1, level[old]! + 1, tail++);
        at += 2;
      } else {
        out.feature[n] = 0;
        out.threshold[n] = Infinity;
        out.nanRight[n] = 0;
        out.child[n] = n;
        deepest = Math.max(deepest, level[old]!);
      }
    }
    out.depth[t] = deepest;
  }
  layouts.set(forest, out);
  return out;
}

/** Rows scored together, tree by tree: one tree's nodes stay in cache across the block. */
const BLOCK_ROWS = 1024;
/**
 * From this many levels on, a group of rows stops early when all eight have reached leaves: by
 * then most groups have, and the test is one well-predicted branch per level.
 */
const EARLY_EXIT_LEVEL = 6;

/** A comparison's result as 0 or 1, for branch-free arithmetic (V8 compiles this to a set-on-condition). */
function bit(b: boolean): number {
  return b as unknown as number;
}

/** Raw scores (n × nOutputs, row-major) of row-major `x`. NaN follows each split's missing side. */
export function forestRaw(forest: Forest, x: Float32Array, rows: number): Float64Array {
  const { cols, nOutputs, baseline } = forest;
  if (x.length !== rows * cols) {
    throw new Error(`The model expects ${cols} features per row; got ${x.length} values for ${rows} rows.`);
  }
  const layout = scoringLayout(forest);
  const raw = new Float64Array(rows * nOutputs);
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    const r1 = Math.min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) for (let k = 0; k < nOutputs; k++) raw[r * nOutputs + k] = baseline[k]!;
    scoreBlock(layout, x, cols, raw, nOutputs, r0, r1);
  }
  return raw;
}

/**
 * Adds every tree's leaf value to rows r0…r1−1 of `raw`. A function of its own so that it is hot
 * (and optimised whole) after a few blocks, rather than optimised mid-loop in one long call.
 */
function scoreBlock(
  layout: ScoringLayout,
  x: Float32Array,
  cols: number,
  raw: Float64Array,
  nOutputs: number,
  r0: number,
  r1: number,
): void {
  const { roots, depth, feature: fe, threshold: th, child: ch, nanRight: nr, value } = layout;
  // Each row still adds its trees in order, so the sums are the same as row by row.
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]!;
    const levels = depth[t]!;
    const output = t % nOutputs;
    let r = r0;
    for (; r + 8 <= r1; r += 8) {
      const b = r * cols;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      let n4 = root;
      let n5 = root;
      let n6 = root;
      let n7 = root;
      for (let l = 0; l < levels; l++) {
        const v0 = x[b + fe[n0]!]!;
        const v1 = x[b + cols + fe[n1]!]!;
        const v2 = x[b + 2 * cols + fe[n2]!]!;
        const v3 = x[b + 3 * cols + fe[n3]!]!;
        const v4 = x[b + 4 * cols + fe[n4]!]!;
        const v5 = x[b + 5 * cols + fe[n5]!]!;
        const v6 = x[b + 6 * cols + fe[n6]!]!;
        const v7 = x[b + 7 * cols + fe[n7]!]!;
        // Right when v > threshold, or when v is NaN and the split sends missing values right.
        n0 = ch[n0]! + (bit(v0 > th[n0]!) | (bit(v0 !== v0) & nr[n0]!));
        n1 = ch[n1]! + (bit(v1 > th[n1]!) | (bit(v1 !== v1) & nr[n1]!));
        n2 = ch[n2]! + (bit(v2 > th[n2]!) | (bit(v2 !== v2) & nr[n2]!));
        n3 = ch[n3]! + (bit(v3 > th[n3]!) | (bit(v3 !== v3) & nr[n3]!));
        n4 = ch[n4]! + (bit(v4 > th[n4]!) | (bit(v4 !== v4) & nr[n4]!));
        n5 = ch[n5]! + (bit(v5 > th[n5]!) | (bit(v5 !== v5) & nr[n5]!));
        n6 = ch[n6]! + (bit(v6 > th[n6]!) | (bit(v6 !== v6) & nr[n6]!));
        n7 = ch[n7]! + (bit(v7 > th[n7]!) | (bit(v7 !== v7) & nr[n7]!));
        if (
          l >= EARLY_EXIT_LEVEL &&
          (bit(ch[n0] === n0) &
            bit(ch[n1] === n1) &
            bit(ch[n2] === n2) &
            bit(ch[n3] === n3) &
            bit(ch[n4] === n4) &
            bit(ch[n5] === n5) &
            bit(ch[n6] === n6) &
            bit(ch[n7] === n7)) ===
            1
        )
          break;
      }
      raw[r * nOutputs + output]! += value[n0]!;
      raw[(r + 1) * nOutputs + output]! += value[n1]!;
      raw[(r + 2) * nOutputs + output]! += value[n2]!;
      raw[(r + 3) * nOutputs + output]! += value[n3]!;
      raw[(r + 4) * nOutputs + output]! += value[n4]!;
      raw[(r + 5) * nOutputs + output]! += value[n5]!;
      raw[(r + 6) * nOutputs + output]! += value[n6]!;
      raw[(r + 7) * nOutputs + output]! += value[n7]!;
    }
    // The block's last rows (fewer than eight), one at a time.
    for (; r < r1; r++) {
      const b = r * cols;
      let n = root;
      for (let l = 0; l < levels; l++) {
        const v = x[b + fe[n]!]!;
        n = ch[n]! + (bit(v > th[n]!) | (bit(v !== v) & nr[n]!));
      }
      raw[r * nOutputs + output]! += value[n]!;
    }
  }
}
