// The data worker keeps the last table it read: profile, preview and checks of one version
// follow each other, and reading a large version back from IndexedDB is the slow part.
import { loadTable } from '../../src/store';
import type { Table } from '../../src/core/table/table';
import { workerDb } from '../workerDb';

let cached: { key: string; table: Table } | undefined;

const keyOf = (versionId: string, dbName?: string) => `${dbName ?? ''}/${versionId}`;

export async function tableOf(versionId: string, dbName?: string): Promise<Table> {
  const key = keyOf(versionId, dbName);
  if (cached?.key !== key) cached = { key, table: await loadTable(await workerDb(dbName), versionId) };
  return cached.table;
}

/** Remembers a table just written, so the next request on it skips the read. */
export function rememberTable(versionId: string, table: Table, dbName?: string): void {
  cached = { key: keyOf(versionId, dbName), table };
}
