// The data worker keeps the last table it read: profile, preview and checks of one version
// follow each other, and reading a large version back from IndexedDB is the slow part.
import { loadTable } from '../../src/store';
import type { Table } from '../../src/core/table/table';
import { workerDb } from '../workerDb';

let cached: { key: string; table: Promise<Table> } | undefined;

const keyOf = (versionId: string, dbName?: string) => `${dbName ?? ''}/${versionId}`;

async function readBack(versionId: string, dbName?: string): Promise<Table> {
  return loadTable(await workerDb(dbName), versionId);
}

/** Keeps `table` as the cached one; a read that fails is not kept (the next request tries again). */
function hold(key: string, table: Promise<Table>): Promise<Table> {
  const entry = { key, table };
  cached = entry;
  table.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return table;
}

export function tableOf(versionId: string, dbName?: string): Promise<Table> {
  const key = keyOf(versionId, dbName);
  if (cached?.key === key) return cached.table;
  return hold(key, readBack(versionId, dbName));
}

/**
 * Remembers a table just written, so the next request on it skips the read. It may still be on
 * its way back (from the profile worker): if it never arrives, the version is read back instead.
 */
export function rememberTable(versionId: string, table: Table | Promise<Table>, dbName?: string): void {
  hold(
    keyOf(versionId, dbName),
    Promise.resolve(table).catch(() => readBack(versionId, dbName)),
  );
}
