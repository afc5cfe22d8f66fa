import type {
  DataEvents,
  DataRequests,
  IngestProgressEvent,
  IngestSummary,
  PreviewResult,
  TargetInfo,
} from '../protocol/data';
import type { Task } from '../core/ml/types';
import type { TableProfile } from '../core/table/profile';
import { listDatasets, listProjectVersions, type Dataset, type DatasetVersion } from '../store';
import { pageDb } from './db';
import { toShownError, type ShownError } from './errors';
import { isAbortError, type WorkerClient } from './workerClient';
import { createDataWorker } from './workers';

export const SAMPLES = [
  { id: 'penguins', label: 'Palmer penguins (species classification)' },
  { id: 'cars', label: 'Cars (miles per gallon regression)' },
  { id: 'seattle-weather', label: 'Seattle weather (classification over time)' },
] as const;

/** A file waiting for the user's decision after malformed rows were found. */
interface PendingFile {
  file: Blob;
  fileName: string;
  projectId: string;
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

  selectedVersion = $derived(this.versions.find((v) => v.id === this.selectedVersionId) ?? null);

  #client: WorkerClient<DataRequests, DataEvents> | undefined;
  #abort: AbortController | undefined;

  get #worker(): WorkerClient<DataRequests, DataEvents> {
    this.#client ??= createDataWorker();
    return this.#client;
  }

  datasetName(datasetId: string): string {
    return this.datasets.find((d) => d.id === datasetId)?.name ?? '';
  }

  async refresh(projectId: string | null): Promise<void> {
    if (!projectId) {
      this.datasets = [];
      this.versions = [];
      this.selectedVersionId = null;
      return;
    }
    const db = await pageDb();
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
  async ingest(
    projectId: string,
    file: Blob,
    fileName: string,
    malformed: 'stop' | 'skip' = 'stop',
  ): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.ingesting = true;
    this.error = null;
    this.pending = null;
    this.lastIngest = null;
    this.progress = { bytesRead: 0, totalBytes: file.size, rows: 0, rowsPerSecond: 0, stage: 'reading' };
    try {
      const summary = await this.#worker.send(
        'ingest',
        { file, fileName, projectId, datasetName: fileName.replace(/\.(csv|tsv|txt)$/i, ''), malformed },
        { signal: abort.signal, onEvent: (_name, data) => (this.progress = data) },
      );
      this.lastIngest = summary;
      await this.refresh(projectId);
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
        if (this.error.details.length) this.pending = { file, fileName, projectId };
      }
    } finally {
      if (this.#abort === abort) {
        this.ingesting = false;
        this.progress = null;
      }
    }
  }

  /** Loads the malformed file again, leaving out the rows that could not be read. */
  async skipMalformed(): Promise<void> {
    const p = this.pending;
    if (p) await this.ingest(p.projectId, p.file, p.fileName, 'skip');
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async loadSample(projectId: string, sample: string): Promise<void> {
    const response = await fetch(`${import.meta.env.BASE_URL}samples/${sample}.csv`);
    if (!response.ok) {
      this.error = {
        message: `The sample "${sample}" could not be read (${response.status}).`,
        details: [],
        more: 0,
      };
      return;
    }
    await this.ingest(projectId, await response.blob(), `${sample}.csv`);
  }

  async loadProfile(versionId: string): Promise<void> {
    if (this.profileFor === versionId && this.profile) return;
    this.profileFor = versionId;
    this.profile = null;
    this.profileError = null;
    try {
      const profile = await this.#worker.send('profile', { versionId });
      if (this.profileFor === versionId) this.profile = profile;
    } catch (err) {
      if (this.profileFor === versionId) this.profileError = toShownError(err);
    }
  }

  targetInfo(versionId: string, target: string, task?: Task): Promise<TargetInfo> {
    return this.#worker.send('targetInfo', { versionId, target, ...(task ? { task } : {}) });
  }

  preview(versionId: string, offset: number, limit: number): Promise<PreviewResult> {
    return this.#worker.send('preview', { versionId, offset, limit });
  }
}

export const data = new DataState();
