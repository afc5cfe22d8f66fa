import type { DataEvents, DataRequests, RowsArgs, RowsResult, WorkProgressEvent } from '../protocol/data';
import type { CorrelationMatrix, MissingMap } from '../core/table/correlation';
import type { FeatureByTarget, ScatterSample, SortDirection } from '../core/explore';
import { dataWorker } from './data.svelte';
import { toShownError, type ShownError } from './errors';
import { isAbortError } from './workerClient';

/**
 * One kind of result computed in the data worker: its value, whether it is being computed (with
 * the worker's progress), and its error. The latest request wins: a slower earlier answer is
 * dropped, and starting a new request cancels the one still running.
 */
export class WorkerQuery<K extends keyof DataRequests & string> {
  value = $state.raw<DataRequests[K]['result'] | null>(null);
  /** The arguments `value` was computed for. */
  args = $state.raw<DataRequests[K]['args'] | null>(null);
  loading = $state(false);
  progress = $state.raw<WorkProgressEvent | null>(null);
  error = $state.raw<ShownError | null>(null);
  #abort: AbortController | undefined;

  constructor(readonly name: K) {}

  async run(args: DataRequests[K]['args']): Promise<DataRequests[K]['result'] | null> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    this.progress = null;
    try {
      const result = await dataWorker().send(this.name, args, {
        signal: abort.signal,
        onEvent: <E extends keyof DataEvents & string>(event: E, data: DataEvents[E]) => {
          if (event === 'work' && this.#abort === abort) this.progress = data as WorkProgressEvent;
        },
      });
      if (this.#abort !== abort) return null;
      this.value = result;
      this.args = args;
      return result;
    } catch (err) {
      if (this.#abort === abort) {
        this.error = isAbortError(err) ? { message: 'Cancelled.', details: [], more: 0 } : toShownError(err);
      }
      return null;
    } finally {
      if (this.#abort === abort) {
        this.loading = false;
        this.progress = null;
        this.#abort = undefined;
      }
    }
  }

  cancel(): void {
    this.#abort?.abort();
  }

  clear(): void {
    this.#abort?.abort();
    this.value = null;
    this.args = null;
    this.error = null;
  }
}

/** Rows shown per page of the raw-rows grid. */
export const PAGE_SIZES = [25, 50, 100] as const;

/** How the grid is looking at a version: which page, in which order, through which filter. */
export interface GridView {
  offset: number;
  limit: number;
  sort: { column: string; direction: SortDirection } | null;
  filter: string;
}

/**
 * Explore's charts and the raw-rows grid of the chosen version, all computed in the data worker
 * (the profile lives in DataState: framing reads it too).
 */
export class ExploreState {
  correlation = new WorkerQuery('correlation');
  missing = new WorkerQuery('missingMap');
  scatter = new WorkerQuery('scatter');
  byTarget = new WorkerQuery('featureByTarget');
  rows = new WorkerQuery('rows');
  grid = $state<GridView>({ offset: 0, limit: PAGE_SIZES[0], sort: null, filter: '' });
  /** The version the views were computed for. */
  versionId = $state<string | null>(null);

  /** Starts looking at `versionId`: what was computed for another version is forgotten. */
  use(versionId: string): void {
    if (this.versionId === versionId) return;
    this.reset();
    this.versionId = versionId;
  }

  /** The correlations of the window of columns from `offset` (a wide table is shown in parts). */
  loadCorrelation(versionId: string, offset = 0): Promise<CorrelationMatrix | null> {
    return this.correlation.run({ versionId, offset });
  }

  loadMissing(versionId: string): Promise<MissingMap | null> {
    return this.missing.run({ versionId, maxRows: 120 });
  }

  loadScatter(versionId: string, x: string, y: string, color: string): Promise<ScatterSample | null> {
    return this.scatter.run({ versionId, x, y, maxPoints: 4000, ...(color ? { color } : {}) });
  }

  loadByTarget(
    versionId: string,
    feature: string,
    target: string,
    targetIsCategory: boolean,
  ): Promise<FeatureByTarget | null> {
    return this.byTarget.run({ versionId, feature, target, targetIsCategory });
  }

  /** The grid's current page for `versionId`. */
  loadRows(versionId: string): Promise<RowsResult | null> {
    const g = this.grid;
    const args: RowsArgs = { versionId, offset: g.offset, limit: g.limit };
    if (g.sort) args.sort = { ...g.sort };
    if (g.filter.trim()) args.filter = g.filter.trim();
    return this.rows.run(args);
  }

  /** Next sort of a column header click: ascending → descending → unsorted. */
  toggleSort(column: string): void {
    const s = this.grid.sort;
    this.grid.sort =
      s?.column !== column
        ? { column, direction: 'ascending' }
        : s.direction === 'ascending'
          ? { column, direction: 'descending' }
          : null;
    this.grid.offset = 0;
  }

  setFilter(filter: string): void {
    this.grid.filter = filter;
    this.grid.offset = 0;
  }

  /** Forgets everything computed for the previous version. */
  reset(): void {
    for (const q of [this.correlation, this.missing, this.scatter, this.byTarget, this.rows]) q.clear();
    this.grid = { offset: 0, limit: PAGE_SIZES[0], sort: null, filter: '' };
  }
}

export const explore = new ExploreState();
