import { untrack } from 'svelte';
import type { DataEvents, DataRequests, RowsArgs, WorkProgressEvent } from '../protocol/data';
import { defaultScatterAxes, type SortDirection } from '../core/explore';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import type { DataClient } from './services';
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

  /** `worker` gives the data worker to ask (the page's shared one). */
  constructor(
    readonly name: K,
    private readonly worker: () => DataClient,
  ) {}

  async run(args: DataRequests[K]['args']): Promise<DataRequests[K]['result'] | null> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    this.progress = null;
    try {
      const result = await this.worker().send(this.name, args, {
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
  /** The first of the columns shown (a wide table's grid shows GRID_COLUMNS at a time). */
  columnOffset: number;
}

/** Columns of the raw-rows grid whose cells are read and drawn at once. */
export const GRID_COLUMNS = 50;

/** Explore's views, in the order the page offers them. */
export const EXPLORE_VIEWS = [
  { id: 'columns', label: 'Columns' },
  { id: 'correlations', label: 'Correlations' },
  { id: 'scatter', label: 'Scatter plot' },
  { id: 'target', label: 'Against the target' },
  { id: 'missing', label: 'Missing values' },
  { id: 'rows', label: 'Rows' },
] as const;
export type ExploreView = (typeof EXPLORE_VIEWS)[number]['id'];

/**
 * Explore's charts and the raw-rows grid of the chosen version, all computed in the data worker
 * (the profile lives in DataState: framing reads it too). Which view is shown and the columns
 * chosen in it live here, so the open project can compute what is shown when they change
 * (`load`, called from OpenProject's reactions).
 */
export class ExploreState {
  readonly correlation: WorkerQuery<'correlation'>;
  readonly missing: WorkerQuery<'missingMap'>;
  readonly scatter: WorkerQuery<'scatter'>;
  readonly byTarget: WorkerQuery<'featureByTarget'>;
  readonly rows: WorkerQuery<'rows'>;
  grid = $state<GridView>({ offset: 0, limit: PAGE_SIZES[0], sort: null, filter: '', columnOffset: 0 });
  /** The version the views were computed for. */
  versionId = $state<string | null>(null);
  /** The view on screen; the Explore phase opens on the columns. */
  view = $state<ExploreView>('columns');
  /** Columns the user chose in the scatter plot and the target view ('' = the default). */
  chosen = $state({ x: '', y: '', color: '', feature: '' });

  /**
   * The scatter plot's axes and colour for the selected version: the user's, else the first
   * numbers — never a text column by default (defaultScatterAxes).
   */
  scatterAxes = $derived.by(() => {
    const defaults = defaultScatterAxes(this.open.data.selectedVersion?.schema ?? []);
    const x = this.chosen.x || defaults.x;
    const y = this.chosen.y || defaults.y || x;
    return { x, y, color: this.chosen.color };
  });
  /** First column of the correlation window shown (a wide table is correlated in windows). */
  correlationOffset = $state(0);

  /** The target (when it is a column of the selected version) and the feature shown against it. */
  targetView = $derived.by(() => {
    const version = this.open.data.selectedVersion;
    const framing = this.open.project?.framing;
    const target = framing && version?.schema.some((c) => c.name === framing.target) ? framing.target : null;
    const features = (version?.schema ?? []).filter((c) => c.name !== target);
    const feature = features.some((c) => c.name === this.chosen.feature)
      ? this.chosen.feature
      : (features[0]?.name ?? '');
    return { target, features, feature, targetIsCategory: framing?.task === 'classification' };
  });

  constructor(private readonly open: OpenProject) {
    const worker = () => open.services.dataWorker();
    this.correlation = new WorkerQuery('correlation', worker);
    this.missing = new WorkerQuery('missingMap', worker);
    this.scatter = new WorkerQuery('scatter', worker);
    this.byTarget = new WorkerQuery('featureByTarget', worker);
    this.rows = new WorkerQuery('rows', worker);
  }

  /** Shows another view; the columns chosen in the one left are forgotten. */
  show(view: ExploreView): void {
    this.view = view;
    this.chosen = { x: '', y: '', color: '', feature: '' };
  }

  /** Starts looking at `versionId`: what was computed for another version is forgotten. */
  use(versionId: string): void {
    if (this.versionId === versionId) return;
    this.reset();
    this.versionId = versionId;
  }

  /**
   * Computes what the view on screen shows for `versionId`. Reads (and so, in a reaction,
   * follows) the view, the chosen columns and the grid's page, order and filter.
   */
  load(versionId: string): void {
    switch (this.view) {
      case 'correlations': {
        const offset = this.correlationOffset;
        untrack(() => void this.correlation.run({ versionId, offset }));
        break;
      }
      case 'missing':
        untrack(() => void this.missing.run({ versionId, maxRows: 120 }));
        break;
      case 'scatter': {
        const { x, y, color } = this.scatterAxes;
        if (x && y) {
          untrack(
            () => void this.scatter.run({ versionId, x, y, maxPoints: 4000, ...(color ? { color } : {}) }),
          );
        }
        break;
      }
      case 'target': {
        const { target, feature, targetIsCategory } = this.targetView;
        if (feature && target) {
          untrack(() => void this.byTarget.run({ versionId, feature, target, targetIsCategory }));
        }
        break;
      }
      case 'rows': {
        const g = $state.snapshot(this.grid);
        const args: RowsArgs = {
          versionId,
          offset: g.offset,
          limit: g.limit,
          columns: { start: g.columnOffset, end: g.columnOffset + GRID_COLUMNS },
        };
        if (g.sort) args.sort = { ...g.sort };
        if (g.filter.trim()) args.filter = g.filter.trim();
        untrack(() => void this.rows.run(args));
        break;
      }
      case 'columns':
        break;
    }
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
    this.grid = { offset: 0, limit: PAGE_SIZES[0], sort: null, filter: '', columnOffset: 0 };
    this.chosen = { x: '', y: '', color: '', feature: '' };
    this.correlationOffset = 0;
  }
}
