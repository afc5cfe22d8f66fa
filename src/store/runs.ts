/** Training runs: experiment records created when training starts and updated as it goes. */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import { byCreation, newId } from './ids';
import type { EpochPoint, Run } from './records';

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

/** Adds epochs to a running run's curve (one write per call, whatever the history length so far). */
export async function appendRunHistory(
  db: WorkbenchDb,
  id: string,
  points: readonly EpochPoint[],
): Promise<Run> {
  return db.transaction('rw', db.runs, async () => {
    const run = await db.runs.get(id);
    if (!run) throw new RecordNotFoundError('run', id);
    if (run.status !== 'running') {
      throw new Error(`Run ${id} has already ended (${run.status}); its curve can no longer change.`);
    }
    const updated: Run = { ...run, history: [...run.history, ...points] };
    await db.runs.put(updated);
    return updated;
  });
}

/**
 * Marks runs still 'running' as failed with `reason`. For start-up after a crash or a closed
 * tab: only call it when no worker of any tab can still be training (e.g. single-tab lock held).
 */
export async function failInterruptedRuns(
  db: WorkbenchDb,
  projectId: string,
  reason: string,
): Promise<Run[]> {
  return db.transaction('rw', db.runs, async () => {
    const running = (await db.runs.where('projectId').equals(projectId).toArray()).filter(
      (r) => r.status === 'running',
    );
    const failed = running.map((r): Run => ({ ...r, status: 'failed', error: reason }));
    await db.runs.bulkPut(failed);
    return failed;
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
