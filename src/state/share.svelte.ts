/**
 * Sharing and storage: exporting the open project to one archive file, importing one (preview
 * first, then the user's confirmation and choice when the project is already here), what each
 * project holds against the browser's quota, persistent storage, and deleting a project. The
 * archive work runs in a share worker; the page only hands over Blobs and shows progress.
 */
import type { ShareScope } from '../core/share/format';
import type { ImportChoice, ImportPreview, ImportResult, ProjectUsage } from '../core/share/types';
import type { ShareEvents, ShareRequests } from '../protocol/share';
import {
  deleteProjectEverywhere,
  estimateBrowserStorage,
  listModelVersions,
  requestPersistentStorage,
  type ModelVersionSummary,
  type StorageEstimateLike,
  type WorkbenchDb,
} from '../store';
import { browserId } from './browserId';
import { downloadBlob, safeFileName } from './download';
import { toShownError, type ShownError } from './errors';
import { APP } from './report';
import type { Workbench } from './workbench.svelte';
import type { WorkerClient } from './workerClient';

export type ShareTask = 'export' | 'preview' | 'import' | 'usage' | 'delete';

export interface ShareDeps {
  db: () => Promise<WorkbenchDb>;
  createWorker: () => WorkerClient<ShareRequests, ShareEvents>;
  appVersion: string;
  /** Re-reads the project list, opening `selectId` when given (after an import or a delete). */
  reloadProjects: (selectId?: string) => Promise<void>;
  download: (blob: Blob, fileName: string) => void;
  fileName: (projectName: string) => string;
  /** This browser's id, for the audit entries of an import. */
  who: () => string;
}

export type ShareTab = 'export' | 'import' | 'storage';

/** Sharing for the page: archives go through the share worker; `afterReload` runs once the project list is read again. */
export function pageShareState(workbench: Workbench, afterReload?: () => Promise<void>): ShareState {
  return new ShareState({
    db: () => workbench.services.db(),
    createWorker: () => workbench.services.createShareWorker(),
    appVersion: APP.version,
    reloadProjects: async (id) => {
      await workbench.reloadProjects(id);
      await afterReload?.();
    },
    download: downloadBlob,
    fileName: safeFileName,
    who: () => browserId(workbench.services.storage),
  });
}

export class ShareState {
  tab = $state<ShareTab>('export');
  busy = $state<ShareTask | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  error = $state.raw<ShownError | null>(null);
  /** The project's model versions, for "only what one model needs". */
  models = $state.raw<ModelVersionSummary[]>([]);
  exported = $state.raw<{ fileName: string; bytes: number; unpackedBytes: number } | null>(null);
  preview = $state.raw<ImportPreview | null>(null);
  previewFile = $state.raw<{ name: string; size: number } | null>(null);
  imported = $state.raw<ImportResult | null>(null);
  usage = $state.raw<ProjectUsage[] | null>(null);
  estimate = $state.raw<StorageEstimateLike | undefined>(undefined);
  persisted = $state<boolean | null>(null);

  readonly #deps: ShareDeps;
  #worker: WorkerClient<ShareRequests, ShareEvents> | undefined;
  #file: File | null = null;

  constructor(deps: ShareDeps) {
    this.#deps = deps;
  }

  get #client(): WorkerClient<ShareRequests, ShareEvents> {
    this.#worker ??= this.#deps.createWorker();
    return this.#worker;
  }

  /** Shows `tab` and reads what it needs (the open project's models, or the storage use). */
  async openTab(tab: ShareTab, projectId: string | null): Promise<void> {
    this.tab = tab;
    this.error = null;
    if (tab === 'export' && projectId) await this.loadModels(projectId);
    if (tab === 'storage') await this.loadUsage();
  }

  async loadModels(projectId: string): Promise<void> {
    try {
      this.models = await listModelVersions(await this.#deps.db(), projectId);
    } catch (err) {
      this.error = toShownError(err);
    }
  }

  /** Writes the project (as `scope` selects) to an archive and downloads it. */
  async exportProject(projectId: string, projectName: string, scope: ShareScope): Promise<void> {
    await this.#run('export', async () => {
      this.exported = null;
      const result = await this.#client.send(
        'exportProject',
        { projectId, scope, appVersion: this.#deps.appVersion },
        { onEvent: (_name, p) => (this.progress = { done: p.done, total: p.total }) },
      );
      const suffix = scope.kind === 'project' ? '' : scope.kind === 'model' ? '-model' : '-without-data';
      const fileName = `${this.#deps.fileName(projectName)}${suffix}.lwb.zip`;
      this.#deps.download(result.archive, fileName);
      this.exported = { fileName, bytes: result.archive.size, unpackedBytes: result.unpackedBytes };
    });
  }

  /** Reads the picked file's manifest (nothing is written) and shows what it would add. */
  async pickArchive(file: File): Promise<void> {
    this.preview = null;
    this.imported = null;
    this.#file = file;
    this.previewFile = { name: file.name, size: file.size };
    await this.#run('preview', async () => {
      this.preview = await this.#client.send('previewImport', { file });
    });
  }

  cancelImport(): void {
    this.preview = null;
    this.previewFile = null;
    this.#file = null;
    this.error = null;
  }

  /** Imports the previewed file: all of it in one transaction, or nothing. */
  async confirmImport(choice: ImportChoice): Promise<void> {
    const file = this.#file;
    if (!file || !this.preview) return;
    await this.#run('import', async () => {
      const result = await this.#client.send(
        'importProject',
        { file, fileName: file.name, choice, who: this.#deps.who() },
        { onEvent: (_name, p) => (this.progress = { done: p.done, total: p.total }) },
      );
      this.imported = result;
      this.preview = null;
      this.#file = null;
      if (result.status !== 'skipped') await this.#deps.reloadProjects(result.projectId);
    });
  }

  /** Bytes per project (from the records) and the browser's usage and quota. */
  async loadUsage(): Promise<void> {
    await this.#run('usage', async () => {
      const [usage, estimate, persisted] = await Promise.all([
        this.#client.send('projectUsage', {}),
        estimateBrowserStorage(),
        navigator.storage?.persisted?.().catch(() => false) ?? Promise.resolve(false),
      ]);
      this.usage = usage;
      this.estimate = estimate;
      this.persisted = persisted;
    });
  }

  async askPersistence(): Promise<void> {
    this.persisted = await requestPersistentStorage();
  }

  /** Deletes the project and all its records (the UI asks for confirmation first). */
  async deleteProject(projectId: string): Promise<void> {
    await this.#run('delete', async () => {
      await deleteProjectEverywhere(await this.#deps.db(), projectId);
      await this.#deps.reloadProjects();
    });
    if (!this.error) await this.loadUsage();
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  async #run(task: ShareTask, work: () => Promise<void>): Promise<void> {
    this.busy = task;
    this.error = null;
    this.progress = null;
    try {
      await work();
    } catch (err) {
      this.error = toShownError(err);
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }
}
