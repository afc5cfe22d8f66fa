/**
 * The Deploy registry: stage changes behind the production gate, deletions, the audit log, and
 * model files in and out, for one open project (a field of OpenProject). Constructed with what it
 * needs: the project, the database, who is acting, and a callback that refreshes the model list.
 */
import { productionGate, type GateResult, type ModelStage } from '../core/lifecycle/registry';
import type { Kpi } from '../core/lifecycle/kpi';
import {
  changeModelStage,
  deleteModelVersion,
  listAudit,
  StageChangeRefused,
  type AuditEntry,
  type ModelVersionSummary,
  type WorkbenchDb,
} from '../store';
import { downloadBlob, safeFileName } from './download';
import type { ExportClient } from './services';

export interface RegistryDeps {
  projectId: string;
  db: () => Promise<WorkbenchDb>;
  who: () => string;
  /** Called after every change so the page's model list is read again. */
  onChanged: () => Promise<void>;
  /** Where the built app serves score.mjs (the standalone scorer). */
  scorerUrl: string;
  appVersion: string;
  /** Makes the worker that writes and reads model files and ONNX (on first use; see dispose). */
  createExportWorker: () => ExportClient;
}

function baseName(m: Pick<ModelVersionSummary, 'name' | 'version'>): string {
  return `${safeFileName(m.name)}-v${m.version}`;
}

/** A move the user asked for that needs a written reason before it can be made. */
export interface PendingMove {
  model: ModelVersionSummary;
  to: ModelStage;
  gate?: GateResult;
  message: string;
}

export class RegistryState {
  audit = $state.raw<AuditEntry[]>([]);
  error = $state('');
  /** Set when a move was refused for want of a reason: the promote dialog opens on it. */
  pending = $state.raw<PendingMove | null>(null);
  busy = $state(false);

  readonly #deps: RegistryDeps;
  #exportClient: ExportClient | undefined;

  constructor(deps: RegistryDeps) {
    this.#deps = deps;
  }

  /** The production gate's verdict for a model, as the dialog and the table show it. */
  gate(kpis: readonly Kpi[], model: ModelVersionSummary): GateResult {
    return productionGate(kpis, model.metrics);
  }

  async load(): Promise<void> {
    this.audit = await listAudit(await this.#deps.db(), this.#deps.projectId);
  }

  /**
   * Moves a model version. When the rules want a reason (a failing gate, production taken
   * down), nothing is written and `pending` asks for one; call again with it.
   */
  async move(model: ModelVersionSummary, to: ModelStage, reason?: string): Promise<boolean> {
    const projectId = this.#deps.projectId;
    return this.#run(async (db) => {
      try {
        await changeModelStage(db, projectId, model.id, to, { who: this.#deps.who(), reason });
        this.pending = null;
      } catch (e) {
        if (e instanceof StageChangeRefused && e.needsReason) {
          this.pending = { model, to, message: e.message };
          return false;
        }
        throw e;
      }
      return true;
    });
  }

  /** Downloads the model file (weights, recipe, schema, classes, threshold, metrics, lineage). */
  async exportModel(model: ModelVersionSummary, projectName: string): Promise<void> {
    await this.#busyWhile(async () => {
      // Written in the export worker: a large model's encoding would hold up the page.
      const blob = await this.#exporter.send('modelFile', { modelVersionId: model.id, project: projectName });
      downloadBlob(blob, `${baseName(model)}.lwbmodel.json`);
    });
  }

  /** Downloads the model and its recipe as ONNX, or says which recipe step has no ONNX form. */
  async exportOnnx(model: ModelVersionSummary): Promise<void> {
    await this.#busyWhile(async () => {
      const blob = await this.#exporter.send('onnx', {
        modelVersionId: model.id,
        appVersion: this.#deps.appVersion,
      });
      downloadBlob(blob, `${baseName(model)}.onnx`);
    });
  }

  get #exporter(): ExportClient {
    this.#exportClient ??= this.#deps.createExportWorker();
    return this.#exportClient;
  }

  /** Stops the export worker (the project was closed). */
  dispose(): void {
    this.#exportClient?.terminate();
    this.#exportClient = undefined;
  }

  /** Downloads score.mjs, the standalone scorer for exported model files. */
  async downloadScorer(): Promise<void> {
    this.error = '';
    try {
      const response = await fetch(this.#deps.scorerUrl);
      if (!response.ok)
        throw new Error(`The scorer could not be read (${response.status}). Reload the page and try again.`);
      downloadBlob(new Blob([await response.text()], { type: 'text/javascript' }), 'score.mjs');
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Adds an exported model file to the project as a new candidate version (never overwriting).
   * A changed, foreign or broken file is refused with the reason and nothing is stored.
   */
  async importModel(file: File): Promise<boolean> {
    const projectId = this.#deps.projectId;
    return this.#run(async () => {
      // Read, checked and stored in the export worker: parsing a large model holds up a page.
      await this.#exporter.send('importModelFile', {
        file,
        fileName: file.name,
        projectId,
        who: this.#deps.who(),
      });
      return true;
    });
  }

  async #busyWhile(fn: () => Promise<void>): Promise<void> {
    this.error = '';
    this.busy = true;
    try {
      await fn();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  cancelPending(): void {
    this.pending = null;
  }

  async remove(model: ModelVersionSummary): Promise<boolean> {
    return this.#run(async (db) => {
      await deleteModelVersion(db, model.id, { who: this.#deps.who() });
      return true;
    });
  }

  async #run(fn: (db: WorkbenchDb) => Promise<boolean>): Promise<boolean> {
    this.error = '';
    this.busy = true;
    try {
      const done = await fn(await this.#deps.db());
      if (done) await this.#deps.onChanged();
      await this.load();
      return done;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
