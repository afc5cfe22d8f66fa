/**
 * Importing a project archive: a preview from the manifest alone, then every member unpacked
 * and checked (SHA-256, record shapes, the project each record belongs to, each dataset
 * version's content hash recomputed from its chunks), and only then ONE transaction that adds
 * what is missing and never overwrites. A project already here is either copied under new ids
 * or left alone, as the user picks.
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
import { openArchive, readMemberRecords } from '../core/share/openArchive';
import { remapIds } from '../core/share/remap';
import type { ImportChoice, ImportPreview, ImportResult } from '../core/share/types';
import { hashTable } from '../core/table/hash';
import type { Column, Table } from '../core/table/table';
import { appendAudit } from './audit';
import { decodeColumn, encodeColumnChunks, hasDictionary } from './chunks';
import type { ColumnChunkRecord, DictionaryPieceRecord, WorkbenchDb } from './db';
import { newId } from './ids';
import { assertStorageRoom, type EstimateStorage } from './quota';
import type { DatasetVersion, ImportedFrom, ModelVersionSummary, Project } from './records';
import { VERSION_DATA_TABLES } from './shareExport';

export interface ImportOptions {
  limits?: ShareLimits;
  /** The file's name, kept in each imported record's `importedFrom`. */
  fileName?: string;
  /** Who imports (this browser's id), written in the audit log beside each model version added. */
  who?: string;
  estimate?: EstimateStorage;
  onProgress?: (p: { membersRead: number; members: number }) => void;
  signal?: AbortSignal;
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

/**
 * Imports the archive. Every check runs before the one write transaction, so a refused archive
 * (ShareArchiveError naming the member or record at fault) leaves the database as it was.
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
  const byTable = new Map<string, Record<string, unknown>[]>();
  let membersRead = 0;
  for (const member of manifest.members) {
    options.signal?.throwIfAborted();
    if (!stores.has(member.table)) {
      throw new ShareArchiveError(
        `The archive holds records of "${member.table}", which this workbench does not know (it was written by a newer version).`,
        member.name,
      );
    }
    const records = await readMemberRecords(archive, member);
    const list = byTable.get(member.table) ?? [];
    for (const r of records) {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) {
        throw new ShareArchiveError('The member holds a record that is not an object.', member.name);
      }
      list.push(r as Record<string, unknown>);
    }
    byTable.set(member.table, list);
    options.onProgress?.({ membersRead: ++membersRead, members: manifest.members.length });
  }
  checkOwnership(manifest, byTable);
  // The chunk records are rebuilt into whole columns to check each version's content hash; the
  // columns are kept and cut into chunks again while writing (the same bytes: same chunkRows),
  // so the data is held once, not as records and columns both.
  let tables = await verifiedTables(byTable);

  const importedFrom: ImportedFrom = {
    projectId: manifest.project.id,
    projectName: manifest.project.name,
    exportedAt: manifest.createdAt,
    appVersion: manifest.appVersion,
    importedAt: Date.now(),
    ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
  };
  let projectId = manifest.project.id;
  let status: ImportResult['status'] = 'imported';
  if (existing) {
    status = 'copied';
    const ids = copyIdMap(byTable);
    for (const [table, records] of byTable) {
      byTable.set(
        table,
        records.map((r) =>
          table === 'dictionaries' ? { ...r, versionId: ids.get(String(r['versionId'])) } : remapIds(r, ids),
        ),
      );
    }
    projectId = ids.get(projectId)!;
    tables = new Map([...tables].map(([id, table]) => [ids.get(id) ?? id, table]));
  }
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
  const added: Record<string, number> = {};
  const reused: Record<string, number> = {};
  // Every table takes part: the import is one transaction, all or nothing.
  await db.transaction('rw', db.tables, async () => {
    if (await db.projects.get(projectId)) {
      throw new ShareArchiveError(
        'The project was created in another tab while importing; nothing was imported.',
      );
    }
    let newVersions = new Set<string>();
    let newModels: Record<string, unknown>[] = [];
    for (const [name, records] of byTable) {
      const result = await addMissing(stores.get(name)!, records, projectId);
      added[name] = result.added.length;
      if (result.reused > 0) reused[name] = result.reused;
      if (name === 'datasetVersions') newVersions = new Set(result.added.map((v) => String(v['id'])));
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
    added['columnChunks'] = 0;
    for (const rec of byTable.get('datasetVersions') ?? []) {
      const v = rec as unknown as DatasetVersion;
      // A version already here has its chunks already.
      if (newVersions.has(v.id)) added['columnChunks'] += await writeChunks(db, v, tables.get(v.id)!);
    }
  });
  return { status, projectId, projectName, added, reused };
}

/** Chunk records written per bulkAdd: bounds the slices alive at once to a few MB. */
const WRITE_BATCH = 8;

