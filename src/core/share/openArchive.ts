/**
 * Opening an archive for import: its directory and manifest are read and cross-checked (every
 * member listed is there with the size listed, nothing else is there) before any member is
 * unpacked; each member is then unpacked on demand and checked against its SHA-256.
 */
import { readEntries, readEntry, type ArchiveEntry, type ArchiveSource } from './archiveReader';
import {
  DEFAULT_SHARE_LIMITS,
  MANIFEST_NAME,
  ShareArchiveError,
  parseManifest,
  type ManifestMember,
  type ShareLimits,
  type ShareManifest,
} from './format';
import { freeBuffer } from '../table/freeBuffer';
import { eachRecord } from './recordCodec';
import { sha256HexInPlace } from './sha256';

export interface OpenedArchive {
  manifest: ShareManifest;
  source: ArchiveSource;
  entries: ReadonlyMap<string, ArchiveEntry>;
}

/**
 * Reads and checks the directory and the manifest. Throws ShareArchiveError naming the member
 * when one is missing, extra, or of another size than the manifest says.
 */
export async function openArchive(
  source: ArchiveSource,
  limits: ShareLimits = DEFAULT_SHARE_LIMITS,
): Promise<OpenedArchive> {
  const entries = await readEntries(source, limits);
  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry) throw new ShareArchiveError('This file is not a project archive: it has no manifest.');
  if (manifestEntry.size > limits.maxManifestBytes) {
    throw new ShareArchiveError('The manifest is larger than the limit.', MANIFEST_NAME);
  }
  const manifest = parseManifest(await readEntry(source, manifestEntry));
  if (manifest.members.length + 1 > limits.maxMembers) {
    throw new ShareArchiveError(
      `The archive lists more than ${limits.maxMembers} members, the limit.`,
      MANIFEST_NAME,
    );
  }
  const listed = new Set<string>([MANIFEST_NAME]);
  for (const m of manifest.members) {
    listed.add(m.name);
    const entry = entries.get(m.name);
    if (!entry)
      throw new ShareArchiveError('A member the manifest lists is missing from the archive.', m.name);
    if (entry.size !== m.size) {
      throw new ShareArchiveError(
        `The member declares ${entry.size} bytes but the manifest says ${m.size}.`,
        m.name,
      );
    }
  }
  for (const name of entries.keys()) {
    if (!listed.has(name))
      throw new ShareArchiveError('The archive holds a member its manifest does not list.', name);
  }
  return { manifest, source, entries };
}

/**
 * Buffers reused from member to member, so reading a large archive makes little garbage (a
 * worker's garbage ArrayBuffers are freed only when V8 collects, which can be tens of MB later).
 */
export interface MemberBuffers {
  /** Receives each member's bytes when large enough; grown as needed. */
  member?: Uint8Array<ArrayBuffer>;
}

/**
 * A member's records, after checking its bytes against the manifest's SHA-256. They are decoded
 * one at a time as the result is iterated, from `buffers.member` when given: iterate them before
 * the next member is read. A record that cannot be read, or a count other than the manifest's,
 * throws ShareArchiveError while iterating (at the end for the count).
 */
export async function readMemberRecords(
  archive: OpenedArchive,
  member: ManifestMember,
  buffers: MemberBuffers = {},
): Promise<Iterable<unknown>> {
  const entry = archive.entries.get(member.name);
  if (!entry) throw new ShareArchiveError('The member is missing from the archive.', member.name);
  if (buffers.member && buffers.member.byteLength <= entry.size) {
    // Grown geometrically, so a run of slightly larger members does not reallocate each time
    // (readEntry uses one byte more than the member's size); the old one is freed at once.
    const old = buffers.member;
    buffers.member = new Uint8Array(Math.max(entry.size + 1, 2 * old.byteLength));
    freeBuffer(old.buffer);
  }
  const bytes = await readEntry(archive.source, entry, buffers.member);
  // In place, not crypto.subtle (which copies the member: see sha256.ts).
  if (sha256HexInPlace(bytes) !== member.sha256) {
    throw new ShareArchiveError(
      'The member was changed: its SHA-256 does not match the manifest.',
      member.name,
    );
  }
  return checkedRecords(bytes, member);
}

function* checkedRecords(bytes: Uint8Array, member: ManifestMember): Generator<unknown> {
  let count = 0;
  try {
    for (const r of eachRecord(bytes)) {
      count++;
      yield r;
    }
  } catch (e) {
    if (e instanceof ShareArchiveError) throw e;
    throw new ShareArchiveError(
      `The member cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      member.name,
    );
  }
  if (count !== member.records) {
    throw new ShareArchiveError(
      `The member holds ${count} records, the manifest says ${member.records}.`,
      member.name,
    );
  }
}
