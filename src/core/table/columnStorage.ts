/**
 * The typed arrays a ColumnBuilder fills: Float64Array for numbers and dates, Uint8Array for
 * booleans, Int32Array codes for text, grown by doubling (or pre-sized) and trimmed at the end.
 * Which one is live is `state`; rows not yet written read as missing.
 */

import type { StorageKind } from './infer';
import { MISSING_BOOL, MISSING_CODE } from './table';

export const MIN_CAPACITY = 1024;
export const EMPTY_F64 = new Float64Array(0);
export const EMPTY_U8 = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);

export type StorageState = 'pending' | StorageKind;

export class ColumnStorage {
  protected state: StorageState = 'pending';
  protected length = 0;
  protected cap = 0;
  protected capacityHint = 0;
  protected f64: Float64Array = EMPTY_F64;
  protected u8: Uint8Array = EMPTY_U8;
  protected codes: Int32Array = EMPTY_I32;

  /** Rows pushed so far. */
  get rows(): number {
    return this.length;
  }

  /** Pre-sizes storage for an expected row count, so big files need few reallocations. */
  reserve(rows: number): void {
    if (this.state === 'pending') this.capacityHint = Math.max(this.capacityHint, rows);
    else if (rows > this.cap) this.resize(rows);
  }

  /** Doubles the capacity (the storage is full). */
  protected grow(): void {
    this.resize(Math.max(MIN_CAPACITY, this.cap * 2));
  }

  /** Grows (or trims) the active storage to `size` rows. */
  protected resize(size: number): void {
    const old = this.cap;
    this.cap = size;
    // Only rows already counted but never written (missing values seen before the storage was
    // decided) need the missing marker: every later row is written when it is pushed. Leaving
    // the rest as allocated keeps a large reserve() from touching memory it does not use yet.
    const gapEnd = Math.min(size, this.length);
    if (this.state === 'boolean') {
      const next = new Uint8Array(size);
      next.set(this.u8.subarray(0, Math.min(old, size)));
      if (gapEnd > old) next.fill(MISSING_BOOL, old, gapEnd);
      this.u8 = next;
    } else if (this.state === 'string') {
      const next = new Int32Array(size);
      next.set(this.codes.subarray(0, Math.min(old, size)));
      if (gapEnd > old) next.fill(MISSING_CODE, old, gapEnd);
      this.codes = next;
    } else {
      const next = new Float64Array(size);
      next.set(this.f64.subarray(0, Math.min(old, size)));
      if (gapEnd > old) next.fill(NaN, old, gapEnd);
      this.f64 = next;
    }
  }

  /**
   * Ends the storage at the last row with a view on the same buffer: a little spare capacity
   * (ingest reserves about 5% more than the rows it expects) is cheaper to keep than a copy of
   * the whole column, which would also double the column's memory for a moment.
   */
  protected trimToView(): void {
    const n = this.length;
    if (this.state === 'boolean') this.u8 = this.u8.subarray(0, n);
    else if (this.state === 'string') this.codes = this.codes.subarray(0, n);
    else this.f64 = this.f64.subarray(0, n);
    this.cap = n;
  }

  /** Row i's stored value as a number (category code, epoch ms, 0/1/MISSING_BOOL). */
  protected storedAt(i: number): number {
    if (this.state === 'string') return this.codes[i]!;
    if (this.state === 'boolean') return this.u8[i]!;
    return this.f64[i]!;
  }

  /** Stores `v` (as storedAt gives it) at row i. */
  protected storeAt(i: number, v: number): void {
    if (this.state === 'string') this.codes[i] = v;
    else if (this.state === 'boolean') this.u8[i] = v;
    else this.f64[i] = v;
  }

  protected nonMissingCodes(): number {
    let n = 0;
    const codes = this.codes;
    for (let k = 0; k < this.length; k++) if (codes[k] !== MISSING_CODE) n++;
    return n;
  }
}
