/**
 * The registry's audit log: append-only. Entries are written only by `appendAudit`, from inside
 * the transaction of the change they record, so a change without its entry (or an entry without
 * its change) cannot be stored. Nothing here updates or deletes an entry.
 */
import type { WorkbenchDb } from './db';
import type { AuditEntry } from './records';

/** Who is acting: this browser's stable id, and the user's written reason when there is one. */
export interface AuditActor {
  who: string;
  reason?: string;
}

/**
 * Appends one entry. Call it inside a 'rw' transaction that includes `db.auditLog`, beside the
 * change it records.
 */
export async function appendAudit(db: WorkbenchDb, entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
  const reason = entry.reason?.trim();
  const record: AuditEntry = { ...entry, ...(reason ? { reason } : { reason: undefined }) };
  if (!reason) delete record.reason;
  const seq = await db.auditLog.add(record);
  return { ...record, seq };
}

/** The project's audit log, oldest first (the order the changes were made). */
export async function listAudit(db: WorkbenchDb, projectId: string): Promise<AuditEntry[]> {
  const entries = await db.auditLog.where('projectId').equals(projectId).toArray();
  return entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}
