import type { IngestProgressEvent, IngestSummary, TargetInfo, WorkProgressEvent } from '../protocol/data';
import type { Task } from '../core/ml/types';
import type { ColumnProfile, TableProfile } from '../core/table/profile';
import type { LineageModel, LineageVersion } from '../core/prep';
import {
  deleteDatasetVersion,
  listDatasets,
  listProjectVersions,
  type Dataset,
  type DatasetVersion,
  type ModelVersionSummary,
} from '../store';
import { toShownError, type ShownError } from './errors';
import type { OpenProject } from './openProject.svelte';
import { isAbortError } from './workerClient';

export const SAMPLES = [
  { id: 'penguins', label: 'Palmer penguins (species classification)' },
  { id: 'cars', label: 'Cars (miles per gallon regression)' },
  { id: 'seattle-weather', label: 'Seattle weather (classification over time)' },
  { id: 'weather-drift-train', label: 'Seattle weather 2012 (monitoring demo: later batches in Monitor)' },
] as const;

/** "penguins v2": how a version is named everywhere in the page. */
export function versionLabel(datasetName: string, version: DatasetVersion): string {
  return `${datasetName} v${version.version}`;
}

/**
 * Files from this size on are profiled in a worker of their own while they are stored; below it
 * starting that worker costs more than profiling after the store (a few ms).
 */
const PROFILE_ASIDE_BYTES = 1 << 20;

/** A file waiting for the user's decision after malformed rows were found. */
interface PendingFile {
  file: Blob;
  fileName: string;
}

/**
 * Datasets of the open project and the data worker that ingests and profiles them. The tables
 * themselves stay in the worker and IndexedDB; the page holds summaries.
 */
export class DataState {
  datasets = $state.raw<Dataset[]>([]);
  versions = $state.raw<DatasetVersion[]>([]);
  selectedVersionId = $state<string | null>(null);

  ingesting = $state(false);
  progress = $state.raw<IngestProgressEvent | null>(null);
  lastIngest = $state.raw<IngestSummary | null>(null);
  error = $state.raw<ShownError | null>(null);
  /** Set when the last file had malformed rows: the user may load it without them. */
  pending = $state.raw<PendingFile | null>(null);

  profile = $state.raw<TableProfile | null>(null);
  profileFor = $state<string | null>(null);
  profileError = $state.raw<ShownError | null>(null);
  profileProgress = $state.raw<WorkProgressEvent | null>(null);

  /** The version waiting for the user to confirm its deletion. */
  confirmingDelete = $state<string | null>(null);
  deleting = $state(false);
  deleteError = $state.raw<ShownError | null>(null);
  deleted = $state('');

  selectedVersion = $derived(this.versions.find((v) => v.id === this.selectedVersionId) ?? null);

  #abort: AbortController | undefined;
  #profileAbort: AbortController | undefined;
  #profiling: Promise<void> | undefined;

  constructor(private readonly open: OpenProject) {}

