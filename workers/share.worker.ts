// The share worker: projects to archive files and back, off the page's thread.
import { ArchiveWriter } from '../src/core/share/archiveWriter';
import { archiveSink } from './archiveSink';
import { blobSource } from '../src/core/share/archiveReader';
import { serve } from '../src/protocol/rpc';
import type { ShareEvents, ShareRequests } from '../src/protocol/share';
import { importProject, previewImport } from '../src/store/share';
import { webImportLock } from '../src/store/shareStaging';
import { exportProject } from '../src/store/shareExport';
import { projectUsage } from '../src/store/storage';
import { workerDb } from './workerDb';

serve<ShareRequests, ShareEvents>(self, {
  async exportProject(args, { emit, signal }) {
    const db = await workerDb(args.dbName);
    const sink = await archiveSink();
    const writer = new ArchiveWriter((chunk) => sink.write(chunk));
    let manifest;
    try {
      manifest = await exportProject(db, args.projectId, args.scope, writer, {
        appVersion: args.appVersion,
        signal,
        onProgress: (p) => emit('progress', { stage: 'export', done: p.done, total: p.total }),
      });
    } catch (e) {
      await sink.abort();
      throw e;
    }
    const archive = await sink.close();
    return {
      archive,
      unpackedBytes: manifest.members.reduce((n, m) => n + m.size, 0),
      members: manifest.members.length,
    };
  },
  async previewImport(args) {
    return previewImport(await workerDb(args.dbName), blobSource(args.file));
  },
  async importProject(args, { emit, signal }) {
    const lock = webImportLock();
    return importProject(await workerDb(args.dbName), blobSource(args.file), args.choice, {
      fileName: args.fileName,
      who: args.who,
      signal,
      ...(lock ? { lock } : {}),
      onProgress: (p) => emit('progress', { stage: 'import', done: p.membersRead, total: p.members }),
    });
  },
  async projectUsage(args) {
    return projectUsage(await workerDb(args.dbName));
  },
});
