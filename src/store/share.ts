/**
 * Importing a project archive: a preview from the manifest alone, then every member unpacked
 * and checked (SHA-256, record shapes, the project each record belongs to, each dataset
 * version's content hash recomputed from its chunks as they stream), the bulk data staged in
 * small transactions, and ONE final transaction that adds what is missing, never overwrites,
 * and makes the import visible. A project already here is either copied under new ids or left
 * alone, as the user picks.
 */
import type { Table as DexieTable } from 'dexie';
export type { ImportChoice, ImportPreview, ImportResult } from '../core/share/types';
import { Dexie } from 'dexie';
import type { ArchiveSource } from '../core/share/archiveReader';
import {
  DEFAULT_SHARE_LIMITS,
  ShareArchiveError,
  type ShareLimits,
  type ShareManifest,
} from '../core/share/format';
import { freeRecordBuffers, recordBinaryBytes } from '../core/share/freeRecord';
import { openArchive, readMemberRecords, type MemberBuffers } from '../core/share/openArchive';
import { freeBuffer } from '../core/table/freeBuffer';
import { remapIds } from '../core/share/remap';
import type { ImportChoice, ImportPreview, ImportResult } from '../core/share/types';
import { appendAudit } from './audit';
import type { WorkbenchDb } from './db';
import { newId } from './ids';
import { assertStorageRoom, type EstimateStorage } from './quota';
import type { ImportedFrom, ModelVersionSummary, Project } from './records';
import { ImportStaging, isStagedTable, type ImportLock, type StagedTable } from './shareStaging';
import { ArchiveDataCheck } from './shareVerify';

export interface ImportOptions {
  limits?: ShareLimits;
  /** The file's name, kept in each imported record's `importedFrom`. */
  fileName?: string;
  /** Who imports (this browser's id), written in the audit log beside each model version added. */
  who?: string;
  estimate?: EstimateStorage;
  onProgress?: (p: { membersRead: number; members: number }) => void;
  signal?: AbortSignal;
  /** Bytes per staging transaction (default STAGE_BATCH_BYTES; tests use small ones). */
  stageBytes?: number;
  /** Holds the import lock from the first staged row to the end (webImportLock() in browsers). */
  lock?: ImportLock;
}

/** Reads the manifest only (nothing is unpacked beyond it, nothing is written). */
export async function previewImport(
  db: WorkbenchDb,
  source: ArchiveSource,
  limits: ShareLimits = DEFAULT_SHARE_LIMITS,
): Promise<ImportPreview> {
  const { manifest } = await openArchive(source, limits);
  const existing = await db.projects.get(manifest.project.id);
  return {
    manifest,
    unpackedBytes: manifest.members.reduce((n, m) => n + m.size, 0),
    ...(existing ? { existing: { name: existing.name } } : {}),
  };
}

/** Staged rows are written in transactions of about this many bytes (see shareStaging.ts). */
const STAGE_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Imports the archive. Members are read one at a time: the small records first (held until
 * the end), then dictionaries, predictions and column chunks, each checked (SHA-256, owner,
 * place, content hash as it streams) and staged in transactions of a few MB; one final
 * transaction then writes the rest and makes the import visible. A refused archive
 * (ShareArchiveError naming the member or record at fault) leaves the database as it was: what
 * was staged is removed (see shareStaging.ts).
 */
