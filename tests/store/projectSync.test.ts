// Issue 10 item 9: two tabs on one project. A save in one tab reaches the other through
// BroadcastChannel (Node has one) as the record read back from the database; a goal save begun
// on an older text is refused inside its transaction instead of overwriting the newer one.
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, getProject, modifyProject, type Project, type WorkbenchDb } from '../../src/store';
import { GoalConflictError, goalConflict, ProjectSync, saveGoalText } from '../../src/state/projectSync';
import { freshDb } from './helpers';

let db: WorkbenchDb;
const syncs: ProjectSync[] = [];
afterEach(async () => {
  for (const s of syncs.splice(0)) s.close();
  await db?.delete();
});

function tab(channel: string, heard: { id: string; stored: Project | null }[]): ProjectSync {
  const sync = new ProjectSync(
    async () => db,
    (id, stored) => heard.push({ id, stored }),
    channel,
  );
  syncs.push(sync);
  return sync;
}

describe('ProjectSync', () => {
  it("tells the other tab, which reads the stored record (not the message's)", async () => {
    db = await freshDb();
    const channel = `test-${crypto.randomUUID()}`;
    const heardA: { id: string; stored: Project | null }[] = [];
    const heardB: { id: string; stored: Project | null }[] = [];
    const a = tab(channel, heardA);
    tab(channel, heardB);
    const project = await createProject(db, {
      name: 'Two tabs',
      goal: { statement: 'old', compliance: '', kpis: [] },
    });
    const saved = await modifyProject(db, project.id, (p) => ({
      ...p,
      goal: { ...p.goal, statement: 'new goal' },
      framing: {
        datasetId: 'd',
        target: 'churn',
        task: 'classification',
        recipeVersionId: 'r',
        primaryMetric: 'accuracy',
      },
    }));
    a.announce(saved);
    await expect.poll(() => heardB.length).toBe(1);
    expect(heardB[0]!.stored?.goal.statement).toBe('new goal');
    expect(heardB[0]!.stored?.framing?.target).toBe('churn');
    // A tab does not hear its own announcements.
    expect(heardA).toEqual([]);
  });
});

describe('goal saves across tabs', () => {
  it('refuses to overwrite a text saved elsewhere, and writes nothing', async () => {
    db = await freshDb();
    const p = await createProject(db, { name: 'P', goal: { statement: 'base', compliance: '', kpis: [] } });
    const base = { statement: 'base', compliance: '' };
    // The other tab saves first.
    await modifyProject(db, p.id, (s) => ({
      ...s,
      goal: saveGoalText(base, { statement: 'theirs', compliance: '' }, false)(s.goal),
    }));
    // This tab's edit started from 'base': refused, nothing written.
    const mine = { statement: 'mine', compliance: '' };
    await expect(
      modifyProject(db, p.id, (s) => ({ ...s, goal: saveGoalText(base, mine, false)(s.goal) })),
    ).rejects.toBeInstanceOf(GoalConflictError);
    expect((await getProject(db, p.id))!.goal.statement).toBe('theirs');
    // Asked and confirmed: written.
    await modifyProject(db, p.id, (s) => ({ ...s, goal: saveGoalText(base, mine, true)(s.goal) }));
    expect((await getProject(db, p.id))!.goal.statement).toBe('mine');
  });

  it('goalConflict: only a text changed elsewhere and different from mine', () => {
    const base = { statement: 'a', compliance: '' };
    expect(goalConflict(base, base, { statement: 'b', compliance: '' })).toBe(false);
    expect(goalConflict(base, { statement: 'c', compliance: '' }, { statement: 'b', compliance: '' })).toBe(
      true,
    );
    expect(goalConflict(base, { statement: 'b', compliance: '' }, { statement: 'b', compliance: '' })).toBe(
      false,
    );
    expect(goalConflict(base, { statement: 'a', compliance: 'x' }, { statement: 'a', compliance: '' })).toBe(
      true,
    );
  });
});
