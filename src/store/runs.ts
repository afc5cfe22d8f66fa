/** Training runs: experiment records created when training starts and updated as it goes. */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { byCreation, newId } from './ids';
import type { Run } from './records';

/** What is known when training starts; status, curves, metrics and duration start empty. */
export type NewRun = Omit<Run, 'id' | 'createdAt' | 'status' | 'history' | 'metrics' | 'durationMs'>;

/** The fields that change while a run goes and when it ends. */
export type RunUpdate = Partial<
  Pick<
    Run,
    | 'status'
    | 'history'
    | 'metrics'
    | 'durationMs'
    | 'error'
    | 'modelVersionId'
    | 'backend'
    | 'backendReason'
    | 'endedAt'
    | 'splitSummary'
    | 'splitSizes'
    | 'baselineMetrics'
    | 'crossValidation'
    | 'epochsRun'
  >
>;

/** Records a run as started ('running', empty history and metrics). */
export async function createRun(db: WorkbenchDb, input: NewRun): Promise<Run> {
  const run: Run = {
    ...input,
    id: newId(),
    createdAt: Date.now(),
    status: 'running',
    history: [],
    metrics: {},
    durationMs: 0,
  };
  await db.runs.add(run);
  return run;
}

/** The run, or undefined. */
export async function getRun(db: WorkbenchDb, id: string): Promise<Run | undefined> {
  return db.runs.get(id);
}

/** The project's runs (or one search's trials), oldest first. */
export async function listRuns(
  db: WorkbenchDb,
  projectId: string,
  options: { searchId?: string } = {},
): Promise<Run[]> {
  const runs =
    options.searchId === undefined
      ? await db.runs.where('projectId').equals(projectId).toArray()
      : (await db.runs.where('searchId').equals(options.searchId).toArray()).filter(
          (r) => r.projectId === projectId,
        );
  return runs.sort(byCreation);
}

/**
 * Applies `changes` to a run. A finished run (done, failed, cancelled) keeps its status: a late
 * progress message from a worker must not bring a cancelled run back to life, so such a change
 * throws, and the rest of the update is not applied.
 */
export async function updateRun(db: WorkbenchDb, id: string, changes: RunUpdate): Promise<Run> {
  return db.transaction('rw', db.runs, async () => {
    const run = await db.runs.get(id);
    if (!run) throw new RecordNotFoundError('run', id);
    assertStatusChange(run, changes.status);
    const updated: Run = { ...run, ...changes };
    await db.runs.put(updated);
    return updated;
  });
}

/** Deletes a run record. A model version it produced stays registered. */
export async function deleteRun(db: WorkbenchDb, id: string): Promise<void> {
  await db.transaction('rw', [db.runs, db.predictions], async () => {
    if (!(await db.runs.get(id))) throw new RecordNotFoundError('run', id);
    await db.runs.delete(id);
    await db.predictions.delete(id);
  });
}

function assertStatusChange(run: Run, next: Run['status'] | undefined): void {
  if (next === undefined || next === run.status || run.status === 'running') return;
  throw new Error(`Run ${run.id} has already ended (${run.status}); it cannot become ${next}.`);
}
