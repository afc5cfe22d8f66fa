// Each train worker keeps the last table it read: a search trains the same dataset version over
// and over, and reading it back from IndexedDB is the slow part of a small trial.
import { loadTable } from '../../src/store';
import type { Table } from '../../src/core/table/table';
import { workerDb } from '../workerDb';

let cached: { key: string; table: Promise<Table> } | undefined;

export function tableOf(versionId: string, dbName?: string): Promise<Table> {
  const key = `${dbName ?? ''}/${versionId}`;
  if (cached?.key !== key) {
    const table = workerDb(dbName).then((db) => loadTable(db, versionId));
    // A failed read must not stay cached: the next request reads again.
    table.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
    cached = { key, table };
  }
  return cached.table;
}
