/**
 * The model registry: model versions (summary and weights saved together) and the project's
 * production model. Stage changes, deletions and imports are in registry.ts (each with its
 * audit entry).
 */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError, StorageFullError, isQuotaError } from './errors';
import { byCreation, newId } from './ids';
import type { ModelVersion, ModelVersionSummary } from './records';
import type { ReferenceProfile } from '../core/monitoring/profile';

/** What the trainer hands over; the store numbers the version and starts it as a candidate. */
export type NewModelVersion = Omit<ModelVersion, 'id' | 'version' | 'createdAt' | 'status'> & {
  /** The monitoring reference profile, stored in its own table in the same transaction. */
  reference?: ReferenceProfile;
};

/**
 * Registers a trained model as the next version of `name` in its project (1, 2, 3…), as a
 * candidate. The summary and the weights are written in one transaction. Refuses when the
 * dataset version it was trained on is gone or has another hash: the model must stay traceable.
 */
export async function saveModelVersion(db: WorkbenchDb, input: NewModelVersion): Promise<ModelVersion> {
  if (!input.name.trim()) throw new Error('The model needs a name. Type one and save again.');
  if (input.model.formatVersion !== 1) {
    throw new Error(
      `This model is in format version ${String(input.model.formatVersion)}, which this workbench cannot store.`,
    );
  }
  const { model, reference, ...rest } = input;
  const summary: ModelVersionSummary = {
    ...rest,
    id: newId(),
    version: 0,
    createdAt: Date.now(),
    status: 'candidate',
  };
  const bytes = (model.weights?.byteLength ?? 0) + JSON.stringify(model.json ?? null).length * 2;
  try {
    const tables = [db.projects, db.datasetVersions, db.models, db.modelArtifacts, db.referenceProfiles];
    await db.transaction('rw', tables, async () => {
      if (!(await db.projects.get(input.projectId)))
        throw new RecordNotFoundError('project', input.projectId);
      const data = await db.datasetVersions.get(input.datasetVersionId);
      if (!data) {
        throw new RecordNotFoundError(
          'dataset version',
          input.datasetVersionId,
          'The model was trained on it, so it cannot be registered without it; train again on a stored version.',
        );
      }
      if (data.hash !== input.datasetHash) {
        throw new Error(
          `Model "${input.name}" says it was trained on data with hash ${input.datasetHash}, but the stored version has ${data.hash}. Train again.`,
        );
      }
      const last = await db.models
        .where('[projectId+name+version]')
        .between([input.projectId, input.name, 0], [input.projectId, input.name, Infinity], true, true)
        .last();
      summary.version = (last?.version ?? 0) + 1;
      await db.models.add(summary);
      await db.modelArtifacts.add({ modelId: summary.id, projectId: summary.projectId, model });
      // The monitoring reference is written with the model: a model version never lacks the
      // profile it was trained with because a second write failed.
      if (reference) {
        await db.referenceProfiles.add({
          modelId: summary.id,
          projectId: summary.projectId,
          createdAt: summary.createdAt,
          profile: reference,
        });
      }
    });
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(bytes, `model "${input.name}"`, undefined, { cause: e });
    throw e;
  }
  return { ...summary, model };
}

/** The model version with its weights, or undefined. */
export async function getModelVersion(db: WorkbenchDb, id: string): Promise<ModelVersion | undefined> {
  return db.transaction('r', [db.models, db.modelArtifacts], async () => {
    const summary = await db.models.get(id);
    if (!summary) return undefined;
    const artifact = await db.modelArtifacts.get(id);
    if (!artifact)
      throw new RecordNotFoundError('weights of model version', `${summary.name} v${summary.version}`);
    return { ...summary, model: artifact.model };
  });
}

/** The project's model versions without weights, oldest first. */
export async function listModelVersions(db: WorkbenchDb, projectId: string): Promise<ModelVersionSummary[]> {
  const all = await db.models.where('projectId').equals(projectId).toArray();
  return all.sort(byCreation);
}
