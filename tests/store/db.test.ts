import { describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { openDb, WorkbenchDb } from '../../src/store/db';
import { SCHEMA_VERSIONS } from '../../src/store/schema';

/** The schema a future release might add: version N+1 with one new table. */
const NEXT_RELEASE = [
  ...SCHEMA_VERSIONS,
  { version: SCHEMA_VERSIONS.length + 1, name: 'notes', stores: { notes: 'id' } },
];

function openNative(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
}

describe('openDb across tabs', () => {
  it('closes for good and reports when another tab opens a newer version', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    const onVersionChange = vi.fn();
    const db = await openDb(name, { onVersionChange });
    await db.projects.count();

    // The other tab: the next release of the workbench.
    const newer = new WorkbenchDb(name, NEXT_RELEASE);
    await newer.open();
    expect(newer.verno).toBe(SCHEMA_VERSIONS.length + 1);

    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(onVersionChange.mock.calls[0]![0]).toMatchObject({
      message: expect.stringMatching(/Reload this tab/),
    });
    expect(db.isOpen()).toBe(false);
    // No silent reopen against the newer schema.
    await expect(db.projects.count()).rejects.toThrow(/closed/i);
    await newer.delete();
  });

  it('reports deletion of the data from another tab', async () => {
    const name = `del-${crypto.randomUUID()}`;
    const onVersionChange = vi.fn();
    await openDb(name, { onVersionChange });
    await Dexie.delete(name);
    expect(onVersionChange).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/deleted in another tab/) }),
    );
  });

  it('reports when an upgrade is blocked by a tab holding the old version, then finishes when it closes', async () => {
    const name = `blocked-${crypto.randomUUID()}`;
    // A tab of an old release that ignores version changes and keeps its connection open.
    const stale = await openNative(name, 1);
    const onBlocked = vi.fn();
    const opening = openDb(name, { onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    expect(onBlocked.mock.calls[0]![0].message).toMatch(/Close or reload the other workbench tabs/);
    stale.close();
    const db = await opening;
    expect(db.isOpen()).toBe(true);
    await db.delete();
  });

  it('fails with a message to act on when the upgrade itself fails, leaving the data as it was', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const db = await openDb(name);
    await db.projects.add({
      id: 'p',
      name: 'Old',
      goal: { statement: '', compliance: '', kpis: [] },
      createdAt: 1,
      updatedAt: 1,
    });
    db.close();
    const broken = [
      ...SCHEMA_VERSIONS,
      {
        version: SCHEMA_VERSIONS.length + 1,
        name: 'broken step',
        stores: {},
        upgrade: async () => {
          throw new Error('bad record');
        },
      },
    ];
    await expect(openDb(name, { versions: broken })).rejects.toThrow(
      /could not open its stored data.*"broken step".*bad record/,
    );
    const again = await openDb(name);
    expect(again.verno).toBe(SCHEMA_VERSIONS.length);
    expect((await again.projects.get('p'))?.name).toBe('Old');
    await again.delete();
  });
});
