/**
 * The decision threshold of a binary model version: chosen in Evaluate, used by scoring and the
 * report. It is a deployment setting of the version (like its status), so it is set on the
 * stored summary; the weights and the metrics are untouched.
 */
import type { WorkbenchDb } from './db';
import { RecordNotFoundError } from './errors';
import type { ModelVersionSummary } from './records';

/** Sets (or, with null, clears) the threshold of binary model `modelId`. */
export async function setDecisionThreshold(
  db: WorkbenchDb,
  modelId: string,
  threshold: number | null,
): Promise<ModelVersionSummary> {
  if (threshold !== null && !(threshold >= 0 && threshold <= 1)) {
    throw new Error(`A decision threshold is a probability from 0 to 1; got ${threshold}.`);
  }
  return db.transaction('rw', db.models, async () => {
    const model = await db.models.get(modelId);
    if (!model) throw new RecordNotFoundError('model version', modelId);
    if (model.task !== 'classification' || model.classes.length !== 2) {
      throw new Error('Only a model with two classes has a decision threshold.');
    }
    const { threshold: _old, ...rest } = model;
    const updated: ModelVersionSummary = threshold === null ? rest : { ...rest, threshold };
    await db.models.put(updated);
    return updated;
  });
}
