/**
 * Checking for room before a big write, so a file larger than the browser's quota is refused
 * up front with a clear message instead of failing after minutes of writing.
 */
import { StorageFullError } from './errors';

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** Where free space comes from; tests pass their own. */
export type EstimateStorage = () => Promise<StorageEstimateLike | undefined>;

/** `navigator.storage.estimate()` where the platform has it (pages and workers), else undefined. */
export async function estimateBrowserStorage(): Promise<StorageEstimateLike | undefined> {
  const storage = browserStorage();
  if (!storage?.estimate) return undefined;
  try {
    return await storage.estimate();
  } catch {
    // Some browsers refuse estimates in private windows; the write itself will still report quota errors.
    return undefined;
  }
}

/**
 * Throws StorageFullError when the browser reports less free space than `bytesNeeded`.
 * Unknown free space passes: the write's own quota error is mapped to the same error.
 */
export async function assertStorageRoom(
  bytesNeeded: number,
  what: string,
  estimate: EstimateStorage = estimateBrowserStorage,
): Promise<void> {
  const e = await estimate();
  if (e?.quota === undefined || e.usage === undefined) return;
  const available = Math.max(0, e.quota - e.usage);
  if (available < bytesNeeded) throw new StorageFullError(bytesNeeded, what, available);
}

/**
 * Asks the browser not to evict the workbench's data under storage pressure. Only pages can ask
 * (workers have no `persist`); resolves false where it is not granted or not available.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = browserStorage();
  if (!storage?.persist) return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/** The StorageManager, typed as possibly absent: Node, old browsers and insecure pages lack it. */
function browserStorage(): Partial<StorageManager> | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}
