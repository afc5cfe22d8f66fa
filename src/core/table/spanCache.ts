/**
 * What recent field texts of one column were stored as (a category code, a date, a boolean), so
 * a text seen before is found in the line itself, without making a string of it and looking
 * that up again. Categories, dates and flags repeat a great deal in real files; a column whose
 * texts rarely repeat (identifiers, free text) turns the cache off after a while.
 *
 * Direct-mapped: each text has one slot, chosen by a hash of its length and a few characters;
 * a hit is confirmed by comparing the whole text, so a collision only costs a miss.
 */

const SIZE = 4096;
const MAX_LENGTH = 64;
/** Look-ups after which the hit rate is judged, and the rate below which the cache stops. */
const TRIAL = 65_536;
const MIN_HIT_RATE = 0.25;

export const SPAN_MISS = -1;
export const SPAN_UNCACHED = -2;

export class SpanCache {
  /** The value stored for the text in each slot (valid where `texts` has an entry). */
  readonly values = new Float64Array(SIZE);
  private readonly texts: (string | undefined)[] = new Array<string | undefined>(SIZE).fill(undefined);
  private slot = 0;
  private lookups = 0;
  private hits = 0;
  private off = false;
  /** The builder's generation the entries belong to (see ColumnBuilder). */
  generation = 0;

  /**
   * The slot holding `src[start, end)`, SPAN_MISS when it is not there (then `remember` stores
   * it in the slot it will take), or SPAN_UNCACHED (too long, or the cache is off).
   */
  find(src: string, start: number, end: number): number {
    const len = end - start;
    if (this.off || len > MAX_LENGTH) return SPAN_UNCACHED;
    // Length, first character and up to eight from the end: where the values of dates, codes
    // and names differ.
    let h = (len * 0x9e3779b1) ^ (len > 0 ? src.charCodeAt(start) : 0);
    const stop = end - Math.min(len, 8);
    for (let k = end - 1; k >= stop; k--) h = Math.imul(h ^ src.charCodeAt(k), 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SIZE - 1);
    this.slot = slot;
    if (++this.lookups === TRIAL && this.hits < MIN_HIT_RATE * TRIAL) this.off = true;
    const text = this.texts[slot];
    if (text !== undefined && text.length === len && src.startsWith(text, start)) {
      this.hits++;
      return slot;
    }
    return SPAN_MISS;
  }

  /** Stores `text` → `value` in the slot of the last `find`. */
  remember(text: string, value: number): void {
    this.texts[this.slot] = text;
    this.values[this.slot] = value;
  }

  /** Forgets every entry (the stored meaning of texts changed). */
  clear(generation: number): void {
    this.texts.fill(undefined);
    this.generation = generation;
  }
}
