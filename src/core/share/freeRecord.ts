/**
 * Freeing a record's binary parts once it has been written elsewhere (IndexedDB cloned it, or
 * its bytes were encoded into a member). A worker's garbage ArrayBuffers are otherwise freed
 * only when V8 next collects, which it does after about 64 MB of them: the whole peak of an
 * import or export that leaves each record's buffers to the collector.
 */
import { freeBuffer } from '../table/freeBuffer';

/**
 * Frees (detaches) every ArrayBuffer the record holds, at any depth: typed arrays, DataViews and
 * buffers in fields, arrays and nested plain objects. Every view on them reads as empty
 * afterwards: call it only on a record nothing will read again. Returns the bytes freed.
 */
export function freeRecordBuffers(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value instanceof ArrayBuffer) {
    const n = value.byteLength;
    freeBuffer(value);
    return n;
  }
  if (ArrayBuffer.isView(value)) return freeRecordBuffers(value.buffer);
  let freed = 0;
  if (Array.isArray(value)) for (const x of value) freed += freeRecordBuffers(x);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const x of Object.values(value)) freed += freeRecordBuffers(x);
  }
  return freed;
}

/** Bytes of the binary parts (typed arrays, buffers) a record holds, at any depth. */
export function recordBinaryBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let n = 0;
  if (Array.isArray(value)) for (const x of value) n += recordBinaryBytes(x);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const x of Object.values(value)) n += recordBinaryBytes(x);
  }
  return n;
}
