/**
 * Ascending sort of a Float64Array without NaN, for profiling large columns: an LSD radix sort
 * over the IEEE-754 bits, four 16-bit passes. On a million values it is several times faster
 * than TypedArray.prototype.sort, which dominated profiling time. Passes whose digit is the same
 * for every value (the low bits of whole numbers) are skipped.
 */

const SMALL = 4096;
const RADIX = 1 << 16;

/**
 * Sorts `values` (no NaN) ascending in place and returns it; the order matches
 * TypedArray.prototype.sort, −0 before +0 included.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL) return values.sort();
  // Float64Array and Uint32Array share little-endian layout on every platform browsers run on:
  // word 2i is the low half of value i, word 2i + 1 the high half.
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    // Map the bits so unsigned order is numeric order: negatives flip entirely, positives flip
    // only the sign bit.
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let hiTmp = new Uint32Array(n);
  let loTmp = new Uint32Array(n);
  const counts = new Uint32Array(RADIX);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[i]! >>> shift) & 0xffff]!++;
    if (counts[(src[0]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = (src[i]! >>> shift) & 0xffff;
      const at = counts[d]!++;
      hiTmp[at] = hi[i]!;
      loTmp[at] = lo[i]!;
    }
    [hi, hiTmp] = [hiTmp, hi];
    [lo, loTmp] = [loTmp, lo];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) {
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      words[2 * i] = lo[i]!;
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~lo[i]! >>> 0;
    }
  }
  return values;
}
