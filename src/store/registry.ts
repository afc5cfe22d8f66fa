/**
 * Registry changes with their audit entries: a stage change, a deletion and an import each write
 * the model record(s) and the audit line in one transaction. The rules (which moves are allowed,
 * the production gate) are core's (`core/lifecycle/registry`); here they are applied to the
 * records as stored at the moment of the change, not as the page last saw them.
 */
import {
  decideStageChange,
  productionGate,
  type GateResult,
  type ModelStage,
} from '../core/lifecycle/registry';
import { appendAudit, type AuditActor } from './audit';
import type { WorkbenchDb } from './db';
import { RecordNotFoundError, StorageFullError, isQuotaError } from './errors';
import { newId } from './ids';
import type { AuditEntry, ModelVersion, ModelVersionSummary } from './records';

/** A registry change the rules refused; nothing was written. `needsReason` asks for a reason. */
export class StageChangeRefused extends Error {
  override readonly name = 'StageChangeRefused';
  constructor(
    message: string,
    readonly needsReason: boolean,
  ) {
    super(message);
  }
}

function label(m: Pick<ModelVersionSummary, 'name' | 'version'>): string {
  return `${m.name} v${m.version}`;
}

export interface StageChangeResult {
  changed: ModelVersionSummary;
  /** The previous production model, archived by this promotion. */
  archived: ModelVersionSummary[];
  gate?: GateResult;
  entries: AuditEntry[];
}

/**
 * Moves a model version to `to`. A move to production is judged by the production gate against
 * the project's KPIs as stored now; a failing gate needs `actor.reason`. Promoting archives the
 * project's previous production model (with its own audit entry), so there is never a moment
 * with two. Throws StageChangeRefused (nothing written) when the rules say no.
 */
export async function changeModelStage(
  db: WorkbenchDb,
  projectId: string,
  modelId: string,
  to: ModelStage,
  actor: AuditActor,
): Promise<StageChangeResult> {
  return db.transaction('rw', [db.projects, db.models, db.auditLog], async () => {
    const project = await db.projects.get(projectId);
    if (!project) throw new RecordNotFoundError('project', projectId);
    const target = await db.models.get(modelId);
    if (!target || target.projectId !== projectId) throw new RecordNotFoundError('model version', modelId);
    const gate = to === 'production' ? productionGate(project.goal.kpis, target.metrics) : undefined;
    const decision = decideStageChange({ from: target.status, to, reason: actor.reason }, gate);
    if (!decision.ok) throw new StageChangeRefused(decision.message ?? 'Refused.', decision.needsReason);
    const at = Date.now();
    const entries: AuditEntry[] = [];
    const archived: ModelVersionSummary[] = [];
    if (to === 'production') {
      const current = await db.models.where('[projectId+status]').equals([projectId, 'production']).toArray();
      for (const m of current) {
        const down: ModelVersionSummary = { ...m, status: 'archived' };
        await db.models.put(down);
        archived.push(down);
        entries.push(
          await appendAudit(db, {
            projectId,
            modelId: m.id,
            modelLabel: label(m),
            at,
            who: actor.who,
            action: 'demote',
            from: 'production',
            to: 'archived',
            reason: `Replaced in production by ${label(target)}.`,
          }),
        );
      }
    }
    const changed: ModelVersionSummary = { ...target, status: to };
    await db.models.put(changed);
    entries.push(
      await appendAudit(db, {
        projectId,
        modelId,
        modelLabel: label(target),
        at,
        who: actor.who,
        action: decision.action,
        from: target.status,
        to,
        reason: actor.reason,
        ...(gate ? { gate: gate.verdict } : {}),
      }),
    );
    return { changed, archived, gate, entries };
  });
}

/**
 * Deletes a model version and its weights, with an audit entry. Refuses the production model
 * (promote another, or archive it, first). Runs that produced it keep a dangling modelVersionId.
 */
export async function deleteModelVersion(db: WorkbenchDb, modelId: string, actor: AuditActor): Promise<void> {
  await db.transaction('rw', [db.models, db.modelArtifacts, db.auditLog, db.referenceProfiles], async () => {
    const found = await db.models.get(modelId);
    if (!found) throw new RecordNotFoundError('model version', modelId);
    if (found.status === 'production') {
      throw new StageChangeRefused(
        `"${label(found)}" is the production model and cannot be deleted. Promote another model version to production first.`,
        false,
      );
    }
    await db.modelArtifacts.delete(modelId);
    // Its monitoring reference goes with it; scored batches stay (they name the model version).
    await db.referenceProfiles.delete(modelId);
    await db.models.delete(modelId);
    await appendAudit(db, {
      projectId: found.projectId,
      modelId,
      modelLabel: label(found),
      at: Date.now(),
      who: actor.who,
      action: 'delete',
      from: found.status,
      to: null,
      reason: actor.reason,
    });
  });
}

/** An imported model version as the file describes it; the store gives it an id, number and stage. */
export type ImportedModelVersion = Omit<
  ModelVersion,
  'id' | 'version' | 'createdAt' | 'status' | 'projectId'
>;

/**
 * Adds an imported model version to `projectId` as a new candidate: never overwriting, it takes
 * the next version number of its name in this project. The dataset it was trained on need not be
 * here (its hash is kept as lineage). Weights, summary and audit entry are one transaction.
 */
export async function importModelVersion(
  db: WorkbenchDb,
  projectId: string,
  input: ImportedModelVersion,
  actor: AuditActor,
): Promise<ModelVersion> {
  const { model, ...rest } = input;
  const summary: ModelVersionSummary = {
    ...rest,
    projectId,
    id: newId(),
    version: 0,
    createdAt: Date.now(),
    status: 'candidate',
  };
  try {
    await db.transaction('rw', [db.projects, db.models, db.modelArtifacts, db.auditLog], async () => {
      if (!(await db.projects.get(projectId))) throw new RecordNotFoundError('project', projectId);
      const last = await db.models
        .where('[projectId+name+version]')
        .between([projectId, input.name, 0], [projectId, input.name, Infinity], true, true)
        .last();
      summary.version = (last?.version ?? 0) + 1;
      await db.models.add(summary);
      await db.modelArtifacts.add({ modelId: summary.id, projectId, model });
      await appendAudit(db, {
        projectId,
        modelId: summary.id,
        modelLabel: label(summary),
        at: summary.createdAt,
        who: actor.who,
        action: 'import',
        from: null,
        to: 'candidate',
        reason: actor.reason,
      });
    });
  } catch (e) {
    if (isQuotaError(e)) {
      throw new StorageFullError(model.weights?.byteLength ?? 0, `model "${input.name}"`, undefined, {
        cause: e,
      });
    }
    throw e;
  }
  return { ...summary, model };
}
