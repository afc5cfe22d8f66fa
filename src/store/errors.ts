/**
 * Errors a user can meet when saving or deleting. Each message says what is wrong and what to
 * do; the classes let the UI react (e.g. offer to delete old versions when storage is full).
 */

/** The browser refused to store more: nothing of the failed write was kept. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(
    /** Bytes the write needed (an estimate). */
    readonly bytesNeeded: number,
    /** What was being saved, in the user's words ("dataset version 3 of sales.csv"). */
    readonly what: string,
    /** Bytes the browser said were still free, when it said. */
    readonly bytesAvailable?: number,
    options?: ErrorOptions,
  ) {
    const free = bytesAvailable === undefined ? '' : ` (about ${formatBytes(bytesAvailable)} free)`;
    super(
      `Not enough browser storage to save ${what}: it needs about ${formatBytes(bytesNeeded)}${free}. ` +
        'Nothing was saved. Delete dataset versions or models you no longer need, or free disk space, then try again.',
      options,
    );
  }
}

/** A record the caller named does not exist (deleted in another tab, or a stale id). */
export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  constructor(
    readonly kind: string,
    readonly id: string,
    hint = 'It may have been deleted in another tab; reload to see the current state.',
  ) {
    super(`The ${kind} "${id}" is not in storage. ${hint}`);
  }
}

/** A dataset version cannot be deleted while model versions depend on it. */
export class DatasetInUseError extends Error {
  override readonly name = 'DatasetInUseError';
  constructor(
    readonly versionLabel: string,
    /** "name vN" of each dependent model. */
    readonly models: readonly string[],
  ) {
    const list = models.map((m) => `"${m}"`).join(', ');
    const noun = models.length === 1 ? 'model version' : 'model versions';
    super(
      `${versionLabel} cannot be deleted: the ${noun} ${list} ${models.length === 1 ? 'was' : 'were'} trained on it ` +
        'and must stay reproducible. Delete those model versions first if you really want it gone.',
    );
  }
}

/**
 * True when `e` is, or wraps, the browser's QuotaExceededError. Dexie wraps it in `inner`
 * (AbortError) or in `failures` (BulkError); browsers may put it in `cause`.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (depth > 5 || typeof e !== 'object' || e === null) return false;
  const err: { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown } = e;
  if (err.name === 'QuotaExceededError' || err.name === 'QuotaExceeded') return true;
  if (isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1)) return true;
  if (Array.isArray(err.failures)) return err.failures.some((f) => isQuotaError(f, depth + 1));
  return false;
}

/** "1.5 MB" — for messages, in decimal units as operating systems show disk space. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let unit = '';
  for (const u of units) {
    v /= 1000;
    unit = u;
    if (v < 1000) break;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${unit}`;
}
