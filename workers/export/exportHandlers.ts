// Model files off the page's thread: a stored model version read from the database, written as
// a model file or as ONNX and returned as a Blob; a model file read back in (importModel.ts).
import type { Handlers } from '../../src/protocol/rpc';
import type { ExportEvents, ExportRequests } from '../../src/protocol/export';
import { writeModelFile, type ExportableModel } from '../../src/core/deploy/modelFile';
import { getModelVersion } from '../../src/store';
import { workerDb } from '../workerDb';
import { importModelFile } from './importModel';

async function exportable(modelVersionId: string, dbName?: string): Promise<ExportableModel> {
  const full = await getModelVersion(await workerDb(dbName), modelVersionId);
  if (!full) throw new Error('This model version is no longer stored.');
  // An imported model keeps the lineage of the project it was trained in.
  return full.origin
    ? { ...full, runId: full.origin.sourceRunId, recipeVersionId: full.origin.sourceRecipeVersionId }
    : full;
}

export const exportHandlers: Handlers<ExportRequests, ExportEvents> = {
  async modelFile(args) {
    const text = await writeModelFile(await exportable(args.modelVersionId, args.dbName), args.project);
    return new Blob([text], { type: 'application/json' });
  },
  async onnx(args) {
    const m = await exportable(args.modelVersionId, args.dbName);
    // The ONNX writer and graph code load only when someone exports ONNX.
    const { exportOnnx } = await import('../../src/core/deploy/onnx/export');
    return new Blob([exportOnnx(m, args.appVersion)], { type: 'application/octet-stream' });
  },
  importModelFile,
};
