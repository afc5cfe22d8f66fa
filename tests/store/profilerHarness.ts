// The profile worker's handlers in-process: a handler context that emits nothing, and a profile
// worker served on one end of a channel with the data worker side given the other end.
import { profilerHandlers } from '../../workers/data/profiler';
import { serveProfileColumns } from '../../workers/data/profileColumns';

export const ctx = { emit: () => undefined, signal: new AbortController().signal, transfer: () => undefined };

/** A profile worker on one end of a channel; the data worker side is given the other end. */
export async function startProfiler(): Promise<{ closed: () => boolean }> {
  const channel = new MessageChannel();
  let closed = false;
  serveProfileColumns(channel.port1, () => (closed = true));
  await profilerHandlers.useProfiler({ port: channel.port2 }, ctx);
  return { closed: () => closed };
}
