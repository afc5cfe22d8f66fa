/**
 * Node 20 has no ArrayBuffer.prototype.transfer, so freeBuffer is a no-op there and a buffer
 * freed too early would go unnoticed. This stand-in detaches the same way (a transfer through
 * structuredClone), so those tests see what Chromium would: a freed buffer reads as empty.
 */
export function detachingTransfer(): () => void {
  const proto = ArrayBuffer.prototype as unknown as Record<string, unknown>;
  if ('transfer' in proto) return () => undefined;
  Object.defineProperty(proto, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer) {
      structuredClone(this, { transfer: [this] });
      return new ArrayBuffer(0);
    },
  });
  Object.defineProperty(proto, 'detached', {
    configurable: true,
    get(this: ArrayBuffer) {
      try {
        new Uint8Array(this);
        return false;
      } catch {
        return true;
      }
    },
  });
  return () => {
    delete proto['transfer'];
    delete proto['detached'];
  };
}
