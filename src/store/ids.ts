/**
 * Record ids: UUID version 7 (RFC 9562) — a millisecond timestamp, then a counter, then random
 * bits. Sorting ids as strings sorts records by creation, and records created within the same
 * millisecond by one page or worker (trials of a search, say) still sort in the order they were
 * made, which timestamps alone cannot do.
 */

let lastMs = -1;
let counter = 0;

/** A new, unique, time-ordered record id. Works in pages, workers and Node (Web Crypto). */
export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else {
    // Same millisecond (or the clock stepped back): keep counting from the last id's time.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  }
  const random = crypto.getRandomValues(new Uint8Array(8));
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const tail = Array.from(random.subarray(2), (b) => hex(b, 2)).join('');
  return [
    hex(Math.floor(ms / 0x10000), 8),
    hex(ms % 0x10000, 4),
    hex(0x7000 | counter, 4),
    hex(0x8000 | ((random[0]! & 0x3f) << 8) | random[1]!, 4),
    tail,
  ].join('-');
}

/** Orders records by creation time, then by id (creation order within one page or worker). */
export function byCreation(
  a: { createdAt: number; id: string },
  b: { createdAt: number; id: string },
): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
