/**
 * This browser's stable id, written in the audit log as "who". The workbench has no accounts:
 * the id names a browser profile (a fresh profile, or cleared site data, gets a new one).
 */
const KEY = 'workbench.browserId';

export function browserId(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  let id = storage.getItem(KEY);
  if (!id) {
    id = `browser-${crypto.randomUUID().slice(0, 8)}`;
    storage.setItem(KEY, id);
  }
  return id;
}
