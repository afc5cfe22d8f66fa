// One database connection per worker and database name (tests use their own names).
import { openDb, type WorkbenchDb } from '../src/store';

const connections = new Map<string, Promise<WorkbenchDb>>();

export function workerDb(name?: string): Promise<WorkbenchDb> {
  const key = name ?? '';
  let db = connections.get(key);
  if (!db) {
    db = openDb(name, {
      // The page shows the message; a worker only lets go so the other tab can upgrade.
      onVersionChange: () => connections.delete(key),
    });
    connections.set(key, db);
  }
  return db;
}
