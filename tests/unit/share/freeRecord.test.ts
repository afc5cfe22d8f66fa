import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeRecordBuffers, recordBinaryBytes } from '../../../src/core/share/freeRecord';
import { detachingTransfer } from './detachingTransfer';

describe('freeRecordBuffers and recordBinaryBytes', () => {
  // Node 20 cannot detach with transfer(): the stand-in does, as Chromium would.
  let restore = () => undefined as void;
  beforeAll(() => {
    restore = detachingTransfer();
  });
  afterAll(() => restore());

  const record = () => ({
    runId: 'r',
    sets: [
      { y: new Float64Array([1, 2]), rowIds: new Uint32Array(3) },
      { y: new Float64Array(4), note: 'x', at: new Date(0) },
    ],
    data: new ArrayBuffer(16),
    nested: { deep: [[new Uint8Array(5)]] },
  });

  it('counts every binary part at any depth', () => {
    expect(recordBinaryBytes(record())).toBe(16 + 12 + 32 + 16 + 5);
    expect(recordBinaryBytes({ a: 1, b: 'two', c: [null] })).toBe(0);
  });

  it('detaches every buffer, leaving the rest of the record alone', () => {
    const r = record();
    expect(freeRecordBuffers(r)).toBe(16 + 12 + 32 + 16 + 5);
    expect(r.data.byteLength).toBe(0);
    expect(r.sets[0]!.y.length).toBe(0);
    expect(r.nested.deep[0]![0]!.length).toBe(0);
    expect(r.sets[1]!.note).toBe('x');
  });
});
