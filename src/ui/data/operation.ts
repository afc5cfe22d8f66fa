import type { DatasetOperation } from '../../store';

/** How a version came to be, in one line for lists and the lineage graph. */
export function operationText(op: DatasetOperation): string {
  if (op.kind === 'ingest') return `loaded from the file ${op.fileName}`;
  if (op.kind === 'prep') return op.summary;
  return `imported from ${op.from}`;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Who made a version and when, in local time. Everything here is made by the one local user. */
export function whoWhen(createdAt: number): string {
  return `you, ${when.format(createdAt)}`;
}
