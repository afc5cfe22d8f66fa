import { openDb, type WorkbenchDb } from '../store';

let opening: Promise<WorkbenchDb> | undefined;
const listeners = new Set<(message: string) => void>();

/** Messages about the database that the page must show (another tab upgraded it, etc.). */
export function onDatabaseNotice(listener: (message: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The page's one connection to the workbench database. */
export function pageDb(): Promise<WorkbenchDb> {
  opening ??= openDb(undefined, {
    onVersionChange: ({ message }) => listeners.forEach((l) => l(message)),
    onBlocked: ({ message }) => listeners.forEach((l) => l(message)),
  });
  return opening;
}
