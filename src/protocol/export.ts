/**
 * The export worker: a stored model version written as a model file or as ONNX off the page's
 * thread (encoding a large model takes longer than a frame). Files cross as Blobs (handles).
 */

export interface ExportModelArgs {
  modelVersionId: string;
  dbName?: string;
}

export interface ExportRequests {
  /** The model file (JSON, sealed with its SHA-256) of a model version. */
  modelFile: { args: ExportModelArgs & { project: string }; result: Blob };
  /** The model and its recipe as ONNX; refused (OnnxUnsupportedError) naming a step without an ONNX form. */
  onnx: { args: ExportModelArgs & { appVersion: string }; result: Blob };
}

/** The export worker pushes no events: an export is one answer. */
export type ExportEvents = Record<never, never>;