export async function importProject(
  db: WorkbenchDb,
  source: ArchiveSource,
  choice: ImportChoice,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const archive = await openArchive(source, options.limits ?? DEFAULT_SHARE_LIMITS);
  const { manifest } = archive;
  const existing = await db.projects.get(manifest.project.id);
  if (existing && choice.ifExists === 'skip') {
    return { status: 'skipped', projectId: existing.id, projectName: existing.name, added: {}, reused: {} };
  }
  const stores = new Map(db.tables.map((t) => [t.name, t]));
  for (const member of manifest.members) {
    if (!stores.has(member.table)) {
      throw new ShareArchiveError(
        `The archive holds records of "${member.table}", which this workbench does not know (it was written by a newer version).`,
        member.name,
      );
    }
  }
  let membersRead = 0;
  /**
   * The records of the members of `tables`, member by member, each with its table. One buffer,
   * of the largest member's size, receives every member in turn.
   */
  const largest = manifest.members.reduce((n, m) => Math.max(n, m.size), 0);
  const buffers: MemberBuffers = { member: new Uint8Array(largest + 1) };
  async function* records(tables: readonly string[]): AsyncGenerator<[string, Record<string, unknown>]> {
    for (const member of manifest.members) {
      if (!tables.includes(member.table)) continue;
      options.signal?.throwIfAborted();
      for (const r of await readMemberRecords(archive, member, buffers)) {
        if (r === null || typeof r !== 'object' || Array.isArray(r)) {
          throw new ShareArchiveError('The member holds a record that is not an object.', member.name);
        }
        yield [member.table, r as Record<string, unknown>];
      }
      options.onProgress?.({ membersRead: ++membersRead, members: manifest.members.length });
    }
  }
  const byTable = new Map<string, Record<string, unknown>[]>();
  const held = [...stores.keys()].filter((t) => !isStagedTable(t));
  for await (const [table, r] of records(held)) {
    const list = byTable.get(table);
    if (list) list.push(r);
    else byTable.set(table, [r]);
  }
  checkOwnership(manifest, byTable);
  const pieces: Record<string, unknown>[] = [];
  for await (const [, r] of records(['dictionaries'])) pieces.push(r);
  const check = new ArchiveDataCheck(byTable.get('datasetVersions') ?? [], pieces);

  const ids = existing ? copyIdMap(byTable) : new Map<string, string>();
  const mapped = (id: unknown) => ids.get(String(id)) ?? String(id);
  const projectId = mapped(manifest.project.id);
  const status: ImportResult['status'] = existing ? 'copied' : 'imported';
  if (existing) {
    for (const [table, list] of byTable)
      byTable.set(
        table,
        list.map((r) => remapIds(r, ids)),
      );
  }
  const importedFrom: ImportedFrom = {
    projectId: manifest.project.id,
    projectName: manifest.project.name,
    exportedAt: manifest.createdAt,
    appVersion: manifest.appVersion,
    importedAt: Date.now(),
    ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
  };
  const project = byTable.get('projects')![0] as unknown as Project;
  const projectName =
    status === 'copied'
      ? (choice.ifExists === 'copy' && choice.copyName?.trim()) || `${project.name} (copy)`
      : project.name;
  for (const table of ['projects', 'datasets', 'datasetVersions', 'recipes', 'runs', 'models']) {
    byTable.set(
      table,
      (byTable.get(table) ?? []).map((r) => ({ ...r, importedFrom })),
    );
  }
  byTable.set('projects', [{ ...project, name: projectName, importedFrom }]);

  const unpacked = manifest.members.reduce((n, m) => n + m.size, 0);
  await assertStorageRoom(unpacked, `project "${projectName}"`, options.estimate);
  // Parents not here yet: rows under them are staged. Rows under a parent already here (same
  // key, checked again in the final transaction) are that parent's own and are not written again.
  const newKeys = async (table: DexieTable, list: Record<string, unknown>[] | undefined) => {
    const keys = (list ?? []).map((r) => String(r['id']));
    const found = await table.bulkGet(keys);
    return keys.filter((_, i) => found[i] === undefined);
  };
  const lock: ImportLock = options.lock ?? ((work) => work());
  return lock(async () => {
    // Read under the lock: another tab's import of the same archive may have finished meanwhile.
    if (await db.projects.get(projectId)) {
      throw new ShareArchiveError(
        'The project was imported in another tab meanwhile; nothing was imported. Import it again to make a copy.',
      );
    }
    const newVersions = await newKeys(db.datasetVersions, byTable.get('datasetVersions'));
    const newRuns = await newKeys(db.runs, byTable.get('runs'));
    const staging = await ImportStaging.begin(db, projectId, newVersions, newRuns);
    const added: Record<string, number> = {};
    const reused: Record<string, number> = {};
    try {
      const batch = new StageBatch(staging, added, options.stageBytes ?? STAGE_BATCH_BYTES);
      for (const p of pieces) {
        const piece = { ...p, versionId: mapped(p['versionId']) };
        if (staging.stages('dictionaries', piece.versionId)) await batch.add('dictionaries', piece, 0);
        else reused['dictionaries'] = (reused['dictionaries'] ?? 0) + 1;
      }
      pieces.length = 0;
      for await (const [, r] of records(['predictions'])) {
        if (r['projectId'] !== manifest.project.id) {
          throw new ShareArchiveError(
            'A record of "predictions" belongs to a project the archive does not hold; nothing was imported.',
          );
        }
        const p = existing ? remapIds(r, ids) : r;
        if (staging.stages('predictions', String(p['runId'])))
          await batch.add('predictions', p, recordBinaryBytes(p));
        else byTable.set('predictions', [...(byTable.get('predictions') ?? []), p]); // rare: reused
      }
      for await (const [, r] of records(['columnChunks'])) {
        const c = await check.chunk(r);
        const chunk = { ...c, versionId: mapped(c.versionId) };
        if (staging.stages('columnChunks', chunk.versionId)) {
          await batch.add('columnChunks', chunk, c.data.byteLength);
        } else freeBuffer(c.data); // the version is here already, with its own chunks
      }
      await batch.flush();
      await check.finish();
      await writeVisible(db, byTable, staging, { projectId, manifest, importedFrom, options, added, reused });
    } catch (e) {
      await staging.discard().catch(() => undefined);
      throw e;
    }
    await staging.committed();
    return { status, projectId, projectName, added, reused };
  });
}

