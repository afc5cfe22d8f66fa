/** Projects: create, read and update (whole-record puts); deletion is `deleteProjectEverywhere` in storage.ts. */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { newId } from './ids';
import type { Framing, Goal, Project } from './records';

export interface NewProject {
  name: string;
  goal: Goal;
  framing?: Framing;
}

/** Creates a project. Throws when the name is blank. */
export async function createProject(db: WorkbenchDb, input: NewProject): Promise<Project> {
  const name = requireName(input.name);
  const now = Date.now();
  const project: Project = {
    id: newId(),
    name,
    goal: input.goal,
    ...(input.framing === undefined ? {} : { framing: input.framing }),
    createdAt: now,
    updatedAt: now,
  };
  await db.projects.add(project);
  return project;
}

/** The project, or undefined. */
export async function getProject(db: WorkbenchDb, id: string): Promise<Project | undefined> {
  return db.projects.get(id);
}

/** All projects, most recently updated first. */
export async function listProjects(db: WorkbenchDb): Promise<Project[]> {
  return db.projects.orderBy('updatedAt').reverse().toArray();
}

/**
 * Replaces the stored project with `project` (a whole-record put) and stamps `updatedAt`.
 * Throws RecordNotFoundError rather than resurrecting a project deleted in another tab.
 */
export async function updateProject(db: WorkbenchDb, project: Project): Promise<Project> {
  const updated: Project = { ...project, name: requireName(project.name), updatedAt: Date.now() };
  return db.transaction('rw', db.projects, async () => {
    const stored = await db.projects.get(project.id);
    if (!stored) throw new RecordNotFoundError('project', project.id);
    // createdAt is history, not an editable field.
    updated.createdAt = stored.createdAt;
    // Two updates within one millisecond must still order correctly.
    if (updated.updatedAt <= stored.updatedAt) updated.updatedAt = stored.updatedAt + 1;
    await db.projects.put(updated);
    return updated;
  });
}

/**
 * Changes the stored project `id` as `change` makes it from the record read in the same
 * transaction: two changes of different fields (the goal text saved as the user types, a KPI
 * added) cannot overwrite each other, as two whole-record puts of stale copies could.
 */
export async function modifyProject(
  db: WorkbenchDb,
  id: string,
  change: (project: Project) => Project,
): Promise<Project> {
  return db.transaction('rw', db.projects, async () => {
    const stored = await db.projects.get(id);
    if (!stored) throw new RecordNotFoundError('project', id);
    return updateProject(db, change(stored));
  });
}

function requireName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('The project needs a name. Type one and save again.');
  return trimmed;
}
