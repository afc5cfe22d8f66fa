/**
 * Where an export's zip bytes go. In the origin-private file system when the browser offers
 * synchronous access handles there (dedicated workers in current browsers): the archive is then
 * a file on disk from the first byte and the File handed to the page for download is backed by
 * it, so neither the worker nor the browser holds the archive in memory. Elsewhere, Blob parts
 * (which the browser keeps itself, in memory up to its own limits).
 */

export interface ArchiveSink {
  /** Writes or copies `chunk` before returning: the writer reuses its bytes. */
  write(chunk: Uint8Array): void;
  /** The archive, once every chunk is written. */
  close(): Promise<Blob>;
  /** Drops what was written (a failed or cancelled export). */
  abort(): Promise<void>;
}

/** Blob parts of about this size: the worker holds at most one part. */
const BLOB_PART = 1024 * 1024;
const EXPORTS_DIR = 'exports';

/** The best sink this worker has: a file in the origin-private file system, or Blob parts. */
export async function archiveSink(): Promise<ArchiveSink> {
  return (await fileSink().catch(() => undefined)) ?? blobSink();
}

async function fileSink(): Promise<ArchiveSink | undefined> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return undefined;
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(EXPORTS_DIR, { create: true });
  // The archives of earlier exports: their downloads read them long ago (a download of a local
  // file takes seconds), and they count against the site's storage until removed.
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) await dir.removeEntry(name).catch(() => undefined);
  const name = `${crypto.randomUUID()}.lwb.zip`;
  const handle = await dir.getFileHandle(name, { create: true });
  if (!('createSyncAccessHandle' in handle)) {
    await dir.removeEntry(name).catch(() => undefined);
    return undefined;
  }
  const access = await handle.createSyncAccessHandle();
  let at = 0;
  return {
    write(chunk) {
      let written = 0;
      while (written < chunk.byteLength) {
        written += access.write(chunk.subarray(written), { at: at + written });
      }
      at += chunk.byteLength;
    },
    async close() {
      access.flush();
      access.close();
      return handle.getFile();
    },
    async abort() {
      access.close();
      await dir.removeEntry(name).catch(() => undefined);
    },
  };
}

function blobSink(): ArchiveSink {
  const parts: Blob[] = [];
  // Chunks are copied into one part-sized buffer (the writer reuses their bytes), which becomes
  // a Blob part (a copy the browser keeps) each time it fills.
  const pending = new Uint8Array(BLOB_PART);
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes > 0) parts.push(new Blob([pending.slice(0, pendingBytes)]));
    pendingBytes = 0;
  };
  return {
    write(chunk) {
      for (let at = 0; at < chunk.byteLength;) {
        const n = Math.min(BLOB_PART - pendingBytes, chunk.byteLength - at);
        pending.set(chunk.subarray(at, at + n), pendingBytes);
        pendingBytes += n;
        at += n;
        if (pendingBytes === BLOB_PART) flush();
      }
    },
    async close() {
      flush();
      return new Blob(parts, { type: 'application/zip' });
    },
    async abort() {
      parts.length = 0;
      pendingBytes = 0;
    },
  };
}