/** Staged rows gathered into transactions of about STAGE_BATCH_BYTES, one table at a time. */
class StageBatch {
  #table: StagedTable | undefined;
  #rows: object[] = [];
  #bytes = 0;
  constructor(
    private readonly staging: ImportStaging,
    private readonly added: Record<string, number>,
    private readonly limit: number,
  ) {}

  /** `bytes`: the row's size when known (its binary data); 0 counts it as 64 KiB. */
  async add(table: StagedTable, row: object, bytes: number): Promise<void> {
    if (table !== this.#table) await this.flush();
    this.#table = table;
    this.#rows.push(row);
    this.#bytes += bytes || 64 * 1024;
    if (this.#bytes >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.#table || this.#rows.length === 0) return;
    const rows = this.#rows;
    this.#rows = [];
    this.#bytes = 0;
    await this.staging.write(this.#table, rows);
    this.added[this.#table] = (this.added[this.#table] ?? 0) + rows.length;
    // Written (IndexedDB cloned them when added): their buffers are freed now rather than left
    // to the collector (which a worker runs only after ~64 MB of them). They never reached a
    // browser API but IndexedDB's clone — the checks hash copies (see ArchiveDataCheck) — so
    // nothing else holds them and detaching really frees them.
    for (const r of rows) freeRecordBuffers(r);
  }
}

interface VisibleWrite {
  projectId: string;
  manifest: ShareManifest;
  importedFrom: ImportedFrom;
  options: ImportOptions;
  added: Record<string, number>;
  reused: Record<string, number>;
}

/**
 * The final transaction: every table takes part, so the import becomes visible all at once or
 * not at all. Checks the project is still absent and the staged rows still there.
 */
async function writeVisible(
  db: WorkbenchDb,
  byTable: Map<string, Record<string, unknown>[]>,
  staging: ImportStaging,
  { projectId, manifest, importedFrom, options, added, reused }: VisibleWrite,
): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    if (await db.projects.get(projectId)) {
      throw new ShareArchiveError(
        'The project was created in another tab while importing; nothing was imported.',
      );
    }
    await staging.assertIntact();
    let newModels: Record<string, unknown>[] = [];
    for (const [name, records] of byTable) {
      const result = await addMissing(db.table(name), records, projectId);
      added[name] = (added[name] ?? 0) + result.added.length;
      if (result.reused > 0) reused[name] = result.reused;
      if (name === 'models') newModels = result.added;
    }
    // The log says where each model version added here came from, after the archive's own entries.
    const from = `Imported from ${options.fileName ? `"${options.fileName}"` : 'a project archive'}, exported ${new Date(manifest.createdAt).toISOString()} by workbench ${manifest.appVersion}.`;
    for (const rec of newModels) {
      const m = rec as unknown as ModelVersionSummary;
      await appendAudit(db, {
        projectId,
        modelId: m.id,
        modelLabel: `${m.name} v${m.version}`,
        at: importedFrom.importedAt,
        who: options.who ?? 'unknown browser',
        action: 'import',
        from: null,
        to: m.status,
        reason: from,
      });
    }
  });
}

/** Adds the records whose key is free; a key already taken must hold the same record of the same project. */
async function addMissing(
  table: DexieTable,
  records: Record<string, unknown>[],
  projectId: string,
): Promise<{ added: Record<string, unknown>[]; reused: number }> {
  const primKey = table.schema.primKey;
  if (primKey.auto) {
    // Auto-numbered (the audit log): the archive's numbers mean nothing here; new ones are given.
    const fresh = records.map((r) => {
      const copy = { ...r };
      delete copy[String(primKey.keyPath)];
      return copy;
    });
    await table.bulkAdd(fresh);
    return { added: fresh, reused: 0 };
  }
  const keyPath = primKey.keyPath!;
  const keys = records.map((r) => Dexie.getByKeyPath(r, keyPath) as unknown);
  const present = await table.bulkGet(keys as never[]);
  const missing: Record<string, unknown>[] = [];
  let reused = 0;
  records.forEach((r, i) => {
    const found = present[i] as Record<string, unknown> | undefined;
    if (!found) {
      missing.push(r);
      return;
    }
    const sameProject = !('projectId' in found) || found['projectId'] === projectId;
    const sameContent = table.name !== 'datasetVersions' || found['hash'] === r['hash'];
    if (!sameProject || !sameContent) {
      throw new ShareArchiveError(
        `A record of "${table.name}" in the archive has the key of a different record already here; nothing was imported.`,
      );
    }
    reused++;
  });
  await table.bulkAdd(missing);
  return { added: missing, reused };
}

/**
 * Every record must belong to the archive's project: an archive must never be able to add
 * records to another project already here. (Staged tables are checked as they stream:
 * version data by ArchiveDataCheck, predictions by their projectId.)
 */
function checkOwnership(manifest: ShareManifest, byTable: Map<string, Record<string, unknown>[]>): void {
  const projects = byTable.get('projects') ?? [];
  if (projects.length !== 1 || projects[0]!['id'] !== manifest.project.id) {
    throw new ShareArchiveError('The archive does not hold exactly the project its manifest names.');
  }
  for (const [table, records] of byTable) {
    if (table === 'projects') continue;
    for (const r of records) {
      if (r['projectId'] !== manifest.project.id) {
        throw new ShareArchiveError(
          `A record of "${table}" belongs to a project the archive does not hold; nothing was imported.`,
        );
      }
    }
  }
}

/** New ids for a copy: every record id, and search ids (which group runs), mapped to fresh ones. */
function copyIdMap(byTable: Map<string, Record<string, unknown>[]>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const records of byTable.values()) {
    for (const r of records) {
      for (const field of ['id', 'searchId']) {
        const v = r[field];
        if (typeof v === 'string' && !ids.has(v)) ids.set(v, newId());
      }
    }
  }
  return ids;
}
