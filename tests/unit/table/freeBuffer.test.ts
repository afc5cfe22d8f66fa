import { describe, expect, it, vi } from 'vitest';
import { freeBuffer } from '../../../src/core/table/freeBuffer';

describe('freeBuffer', () => {
  it('detaches the buffer where ArrayBuffer.prototype.transfer exists', () => {
    const transfer = vi.fn(() => new ArrayBuffer(0));
    freeBuffer({ byteLength: 8, detached: false, transfer } as unknown as ArrayBuffer);
    expect(transfer).toHaveBeenCalledWith(0);
  });

  it('leaves a buffer that is already detached alone', () => {
    const transfer = vi.fn(() => new ArrayBuffer(0));
    freeBuffer({ byteLength: 0, detached: true, transfer } as unknown as ArrayBuffer);
    expect(transfer).not.toHaveBeenCalled();
  });

  it('does nothing (and does not throw) where transfer is missing', () => {
    const values = new Float64Array([1, 2, 3]);
    const plain = Object.create(null) as ArrayBuffer;
    expect(() => freeBuffer(plain)).not.toThrow();
    if (!('transfer' in ArrayBuffer.prototype)) {
      freeBuffer(values.buffer);
      expect([...values]).toEqual([1, 2, 3]);
    }
  });
});
