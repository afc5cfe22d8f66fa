import { isBackendPreference } from '../core/ml/backendChoice';
import {
  deleteRun,
  getRecipeVersion,
  getRun,
  listRuns,
  updateRun,
  type Run,
  type WorkbenchDb,
} from '../store';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import { savedTrainPoolSize, setTrainPoolSize } from './workers';

const ABANDONED = 'The training stopped with its tab or browser before it finished: no model was stored.';

/** Marks run `id` failed as abandoned if it is still 'running'; true when it was. */
async function failIfStillRunning(db: WorkbenchDb, id: string): Promise<boolean> {
  const run = await getRun(db, id);
  if (run?.status !== 'running') return false;
  await updateRun(db, id, { status: 'failed', error: ABANDONED }).catch(() => undefined);
  return true;
}

/**
 * Runs still 'running' whose worker holds no lock (its tab closed, the browser stopped) are
 * marked failed, so no run stays 'running' forever. A run whose lock is still held is either
 * training in some tab or in a worker of a page being unloaded (just after a reload); `onHeld`
 * is told of it so it can wait for the lock. Returns whether any run changed.
 */
async function failAbandonedRuns(
  db: WorkbenchDb,
  runs: Run[],
  onHeld: (run: Run & { lock: string }) => void,
): Promise<boolean> {
  const running = runs.filter((r) => r.status === 'running');
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!running.length || !locks) return false;
  const held = new Set(((await locks.query()).held ?? []).map((l) => l.name));
  let changed = false;
  for (const r of running) {
    // Runs recorded before locks (no `lock`) cannot be live any more: this code always sets one.
    if (r.lock && held.has(r.lock)) onHeld({ ...r, lock: r.lock });
    else if (await failIfStillRunning(db, r.id)) changed = true;
  }
  return changed;
}

/** Why a run cannot be repeated, or null when it can. */
function rerunBlocker(run: Run): string | null {
  if (!run.target || !run.task || !run.split || !run.recipeVersionId) {
    return 'This run was recorded before re-runs were possible (it lacks its target, split or recipe version). Train it again from the Train phase.';
  }
  return null;
}

/**
 * The open project's experiments: every run (single trainings and search trials) for the
 * leaderboard and comparisons, re-runs, deletion, and the size of the train worker pool.
 */
export class ExperimentsState {
  runs = $state.raw<Run[]>([]);
  loaded = $state(false);
  error = $state.raw<ShownError | null>(null);
  poolSize = $state(1);

  #latest = 0;
  /** Locks of running runs this page waits for (each once): bookkeeping, never shown. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: nothing renders it
  #waiting = new Set<string>();

  constructor(private readonly open: OpenProject) {
    this.poolSize = savedTrainPoolSize(open.services.storage);
  }

  /**
   * Waits for a held run lock to be released — the training ended, or the worker holding it died
   * with its page — then closes the run if it never finished, and shows the change.
   */
  #waitFor(run: Run & { lock: string }): void {
    if (this.#waiting.has(run.lock)) return;
    this.#waiting.add(run.lock);
    void navigator.locks
      .request(run.lock, async () => {
        if (await failIfStillRunning(await this.open.services.db(), run.id)) await this.refresh();
      })
      .catch(() => undefined)
      .finally(() => this.#waiting.delete(run.lock));
  }

  async refresh(): Promise<void> {
    const ticket = ++this.#latest;
    const projectId = this.open.id;
    try {
      const db = await this.open.services.db();
      let runs = await listRuns(db, projectId);
      const held = (run: Run & { lock: string }) => this.#waitFor(run);
      if (await failAbandonedRuns(db, runs, held)) runs = await listRuns(db, projectId);
      // Latest request wins: a slow read must not overwrite a newer one.
      if (ticket === this.#latest) {
        this.runs = runs;
        this.loaded = true;
      }
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  async remove(runId: string): Promise<void> {
    this.error = null;
    try {
      await deleteRun(await this.open.services.db(), runId);
    } catch (err) {
      this.error = toShownError(err);
    }
    await this.refresh();
  }

  /**
   * Trains `run` again with the same data version, recipe version, model settings, split, seed
   * and backend, as a new run (and, when it finishes, a new model version).
   */
  async rerun(run: Run): Promise<void> {
    this.error = null;
    const blocker = rerunBlocker(run);
    const recipe = run.recipeVersionId
      ? await getRecipeVersion(await this.open.services.db(), run.recipeVersionId)
      : undefined;
    if (blocker || !recipe || !run.target || !run.task || !run.split) {
      this.error = {
        message: blocker ?? 'The recipe version of this run no longer exists.',
        details: [],
        more: 0,
      };
      return;
    }
    const spec = run.spec;
    await this.open.training.train({
      datasetVersionId: run.datasetVersionId,
      recipeVersionId: recipe.id,
      job: {
        target: run.target,
        task: run.task,
        recipe: recipe.spec,
        model: spec,
        split: run.split,
        seed: run.seed,
        // A re-run repeats the run exactly, a teaching run's leak included (it stays labelled).
        ...(run.recipeFit ? { recipeFit: run.recipeFit } : {}),
      },
      modelName: run.modelName ?? `${run.target} ${spec.family}`,
      kpis: this.open.project?.goal.kpis ?? [],
      rerunOf: run.id,
      // A leaking teaching run registers no model, re-run or not.
      ...(run.recipeFit ? { keepModel: 'none' as const } : {}),
      ...(isBackendPreference(run.backend) ? { backend: run.backend } : {}),
    });
  }

  setPoolSize(size: number): void {
    this.poolSize = setTrainPoolSize(this.open.services.trainPool(), this.open.services.storage, size);
  }
}
