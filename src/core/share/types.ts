/**
 * What an import shows and returns, and what each project holds: plain data that crosses from
 * the share worker to the page.
 */
import type { ShareManifest } from './format';

export interface ImportPreview {
  manifest: ShareManifest;
  /** Bytes the members unpack to. */
  unpackedBytes: number;
  /** The project is already in this browser (under this name). */
  existing?: { name: string };
}

/** What to do when the archive's project is already here. */
export type ImportChoice = { ifExists: 'copy'; copyName?: string } | { ifExists: 'skip' };

export interface ImportResult {
  status: 'imported' | 'copied' | 'skipped';
  projectId: string;
  projectName: string;
  /** Records added per table. */
  added: Record<string, number>;
  /** Records already present (same key and content), reused rather than written again. */
  reused: Record<string, number>;
}

export interface ProjectUsage {
  projectId: string;
  name: string;
  /** Stored dataset values (chunks and dictionaries), as recorded on each version. */
  dataBytes: number;
  /** Everything else: model weights, runs, predictions… estimated from the records' contents. */
  otherBytes: number;
  datasetVersions: number;
  models: number;
}