/** Writes a version's column chunks from its table, as saveDatasetVersion cuts them. Returns the count. */
async function writeChunks(db: WorkbenchDb, v: DatasetVersion, table: Table): Promise<number> {
  let count = 0;
  for (const [index, column] of table.columns.entries()) {
    let batch: ColumnChunkRecord[] = [];
    for (const rec of encodeColumnChunks(v.id, index, column, v.rowCount, v.chunkRows)) {
      batch.push(rec);
      if (batch.length === WRITE_BATCH) {
        await db.columnChunks.bulkAdd(batch);
        count += batch.length;
        batch = [];
      }
    }
    await db.columnChunks.bulkAdd(batch);
    count += batch.length;
  }
  return count;
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
 * records to another project already here. Version data must belong to a version in the archive.
 */
function checkOwnership(manifest: ShareManifest, byTable: Map<string, Record<string, unknown>[]>): void {
  const projects = byTable.get('projects') ?? [];
  if (projects.length !== 1 || projects[0]!['id'] !== manifest.project.id) {
    throw new ShareArchiveError('The archive does not hold exactly the project its manifest names.');
  }
  const versionIds = new Set((byTable.get('datasetVersions') ?? []).map((v) => v['id']));
  for (const [table, records] of byTable) {
    if (table === 'projects') continue;
    const dataTable = (VERSION_DATA_TABLES as readonly string[]).includes(table);
    for (const r of records) {
      const ok = dataTable ? versionIds.has(r['versionId']) : r['projectId'] === manifest.project.id;
      if (!ok) {
        throw new ShareArchiveError(
          `A record of "${table}" belongs to ${dataTable ? 'a dataset version' : 'a project'} the archive does not hold; nothing was imported.`,
        );
      }
    }
  }
}

/**
 * Rebuilds each dataset version from its chunks and checks its content hash against the record.
 * Returns the tables by version id.
 */
async function verifiedTables(byTable: Map<string, Record<string, unknown>[]>): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  // Taken out of byTable, and each column's records dropped once decoded: the data is in memory
  // about once (records of the columns not yet decoded + columns decoded), not twice.
  const chunks = groupByColumn(byTable.get('columnChunks') ?? []) as unknown as Map<
    string,
    ColumnChunkRecord[]
  >;
  byTable.delete('columnChunks');
  const pieces = groupByColumn(byTable.get('dictionaries') ?? []) as unknown as Map<
    string,
    DictionaryPieceRecord[]
  >;
  for (const rec of byTable.get('datasetVersions') ?? []) {
    const v = rec as unknown as DatasetVersion;
    const label = `dataset version ${v.version} (${v.id})`;
    let columns: Column[];
    try {
      columns = v.schema.map((schema, index) => {
        const key = columnKey(v.id, index);
        const own = (chunks.get(key) ?? []).sort((a, b) => a.chunk - b.chunk);
        chunks.delete(key);
        const dict = hasDictionary(schema.type)
          ? (pieces.get(key) ?? []).sort((a, b) => a.piece - b.piece)
          : [];
        return decodeColumn(schema, v.rowCount, v.chunkRows, own, dict);
      });
    } catch (e) {
      throw new ShareArchiveError(
        `The data of ${label} is incomplete: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const table: Table = { rowCount: v.rowCount, columns };
    const hash = await hashTable(table);
    if (hash !== v.hash) {
      throw new ShareArchiveError(
        `The data of ${label} does not match its recorded content hash (${v.hash.slice(0, 12)}…, recomputed ${hash.slice(0, 12)}…).`,
      );
    }
    out.set(v.id, table);
  }
  return out;
}

function columnKey(versionId: string, column: number): string {
  return `${versionId}\u0000${column}`;
}

function groupByColumn(records: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const key = columnKey(String(r['versionId']), Number(r['column']));
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
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
