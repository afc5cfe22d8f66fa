/**
 * Exporting a project as an archive: which records travel (the whole project, one model
 * version's lineage, or everything but the data), read table by table and — for column chunks —
 * chunk by chunk, so only one member's records are in memory at a time besides the zip stream's
 * own buffers. Every table with a `projectId` index travels generically: tables added
 * later (predictions, audit log, scored batches, reference profiles…) need no change here.
 */
import type { Table as DexieTable } from 'dexie';
import {
  SHARE_FORMAT,
  SHARE_FORMAT_VERSION,
  type ManifestModel,
  type ManifestVersion,
  type ShareManifest,
  type ShareScope,
} from '../core/share/format';
import type { ArchiveWriter } from '../core/share/archiveWriter';
import { freeRecordBuffers } from '../core/share/freeRecord';
import { encodeRecord, MemberBuilder } from '../core/share/recordCodec';
import { freeBuffer } from '../core/table/freeBuffer';
import { chunkCount } from './chunks';
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import type { DatasetVersion, ModelVersionSummary, Project, RecipeVersion, Run } from './records';
import { CURRENT_SCHEMA_VERSION } from './schema';

/** Encoded bytes per member before a new one starts: small enough to hash and inflate in one go. */
const MEMBER_BYTES = 4 * 1024 * 1024;
/** Tables whose records belong to a dataset version rather than carry a projectId. */
export const VERSION_DATA_TABLES = ['columnChunks', 'dictionaries'] as const;
/** Tables left out of an archive "without the data". */
const DATA_TABLES = new Set(['datasets', 'datasetVersions', ...VERSION_DATA_TABLES]);

export interface ExportProgress {
  /** Records written so far and in all. */
  done: number;
  total: number;
  bytesOut: number;
}

export interface ExportOptions {
  appVersion: string;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Encoded bytes per member (default MEMBER_BYTES; tests use small ones to get many members). */
  memberBytes?: number;
}

/** Tables (other than `projects`) whose records carry the project's id in an indexed `projectId`. */
export function projectTables(db: WorkbenchDb): DexieTable[] {
  return db.tables.filter(
    (t) => t.name !== 'projects' && t.schema.indexes.some((i) => i.name === 'projectId'),
  );
}

/**
 * Writes project `projectId` (as `scope` selects) into `writer` and finishes the archive.
 * Returns the manifest written. Throws RecordNotFoundError for an unknown project or model.
 */
export async function exportProject(
  db: WorkbenchDb,
  projectId: string,
  scope: ShareScope,
  writer: ArchiveWriter,
  options: ExportOptions,
): Promise<ShareManifest> {
  const project = await db.projects.get(projectId);
  if (!project) throw new RecordNotFoundError('project', projectId);
  const selected = await selectRecords(db, project, scope);
  const versions = (selected.get('datasetVersions') ?? []) as DatasetVersion[];
  const chunkTotal = versions.reduce((n, v) => n + v.schema.length * chunkCount(v.rowCount, v.chunkRows), 0);
  let total = chunkTotal;
  for (const records of selected.values()) total += records.length;
  let done = 0;
  const counts: Record<string, number> = {};
  const batch = new MemberBatch(writer, options.memberBytes ?? MEMBER_BYTES, () => {
    options.onProgress?.({ done, total, bytesOut: writer.bytesOut });
  });

  for (const [table, records] of selected) {
    for (const r of records) {
      options.signal?.throwIfAborted();
      await batch.add(table, r);
      // Read for this export only: its binary parts (weights, predictions) go now. The records
      // the manifest needs below (datasets, versions, models) keep their other fields.
      freeRecordBuffers(r);
      done++;
    }
    counts[table] = records.length;
    await batch.flush();
  }
  for (const table of VERSION_DATA_TABLES) counts[table] = 0;
  for (const v of versions) {
    for (let column = 0; column < v.schema.length; column++) {
      options.signal?.throwIfAborted();
      // One chunk at a time (1 MiB for a number column): a whole column read at once would be
      // a column's worth of garbage per column.
      const chunks = chunkCount(v.rowCount, v.chunkRows);
      for (let k = 0; k < chunks; k++) {
        const c = await db.columnChunks.get([v.id, column, k]);
        if (!c) {
          throw new Error(
            `Column "${v.schema[column]?.name}" of a dataset version changed or is damaged in storage while exporting; nothing was exported.`,
          );
        }
        await batch.add('columnChunks', c);
        // Read from IndexedDB for this member only, and encoded: freed now rather than at V8's
        // next collection (after ~64 MB of such buffers in a worker).
        freeBuffer(c.data);
        done++;
      }
      counts['columnChunks']! += chunks;
      const pieces = await db.dictionaries
        .where('[versionId+column+piece]')
        .between([v.id, column, 0], [v.id, column, Infinity], true, true)
        .toArray();
      for (const p of pieces) await batch.add('dictionaries', p);
      counts['dictionaries']! += pieces.length;
    }
  }
  await batch.flush();

  const datasets = new Map(
    ((selected.get('datasets') ?? []) as { id: string; name: string }[]).map((d) => [d.id, d.name]),
  );
  const models = (selected.get('models') ?? []) as ModelVersionSummary[];
  const manifest: Omit<ShareManifest, 'members'> = {
    format: SHARE_FORMAT,
    formatVersion: SHARE_FORMAT_VERSION,
    appVersion: options.appVersion,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    createdAt: Date.now(),
    scope,
    project: { id: project.id, name: project.name },
    versions: versions.map((v): ManifestVersion => ({
      id: v.id,
      dataset: datasets.get(v.datasetId) ?? '',
      version: v.version,
      rowCount: v.rowCount,
      columns: v.schema.length,
      hash: v.hash,
      byteSize: v.byteSize,
    })),
    models: models.map((m): ManifestModel => ({
      id: m.id,
      name: m.name,
      version: m.version,
      task: m.task,
      status: m.status,
    })),
    counts,
  };
  writer.finish(manifest);
  options.onProgress?.({ done: total, total, bytesOut: writer.bytesOut });
  return { ...manifest, members: [...writer.members] };
}

