/**
 * The project archive's format: a zip whose `manifest.json` names the format and its version,
 * the project, the app that wrote it, and every other member with its size and SHA-256. Members
 * are `<table>/<n>`: records of one stored table (recordCodec), never file paths. A column's
 * chunks come in chunk order (members in manifest order, records in member order): the importer
 * checks and hashes them as they stream and refuses a chunk out of its place.
 */

export const SHARE_FORMAT = 'lifecycle-workbench-project';
/** Bump when a reader of the previous version could misread the new archives. */
export const SHARE_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

/** What an archive holds: the whole project, one model version's lineage, or everything but the data. */
export type ShareScope = { kind: 'project' } | { kind: 'model'; modelId: string } | { kind: 'withoutData' };

export interface ManifestMember {
  /** `<table>/<n>`, e.g. `columnChunks/12`. */
  name: string;
  table: string;
  /** Records in the member. */
  records: number;
  /** Uncompressed bytes. */
  size: number;
  /** SHA-256 hex of the uncompressed bytes. */
  sha256: string;
}

/** One dataset version as the preview lists it. */
export interface ManifestVersion {
  id: string;
  dataset: string;
  version: number;
  rowCount: number;
  columns: number;
  hash: string;
  byteSize: number;
}

export interface ManifestModel {
  id: string;
  name: string;
  version: number;
  task: string;
  status: string;
}

export interface ShareManifest {
  format: typeof SHARE_FORMAT;
  formatVersion: number;
  /** The workbench version that wrote the archive. */
  appVersion: string;
  /** The database schema version the records were read under. */
  schemaVersion: number;
  createdAt: number;
  scope: ShareScope;
  project: { id: string; name: string };
  versions: ManifestVersion[];
  models: ManifestModel[];
  /** Records per table. */
  counts: Record<string, number>;
  members: ManifestMember[];
}

/** Bounds an archive must stay within before anything in it is inflated. */
export interface ShareLimits {
  maxMembers: number;
  maxMemberBytes: number;
  maxTotalBytes: number;
  maxManifestBytes: number;
}

export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  maxMembers: 50_000,
  maxMemberBytes: 256 * 1024 * 1024,
  // ZIP64 archives can say more; an import streams (its memory does not grow with the archive),
  // so the bound is the browser's storage, checked against the quota before anything is written.
  maxTotalBytes: 64 * 1024 * 1024 * 1024,
  maxManifestBytes: 32 * 1024 * 1024,
};

/** An archive refused on import; `member` names the part at fault when there is one. */
export class ShareArchiveError extends Error {
  override readonly name = 'ShareArchiveError';
  constructor(
    message: string,
    readonly member?: string,
  ) {
    super(member === undefined ? message : `${message} (member "${member}")`);
  }
}

const MEMBER_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}\/\d{1,9}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Parses and checks a manifest: format, version, and that every member entry is well formed
 * and unique. Throws ShareArchiveError saying what is wrong.
 */
export function parseManifest(bytes: Uint8Array): ShareManifest {
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ShareArchiveError('The manifest is not readable JSON.', MANIFEST_NAME);
  }
  if (!isObject(m) || m['format'] !== SHARE_FORMAT) {
    throw new ShareArchiveError('This file is not a Lifecycle Workbench project archive.', MANIFEST_NAME);
  }
  if (m['formatVersion'] !== SHARE_FORMAT_VERSION) {
    throw new ShareArchiveError(
      `The archive is in format version ${JSON.stringify(m['formatVersion'])}; this workbench reads version ${SHARE_FORMAT_VERSION}.` +
        (typeof m['formatVersion'] === 'number' && m['formatVersion'] > SHARE_FORMAT_VERSION
          ? ' Update the workbench to import it.'
          : ''),
      MANIFEST_NAME,
    );
  }
  const project = m['project'];
  if (!isObject(project) || typeof project['id'] !== 'string' || typeof project['name'] !== 'string') {
    throw new ShareArchiveError('The manifest does not name its project.', MANIFEST_NAME);
  }
  if (!Array.isArray(m['members']) || !Array.isArray(m['versions']) || !Array.isArray(m['models'])) {
    throw new ShareArchiveError('The manifest does not list its members.', MANIFEST_NAME);
  }
  const seen = new Set<string>();
  for (const e of m['members'] as unknown[]) {
    const ok =
      isObject(e) &&
      typeof e['name'] === 'string' &&
      MEMBER_NAME.test(e['name']) &&
      e['table'] === e['name'].split('/')[0] &&
      isCount(e['size']) &&
      isCount(e['records']) &&
      typeof e['sha256'] === 'string' &&
      SHA256.test(e['sha256']);
    if (!ok) throw new ShareArchiveError('The manifest lists a malformed member.', MANIFEST_NAME);
    const name = String(e['name']);
    if (seen.has(name)) throw new ShareArchiveError('The manifest lists a member twice.', name);
    seen.add(name);
  }
  if (!isObject(m['scope']) || !['project', 'model', 'withoutData'].includes(String(m['scope']['kind']))) {
    throw new ShareArchiveError('The manifest does not say what the archive holds.', MANIFEST_NAME);
  }
  return m as unknown as ShareManifest;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Hex SHA-256 of bytes (Web Crypto: pages, workers and Node). */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let s = '';
  for (const b of digest) s += b.toString(16).padStart(2, '0');
  return s;
}
