/**
 * The Deploy registry: stage changes behind the production gate, deletions, the audit log, and
 * model files in and out. Constructed with what it needs (the database, who is acting, and a
 * callback that refreshes the model list the rest of the page shows).
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

export interface RegistryDeps {
  db: () => Promise<WorkbenchDb>;
  who: () => string;
  /** Called after every change so the page's model list is read again. */
  onChanged: (projectId: string) => Promise<void>;
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

  constructor(deps: RegistryDeps) {
    this.#deps = deps;
  }

  /** The production gate's verdict for a model, as the dialog and the table show it. */
  gate(kpis: readonly Kpi[], model: ModelVersionSummary): GateResult {
    return productionGate(kpis, model.metrics);
  }

  async load(projectId: string): Promise<void> {
    this.audit = await listAudit(await this.#deps.db(), projectId);
  }

  /**
   * Moves a model version. When the rules want a reason (a failing gate, production taken
   * down), nothing is written and `pending` asks for one; call again with it.
   */
  async move(
    projectId: string,
    model: ModelVersionSummary,
    to: ModelStage,
    reason?: string,
  ): Promise<boolean> {
    return this.#run(projectId, async (db) => {
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

  cancelPending(): void {
    this.pending = null;
  }

  async remove(projectId: string, model: ModelVersionSummary): Promise<boolean> {
    return this.#run(projectId, async (db) => {
      await deleteModelVersion(db, model.id, { who: this.#deps.who() });
      return true;
    });
  }

  async #run(projectId: string, fn: (db: WorkbenchDb) => Promise<boolean>): Promise<boolean> {
    this.error = '';
    this.busy = true;
    try {
      const done = await fn(await this.#deps.db());
      if (done) await this.#deps.onChanged(projectId);
      await this.load(projectId);
      return done;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