/**
 * Encoded records gathered into members of about MEMBER_BYTES, one table per member, in one
 * buffer reused from member to member (MemberBuilder). Each record's encoding is freed once
 * copied in, so an export makes no garbage in proportion to the data.
 */
class MemberBatch {
  #table = '';
  readonly #member: MemberBuilder;
  constructor(
    private readonly writer: ArchiveWriter,
    private readonly memberBytes: number,
    private readonly onMember: () => void,
  ) {
    // Members end past MEMBER_BYTES by at most one record (held-out predictions can be larger).
    this.#member = new MemberBuilder(memberBytes + (1 << 20));
  }

  async add(table: string, record: unknown): Promise<void> {
    if (table !== this.#table) await this.flush();
    this.#table = table;
    const encoded = encodeRecord(record);
    this.#member.add(encoded);
    freeBuffer(encoded.buffer);
    if (this.#member.bytes.byteLength >= this.memberBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#member.records === 0) return;
    // The writer hashes and deflates the member before it resolves; the buffer is then free.
    await this.writer.add(this.#table, this.#member.bytes, this.#member.records);
    this.#member.clear();
    this.onMember();
  }
}

/** The records of every table that travel, by table name (the project record first). */
async function selectRecords(
  db: WorkbenchDb,
  project: Project,
  scope: ShareScope,
): Promise<Map<string, unknown[]>> {
  return db.transaction('r', [db.projects, ...projectTables(db)], async () => {
    const out = new Map<string, unknown[]>([['projects', [project]]]);
    const all = new Map<string, unknown[]>();
    for (const t of projectTables(db))
      all.set(t.name, await t.where('projectId').equals(project.id).toArray());
    if (scope.kind === 'project') {
      for (const [name, records] of all) out.set(name, records);
      return out;
    }
    if (scope.kind === 'withoutData') {
      for (const [name, records] of all) if (!DATA_TABLES.has(name)) out.set(name, records);
      return out;
    }
    const model = (all.get('models') as ModelVersionSummary[]).find((m) => m.id === scope.modelId);
    if (!model) throw new RecordNotFoundError('model version', scope.modelId);
    const runs = (all.get('runs') as Run[]).filter((r) => r.id === model.runId);
    const versions = ancestors(all.get('datasetVersions') as DatasetVersion[], [
      model.datasetVersionId,
      ...runs.map((r) => r.datasetVersionId),
    ]);
    const datasetIds = new Set(versions.map((v) => v.datasetId));
    const recipes = ancestors(all.get('recipes') as RecipeVersion[], [
      model.recipeVersionId,
      ...runs.map((r) => r.recipeVersionId),
      project.framing?.recipeVersionId,
    ]);
    const runIds = new Set(runs.map((r) => r.id));
    for (const [name, records] of all) {
      let kept: unknown[];
      if (name === 'datasets') kept = records.filter((d) => datasetIds.has((d as { id: string }).id));
      else if (name === 'datasetVersions') kept = versions;
      else if (name === 'recipes') kept = recipes;
      else if (name === 'runs') kept = runs;
      else if (name === 'models') kept = [model];
      else {
        // Any other table: the records tied to this model version or its run.
        kept = records.filter((r) => {
          const rec = r as { modelId?: unknown; runId?: unknown };
          return rec.modelId === model.id || (typeof rec.runId === 'string' && runIds.has(rec.runId));
        });
      }
      out.set(name, kept);
    }
    return out;
  });
}

/** The records named by `start` and every record reachable through `parents`, in stored order. */
function ancestors<T extends { id: string; parents: string[] }>(
  records: readonly T[],
  start: readonly (string | undefined)[],
): T[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const keep = new Set<string>();
  const stack = start.filter((id): id is string => id !== undefined);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const r = byId.get(id);
    if (!r || keep.has(id)) continue;
    keep.add(id);
    stack.push(...r.parents);
  }
  return records.filter((r) => keep.has(r.id));
}
