import type { DataEvents, PrepApplyResult, WorkProgressEvent } from '../protocol/data';
import type { ColumnType } from '../core/table/table';
import { validatePrepOp, type PrepOp, type PrepProblem } from '../core/prep';
import type { DatasetVersion } from '../store';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import { WorkerQuery } from './explore.svelte';
import { isAbortError } from './workerClient';
import { WorkerError } from '../protocol/rpc';

/** A step just applied: the version it made and the version it was made from (for Undo). */
export interface AppliedStep {
  result: PrepApplyResult;
  fromId: string;
  fromLabel: string;
  toLabel: string;
}

/**
 * Preparation: validating a step against the schema as it is typed (in the page: it needs only
 * column names and types), previewing it and applying it in the data worker, where the result
 * becomes a new dataset version. Versions are immutable, so Undo is selecting the parent again.
 * Also: checking a cast before it is applied, and diffs between versions.
 */
export class PrepState {
  readonly preview: WorkerQuery<'prepPreview'>;
  readonly castCheck: WorkerQuery<'castCheck'>;
  readonly diff: WorkerQuery<'diffVersions'>;

  applying = $state(false);
  applyProgress = $state.raw<WorkProgressEvent | null>(null);
  applyError = $state.raw<ShownError | null>(null);
  /** The last Apply failed for lack of browser storage: the page offers the version list. */
  storageFull = $state(false);
  applied = $state.raw<AppliedStep | null>(null);
  /** What the last Undo did, for the status line. */
  undone = $state('');
  #applyAbort: AbortController | undefined;

  constructor(private readonly open: OpenProject) {
    const worker = () => open.services.dataWorker();
    this.preview = new WorkerQuery('prepPreview', worker);
    this.castCheck = new WorkerQuery('castCheck', worker);
    this.diff = new WorkerQuery('diffVersions', worker);
  }

  /** Everything that stops `op` from applying to `version`, each naming the column or field. */
  problems(op: PrepOp, version: DatasetVersion): PrepProblem[] {
    // A throwaway lookup for one validation, never observed: no reactive map needed.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const inputs = new Map(this.open.data.versions.map((v) => [v.id, v.schema]));
    return validatePrepOp(op, version.schema, inputs);
  }

  runPreview(versionId: string, op: PrepOp): void {
    void this.preview.run({ versionId, op: $state.snapshot(op) as PrepOp });
  }

  checkCast(versionId: string, column: string, to: ColumnType): void {
    void this.castCheck.run({ versionId, column, to });
  }

  compare(fromId: string, toId: string, key: readonly string[]): void {
    void this.diff.run({ fromId, toId, key: [...key] });
  }

  /**
   * Applies `op` to the whole of `version` in the worker, which stores the result as a new
   * version (or finds the identical one already stored); the new version becomes the selected one.
   */
  async apply(version: DatasetVersion, op: PrepOp): Promise<AppliedStep | null> {
    if (this.applying) return null;
    const abort = (this.#applyAbort = new AbortController());
    this.applying = true;
    this.applyError = null;
    this.storageFull = false;
    this.applied = null;
    this.undone = '';
    this.applyProgress = { stage: 'Starting', fraction: 0 };
    const data = this.open.data;
    const fromLabel = data.labelOf(version.id);
    try {
      const result = await this.open.services.dataWorker().send(
        'prepApply',
        { projectId: this.open.id, versionId: version.id, op: $state.snapshot(op) as PrepOp },
        {
          signal: abort.signal,
          onEvent: <E extends keyof DataEvents & string>(name: E, event: DataEvents[E]) => {
            if (name === 'work') this.applyProgress = event as WorkProgressEvent;
          },
        },
      );
      await data.refresh();
      data.selectVersion(result.versionId);
      const step = { result, fromId: version.id, fromLabel, toLabel: data.labelOf(result.versionId) };
      this.applied = step;
      this.preview.clear();
      this.castCheck.clear();
      return step;
    } catch (err) {
      this.applyError = isAbortError(err)
        ? { message: 'The step was cancelled. No new version was stored.', details: [], more: 0 }
        : toShownError(err);
      this.storageFull = err instanceof WorkerError && err.name === 'StorageFullError';
      return null;
    } finally {
      this.applying = false;
      this.applyProgress = null;
      this.#applyAbort = undefined;
    }
  }

  cancelApply(): void {
    this.#applyAbort?.abort();
  }

  /** Undo: the version the last step was applied to becomes the selected version again. */
  undo(): void {
    const step = this.applied;
    if (!step) return;
    this.open.data.selectVersion(step.fromId);
    this.undone = `Back to ${step.fromLabel}. ${step.toLabel} stays in the version history.`;
    this.applied = null;
  }

  dismiss(): void {
    this.applied = null;
    this.applyError = null;
    this.storageFull = false;
    this.undone = '';
  }
}