  // The page's shared data worker (services.dataWorker): it keeps the table it last read.
  get #worker() {
    return this.open.services.dataWorker();
  }

  datasetName(datasetId: string): string {
    return this.datasets.find((d) => d.id === datasetId)?.name ?? '';
  }

  /** "penguins v2" for a version id; the id itself when the version is gone. */
  labelOf(versionId: string): string {
    const v = this.versions.find((x) => x.id === versionId);
    return v ? versionLabel(this.datasetName(v.datasetId), v) : versionId;
  }

  selectVersion(id: string): void {
    if (this.versions.some((v) => v.id === id)) this.selectedVersionId = id;
  }

  /** The project's versions and the models trained on them, as lineageGraph takes them. */
  lineageInput(models: readonly ModelVersionSummary[]): {
    versions: LineageVersion[];
    models: LineageModel[];
  } {
    const versions = this.versions.map((v) => ({
      id: v.id,
      datasetId: v.datasetId,
      label: this.labelOf(v.id),
      parents: v.parents,
      operation:
        v.operation.kind === 'ingest'
          ? { kind: 'ingest', fileName: v.operation.fileName, summary: 'loaded' }
          : v.operation.kind === 'prep'
            ? { kind: 'prep', summary: v.operation.summary }
            : { kind: v.operation.kind, summary: `imported from ${v.operation.from}` },
    }));
    return {
      versions,
      models: models.map((m) => ({
        id: m.id,
        label: `${m.name} v${m.version}`,
        datasetVersionId: m.datasetVersionId,
      })),
    };
  }

  /**
   * Deletes a version the user confirmed. The store refuses (DatasetInUseError, naming the
   * models) when a model was trained on it; that message is shown as it is.
   */
  async deleteVersion(versionId: string): Promise<void> {
    const label = this.labelOf(versionId);
    this.deleting = true;
    this.deleteError = null;
    this.deleted = '';
    try {
      await deleteDatasetVersion(await this.open.services.db(), versionId);
      this.deleted = `${label} was deleted.`;
      this.confirmingDelete = null;
      await this.refresh();
    } catch (err) {
      this.deleteError = toShownError(err);
      this.confirmingDelete = null;
    } finally {
      this.deleting = false;
    }
  }

  /** Rereads the project's datasets and versions; the selection stays unless its version is gone. */
  async refresh(): Promise<void> {
    const projectId = this.open.id;
    const db = await this.open.services.db();
    const [datasets, versions] = await Promise.all([
      listDatasets(db, projectId),
      listProjectVersions(db, projectId),
    ]);
    this.datasets = datasets;
    this.versions = versions;
    if (!versions.some((v) => v.id === this.selectedVersionId)) {
      this.selectedVersionId = versions.at(-1)?.id ?? null;
    }
  }

  /** Parses `file` in the worker and stores it as a new dataset version (or finds its twin). */
  async ingest(file: Blob, fileName: string, malformed: 'stop' | 'skip' = 'stop'): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.ingesting = true;
    this.error = null;
    this.pending = null;
    this.lastIngest = null;
    this.progress = { bytesRead: 0, totalBytes: file.size, rows: 0, rowsPerSecond: 0, stage: 'reading' };
    if (file.size >= PROFILE_ASIDE_BYTES) this.#profileAside();
    try {
      const summary = await this.#worker.send(
        'ingest',
        {
          file,
          fileName,
          projectId: this.open.id,
          datasetName: fileName.replace(/\.(csv|tsv|txt)$/i, ''),
          malformed,
        },
        {
          signal: abort.signal,
          onEvent: (name, event) => {
            if (name === 'progress') this.progress = event as IngestProgressEvent;
          },
        },
      );
      this.lastIngest = summary;
      await this.refresh();
      this.selectedVersionId = summary.versionId;
    } catch (err) {
      if (isAbortError(err)) {
        this.error = {
          message: `Loading "${fileName}" was cancelled. Nothing was stored.`,
          details: [],
          more: 0,
        };
      } else {
        this.error = toShownError(err);
        if (this.error.details.length) this.pending = { file, fileName };
      }
    } finally {
      if (this.#abort === abort) {
        this.ingesting = false;
        this.progress = null;
      }
    }
  }

  /**
   * Gives the data worker a profile worker for the file it parses next: the profile is then
   * computed on another core while the table is hashed and stored, and Explore opens on it.
   */
  #profileAside(): void {
    const ignore = () => undefined; // a data worker that failed reports it on the ingest itself
    const port = this.open.services.createProfiler(() => {
      this.#worker.send('useProfiler', { port: null }).catch(ignore);
    });
    this.#worker.send('useProfiler', { port }, { transfer: [port] }).catch(ignore);
  }

  /** Loads the malformed file again, leaving out the rows that could not be read. */
  async skipMalformed(): Promise<void> {
    const p = this.pending;
    if (p) await this.ingest(p.file, p.fileName, 'skip');
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async loadSample(sample: string): Promise<void> {
    const response = await this.open.services.fetchSample(sample);
    if (!response.ok) {
      this.error = {
        message: `The sample "${sample}" could not be read (${response.status}).`,
        details: [],
        more: 0,
      };
      return;
    }
    await this.ingest(await response.blob(), `${sample}.csv`);
  }

  /**
   * Profiles a version in the worker (with progress; the latest request wins). Asking again for
   * the version being profiled waits for that same request.
   */
  loadProfile(versionId: string): Promise<void> {
    if (this.profileFor === versionId && (this.profile || this.#profiling)) {
      return this.#profiling ?? Promise.resolve();
    }
    this.#profileAbort?.abort();
    const abort = (this.#profileAbort = new AbortController());
    this.profileFor = versionId;
    this.profile = null;
    this.profileError = null;
    this.profileProgress = { stage: 'Starting', fraction: null };
    // The columns arrive in parts (one message of 3,000 column profiles was a long task).
    const columns: ColumnProfile[] = [];
    const run = this.#worker
      .send(
        'profile',
        { versionId, inParts: true },
        {
          signal: abort.signal,
          onEvent: (name, event) => {
            if (name === 'profileColumns') columns.push(...(event as ColumnProfile[]));
            else if (name === 'work' && this.#profileAbort === abort) {
              this.profileProgress = event as WorkProgressEvent;
            }
          },
        },
      )
      .then(
        (profile) => {
          if (this.#profileAbort === abort) this.profile = { ...profile, columns };
        },
        (err: unknown) => {
          if (this.#profileAbort !== abort) return;
          this.profileError = isAbortError(err)
            ? {
                message: 'Profiling was cancelled. Choose "Profile again" to start over.',
                details: [],
                more: 0,
              }
            : toShownError(err);
        },
      )
      .finally(() => {
        if (this.#profileAbort === abort) {
          this.#profileAbort = undefined;
          this.#profiling = undefined;
          this.profileProgress = null;
        }
      });
    this.#profiling = run;
    return run;
  }

  cancelProfile(): void {
    this.#profileAbort?.abort();
  }

  /** Forgets a failed or cancelled profile of the selected version and asks for it again. */
  retryProfile(): void {
    const id = this.selectedVersionId;
    if (!id) return;
    this.profileFor = null;
    void this.loadProfile(id);
  }

  targetInfo(versionId: string, target: string, task?: Task): Promise<TargetInfo> {
    return this.#worker.send('targetInfo', { versionId, target, ...(task ? { task } : {}) });
  }
}
