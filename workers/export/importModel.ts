// A model file read back into a project, in the export worker: parsing and checking the seal of
// a large model (JSON of every tree, SHA-256 of the weights) takes longer than a frame.
import { readModelFile, type ReadModelFile } from '../../src/core/deploy/modelFile';
import { importModelVersion, type ImportedModelVersion } from '../../src/store';
import type { ExportRequests } from '../../src/protocol/export';
import { workerDb } from '../workerDb';

/** An imported model file as a new model version of this project (lineage kept in `origin`). */
function fromFile({ file, serialized }: ReadModelFile, fileName: string): ImportedModelVersion {
  const m = file.model;
  return {
    name: m.name,
    datasetVersionId: file.lineage.datasetVersionId,
    datasetHash: file.lineage.datasetHash,
    target: m.target,
    task: m.task,
    classes: m.classes,
    spec: m.spec,
    fittedRecipe: file.recipe,
    metrics: m.metrics,
    ...(typeof m.threshold === 'number' ? { threshold: m.threshold } : {}),
    backend: 'imported',
    backendReason: `Imported from ${fileName}; trained elsewhere.`,
    durationMs: 0,
    history: [],
    model: serialized,
    origin: {
      kind: 'import',
      fileName,
      exportedAt: file.exportedAt,
      sourceModelId: m.id,
      sourceProject: file.project,
      ...(file.lineage.runId ? { sourceRunId: file.lineage.runId } : {}),
      ...(file.lineage.recipeVersionId ? { sourceRecipeVersionId: file.lineage.recipeVersionId } : {}),
    },
  };
}

export async function importModelFile(
  args: ExportRequests['importModelFile']['args'],
): Promise<ExportRequests['importModelFile']['result']> {
  const read = await readModelFile(await args.file.text());
  const saved = await importModelVersion(
    await workerDb(args.dbName),
    args.projectId,
    fromFile(read, args.fileName),
    {
      who: args.who,
    },
  );
  return { modelVersionId: saved.id };
}
