/**
 * Staging for imports. An archive's bulk data — column chunks, dictionary pieces, held-out
 * predictions — is written in several small transactions BEFORE the one transaction that makes
 * the import visible, so no transaction (and no copy in memory) ever holds all of it: IndexedDB
 * keeps a transaction's values until it commits. Staged rows are invisible to the app: each hangs
 * off a parent record (its dataset version, its run) that only the final transaction writes, and
 * the app only reaches them through their parent.
 *
 * Every import notes what it stages in a journal (a small database beside the workbench's,
 * `<name>-imports`) before it stages anything, and removes the note once its final transaction
 * has committed or its staged rows are gone. A failed import removes its rows at once; one cut
 * short (tab closed, crash) is found from its note at the next start (`removeInterruptedImports`).
 * Imports hold one Web Lock (`IMPORT_LOCK`) from their first staged row to their end, so one
 * import never meets another's rows, and the clean-up at start skips while an import runs.
 */
import { Dexie } from 'dexie';
import type { WorkbenchDb } from './db';

export const IMPORT_LOCK = 'lifecycle-workbench-import';

/** Runs `work` holding the import lock (a no-op where Web Locks do not exist, e.g. Node tests). */
export type ImportLock = <T>(work: () => Promise<T>) => Promise<T>;

/** Staged tables and the field that names each row's parent. */
export const STAGED_TABLES = {
  columnChunks: 'versionId',
  dictionaries: 'versionId',
  predictions: 'runId',
} as const;
export type StagedTable = keyof typeof STAGED_TABLES;

export function isStagedTable(name: string): name is StagedTable {
  return Object.hasOwn(STAGED_TABLES, name);
}

/** What one import stages: rows whose parent is one of these new dataset versions or runs. */
export interface StagedImport {
  id: string;
  /** The project the import creates; it exists exactly when the import committed. */
  projectId: string;
  startedAt: number;
  versionIds: string[];
  runIds: string[];
}

class Journal extends Dexie {
  declare imports: Dexie.Table<StagedImport, string>;
  constructor(name: string) {
    super(`${name}-imports`);
    // Its own database: the workbench's schema is not touched. Append versions as schema.ts does.
    this.version(1).stores({ imports: 'id' });
  }
}

/** The Web Lock of the page or worker this runs in, or none. `ifAvailable`: skip when held. */
export function webImportLock(ifAvailable = false): ImportLock | undefined {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return undefined;
  return <T>(work: () => Promise<T>) =>
    locks.request(IMPORT_LOCK, { ifAvailable }, async (lock) => {
      if (!lock) throw new ImportLockBusy();
      return work();
    }) as Promise<T>;
}

class ImportLockBusy extends Error {
  override readonly name = 'ImportLockBusy';
}

/** Rows written by one import before its final transaction; remove them unless it commits. */
export class ImportStaging {
  readonly #db: WorkbenchDb;
  readonly #journal: Journal;
  readonly #note: StagedImport;
  readonly #versions: ReadonlySet<string>;
  readonly #runs: ReadonlySet<string>;
  /** Rows staged per table and parent, checked again by the final transaction. */
  readonly #counts = new Map<string, number>();

  private constructor(db: WorkbenchDb, journal: Journal, note: StagedImport) {
    this.#db = db;
    this.#journal = journal;
    this.#note = note;
    this.#versions = new Set(note.versionIds);
    this.#runs = new Set(note.runIds);
  }

  /**
   * Notes the import in the journal, then removes any rows already under these parents (left by
   * an earlier attempt at the same archive; the parents do not exist, so nothing shows them).
   * Call holding the import lock.
   */
  static async begin(
    db: WorkbenchDb,
    projectId: string,
    versionIds: readonly string[],
    runIds: readonly string[],
  ): Promise<ImportStaging> {
    const journal = new Journal(db.name);
    const note: StagedImport = {
      id: crypto.randomUUID(),
      projectId,
      startedAt: Date.now(),
      versionIds: [...versionIds],
      runIds: [...runIds],
    };
    await journal.imports.add(note);
    await removeRows(db, note);
    return new ImportStaging(db, journal, note);
  }

  /** Whether rows under this parent are staged (its parent is new) rather than already here. */
  stages(table: StagedTable, parentId: string): boolean {
    return (STAGED_TABLES[table] === 'versionId' ? this.#versions : this.#runs).has(parentId);
  }

  /** Writes rows (all staged, see `stages`) in one transaction of their own. */
  async write(table: StagedTable, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#db.table(table).bulkAdd(rows);
    const field = STAGED_TABLES[table];
    for (const r of rows) {
      const key = `${table}\u0000${String((r as Record<string, unknown>)[field])}`;
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    }
  }

  /**
   * Inside the final transaction: every staged row is still there (a clean-up elsewhere could
   * only have removed them if the lock failed). Throws when one is missing.
   */
  async assertIntact(): Promise<void> {
    for (const [key, count] of this.#counts) {
      const [table, parent] = key.split('\u0000') as [StagedTable, string];
      const found = await this.#db.table(table).where(STAGED_TABLES[table]).equals(parent).count();
      if (found !== count) {
        throw new Error('Data staged for this import was removed before it finished; nothing was imported.');
      }
    }
  }

  /** After the final transaction committed: the rows are the project's now; forget the note. */
  async committed(): Promise<void> {
    await this.#journal.imports.delete(this.#note.id).catch(() => undefined);
    this.#journal.close();
  }

  /** The import failed: its staged rows go, then its note. */
  async discard(): Promise<void> {
    try {
      await removeRows(this.#db, this.#note);
      await this.#journal.imports.delete(this.#note.id);
    } finally {
      this.#journal.close();
    }
  }
}

async function removeRows(db: WorkbenchDb, note: StagedImport): Promise<void> {
  // Parents that exist were reused, never staged (a version already here keeps its chunks).
  const tables = [db.datasetVersions, db.runs, db.columnChunks, db.dictionaries, db.predictions];
  await db.transaction('rw', tables, async () => {
    const versions = await db.datasetVersions.bulkGet(note.versionIds);
    const staleVersions = note.versionIds.filter((_, i) => versions[i] === undefined);
    const runs = await db.runs.bulkGet(note.runIds);
    const staleRuns = note.runIds.filter((_, i) => runs[i] === undefined);
    await db.columnChunks.where('versionId').anyOf(staleVersions).delete();
    await db.dictionaries.where('versionId').anyOf(staleVersions).delete();
    await db.predictions.bulkDelete(staleRuns);
  });
}

/**
 * At start: removes what imports cut short had staged (their project was never written), and
 * the notes of imports that committed. Skips, returning 0, while an import holds the lock.
 * Returns the number of interrupted imports cleaned up.
 */
export async function removeInterruptedImports(db: WorkbenchDb, lock?: ImportLock): Promise<number> {
  const work = async (): Promise<number> => {
    const journal = new Journal(db.name);
    try {
      let removed = 0;
      for (const note of await journal.imports.toArray()) {
        if (!(await db.projects.get(note.projectId))) {
          await removeRows(db, note);
          removed++;
        }
        await journal.imports.delete(note.id);
      }
      return removed;
    } finally {
      journal.close();
    }
  };
  try {
    return await (lock ? lock(work) : work());
  } catch (e) {
    if (e instanceof ImportLockBusy) return 0;
    throw e;
  }
}
