/**
 * What each project holds in this browser, and deleting a project with every record of it in
 * every table. Both go through the tables generically (any table with a `projectId` index, plus
 * the column chunks and dictionaries of the project's dataset versions), so a table added later
 * is counted and deleted without a change here.
 */
import type { ProjectUsage } from '../core/share/types';
import type { WorkbenchDb } from './db';
export type { ProjectUsage };
import { RecordNotFoundError } from './errors';
import { projectTables, VERSION_DATA_TABLES } from './shareExport';

/** Bytes and counts per project, largest first. Reads every record except column chunks. */
export async function projectUsage(db: WorkbenchDb): Promise<ProjectUsage[]> {
  const projects = await db.projects.toArray();
  const usage = new Map<string, ProjectUsage>(
    projects.map((p) => [
      p.id,
      {
        projectId: p.id,
        name: p.name,
        dataBytes: 0,
        otherBytes: recordBytes(p),
        datasetVersions: 0,
        models: 0,
      },
    ]),
  );
  for (const table of projectTables(db)) {
    await table.each((record: { projectId?: unknown; byteSize?: unknown }) => {
      const u = usage.get(String(record.projectId));
      if (!u) return;
      u.otherBytes += recordBytes(record);
      if (table.name === 'datasetVersions') {
        u.datasetVersions++;
        if (typeof record.byteSize === 'number') u.dataBytes += record.byteSize;
      }
      if (table.name === 'models') u.models++;
    });
  }
  return [...usage.values()].sort((a, b) => b.dataBytes + b.otherBytes - (a.dataBytes + a.otherBytes));
}

/** An estimate of a record's stored size: binary data by its length, text at two bytes a character. */
export function recordBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length;
  if (typeof value === 'number') return 8;
  if (value === null || typeof value !== 'object') return 4;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  let n = 0;
  if (Array.isArray(value)) for (const x of value) n += recordBytes(x);
  else for (const [k, x] of Object.entries(value)) n += 2 * k.length + recordBytes(x);
  return n;
}

/**
 * Deletes the project and every record of it in every table, in one transaction; records of
 * other projects are not touched. Throws RecordNotFoundError for an unknown project.
 */
export async function deleteProjectEverywhere(db: WorkbenchDb, projectId: string): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    if (!(await db.projects.get(projectId))) throw new RecordNotFoundError('project', projectId);
    const versionIds = await db.datasetVersions.where('projectId').equals(projectId).primaryKeys();
    for (const name of VERSION_DATA_TABLES) {
      await db.table(name).where('versionId').anyOf(versionIds).delete();
    }
    for (const table of projectTables(db)) await table.where('projectId').equals(projectId).delete();
    await db.projects.delete(projectId);
  });
}
