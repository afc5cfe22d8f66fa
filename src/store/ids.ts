/** A new random record id. `crypto.randomUUID` exists in pages (secure contexts), workers and Node. */
export function newId(): string {
  return crypto.randomUUID();
}
