/** Sharing a project as one archive file: format, streaming writer, checked reader. */
export * from './format';
export { ArchiveWriter, type ArchiveWriterOptions } from './archiveWriter';
export {
  blobSource,
  bytesSource,
  readEntries,
  readEntry,
  type ArchiveEntry,
  type ArchiveSource,
} from './archiveReader';
export { openArchive, readMemberRecords, type OpenedArchive } from './openArchive';
export { decodeRecord, encodeRecord, joinRecords, splitRecords, RecordFormatError } from './recordCodec';
export { remapIds } from './remap';
export type * from './types';
