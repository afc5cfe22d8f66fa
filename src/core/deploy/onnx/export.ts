/**
 * ONNX export of a model version: its fitted recipe and model as one graph (default domain opset
 * 13, IR version 8, ai.onnx.ml opset 3), so it runs in ONNX Runtime wherever a team scores.
 */
import type { ExportableModel } from '../modelFile';
import { GraphBuilder, ML_DOMAIN } from './graph';
import { modelToOnnx } from './model';
import { encodeModel } from './proto';
import { recipeToOnnx } from './recipe';

export { OnnxUnsupportedError } from './recipe';

/**
 * The ONNX file's bytes. Throws OnnxUnsupportedError naming the recipe step that has no ONNX
 * form here. Inputs: one [N, 1] tensor per input column the recipe reads (float for numbers,
 * booleans and dates; string for text, "" when missing). Outputs: see model.ts.
 */
export function exportOnnx(m: ExportableModel, producerVersion = '1'): Uint8Array<ArrayBuffer> {
  const g = new GraphBuilder();
  const x = recipeToOnnx(g, m.fittedRecipe);
  modelToOnnx(g, x, m.model);
  const bytes = encodeModel({
    irVersion: 8,
    producerName: 'Lifecycle Workbench',
    producerVersion,
    modelVersion: m.version,
    docString: `${m.name} v${m.version}; trained on data ${m.datasetHash}; classes: ${JSON.stringify(m.classes)}`,
    opsetImport: [
      { domain: '', version: 13 },
      { domain: ML_DOMAIN, version: 3 },
    ],
    graph: {
      name: m.name.replace(/[^\w.-]+/g, '_') || 'model',
      node: g.nodes,
      initializer: g.initializers,
      input: g.inputs,
      output: g.outputs,
    },
  });
  return bytes;
}
