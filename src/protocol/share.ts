/**
 * The share worker's protocol: a project written to one archive file, an archive previewed and
 * imported, and what each project holds. Files and archives cross as Blobs (handles, not copies).
 */
import type { ShareScope } from '../core/share/format';
import type { ImportChoice, ImportPreview, ImportResult, ProjectUsage } from '../core/share/types';

export interface ExportArgs {
  projectId: string;
  scope: ShareScope;
  /** The workbench version, stamped in the manifest. */
  appVersion: string;
  dbName?: string;
}

export interface ExportResult {
  archive: Blob;
  /** Bytes of the records before compression, and members written. */
  unpackedBytes: number;
  members: number;
}

export interface ShareRequests {
  exportProject: { args: ExportArgs; result: ExportResult };
  previewImport: { args: { file: Blob; dbName?: string }; result: ImportPreview };
  importProject: {
    args: { file: Blob; fileName: string; choice: ImportChoice; who: string; dbName?: string };
    result: ImportResult;
  };
  projectUsage: { args: { dbName?: string }; result: ProjectUsage[] };
}

export interface ShareEvents {
  /** `done` of `total` records written (export) or members checked (import). */
  progress: { stage: 'export' | 'import'; done: number; total: number };
}
