/**
 * The export worker: a stored model version written as a model file or as ONNX, and a model file
 * read back in, off the page's thread (encoding, parsing and checking a large model take longer
 * than a frame). Files cross as Blobs (handles).
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
  /**
   * A model file read, checked (seal, format, shapes) and stored as a new candidate version of
   * the project; refused with the reason, nothing stored, when it is changed, foreign or broken.
   */
  importModelFile: {
    args: { file: Blob; fileName: string; projectId: string; who: string; dbName?: string };
    result: { modelVersionId: string };
  };
}

/** The export worker pushes no events: an export is one answer. */
export type ExportEvents = Record<never, never>;
