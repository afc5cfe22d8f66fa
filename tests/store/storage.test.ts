import { describe, expect, it } from 'vitest';
import { deleteProjectEverywhere, projectUsage } from '../../src/store/storage';
import { RecordNotFoundError } from '../../src/store/errors';
import { freshDb } from './helpers';
import { buildProject, snapshot } from './shareFixture';

describe('storage per project', () => {
  it('counts each project apart, its data from its versions and its other records by content', async () => {
    const db = await freshDb();
    const a = await buildProject(db, 'A');
    const b = await buildProject(db, 'B');
    await db
      .table('predictions')
      .put({ runId: 'big', projectId: b.project.id, test: new Float64Array(100_000) });
    const usage = await projectUsage(db);
    expect(usage.map((u) => u.name)).toEqual(['B', 'A']);
    const ua = usage.find((u) => u.projectId === a.project.id)!;
    const ub = usage.find((u) => u.projectId === b.project.id)!;
    expect(ua.dataBytes).toBe(a.versions.reduce((n, v) => n + v.byteSize, 0));
    expect(ua.datasetVersions).toBe(3);
    expect(ua.models).toBe(2);
    expect(ub.otherBytes - ua.otherBytes).toBeGreaterThanOrEqual(800_000);
  });
});

describe('deleting a project', () => {
  it('removes its records from every table and leaves other projects exactly as they were', async () => {
    const db = await freshDb();
    const keep = await buildProject(db, 'Keep');
    const gone = await buildProject(db, 'Gone');
    const before = await snapshot(db);
    await deleteProjectEverywhere(db, gone.project.id);
    const after = await snapshot(db);
    const versionIds = new Set(gone.versions.map((v) => v.id));
    for (const [table, rows] of Object.entries(after)) {
      const belongs = (r: Record<string, unknown>) =>
        r['projectId'] === gone.project.id ||
        r['id'] === gone.project.id ||
        versionIds.has(String(r['versionId']));
      // Nothing of the deleted project is left…
      expect((rows as Record<string, unknown>[]).filter(belongs)).toEqual([]);
      // …and everything else is exactly as before.
      expect(rows).toEqual((before[table] as Record<string, unknown>[]).filter((r) => !belongs(r)));
      if (table !== 'projects') expect(rows.length, table).toBeGreaterThan(0);
    }
    expect(after['projects']).toEqual([keep.project]);
    await expect(deleteProjectEverywhere(db, gone.project.id)).rejects.toThrow(RecordNotFoundError);
  });
});
