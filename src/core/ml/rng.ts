/**
 * Seeded randomness for splits, shuffles and initialisers. Math.random is never used in core/ml:
 * the same seed must give the same split and the same model on every run.
 */

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG, plenty for shuffling and sampling (not for cryptography).
 * The seed is mixed first so that nearby seeds (1, 2, 3…) give unrelated streams.
 */
export function createRng(seed: number): Rng {
  let state = mix32(Math.trunc(seed) >>> 0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix32(x: number): number {
  let h = x ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle of `a` in place. */
export function shuffleInPlace(a: Int32Array | number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** 0..n-1 in a seeded random order. */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(out, rng);
  return out;
}

/**
 * A positive 31-bit integer drawn from `rng`: for libraries (tfjs initialisers, dropout) that
 * take an integer seed and treat 0 as "unseeded".
 */
export function deriveSeed(rng: Rng): number {
  return 1 + randomInt(rng, 0x7ffffffe);
}
