// The data worker's side of a profile worker (the page gives one for each large file). While the
// data worker writes a new version, each column goes to the profile worker as soon as its chunks
// are written, transferred rather than copied; the profile worker profiles it on another core
// while the next columns are written, and after the last one sends the profile back with every
// column. The profile is then that version's, under the stored version's id, so it can never be
// shown for another version; the columns become the worker's cached table again.
//
// Why no copy, and why one worker per table: buffers that arrive by postMessage are freed only by
// a garbage collection in the receiving worker (measured in Chromium: detaching them does not
// free them), which a quiet worker may not run for seconds. A copy of a 1M-row table then stayed
// alive through the whole write (+80 MB at the peak). Moving the columns costs no memory, and a
// worker that closes itself after one table frees whatever it held at once.
import type { Handlers } from '../../src/protocol/rpc';
import { WorkerError } from '../../src/protocol/rpc';
import type { DataEvents, FromProfiler, ProfilerRequests, ToProfiler } from '../../src/protocol/data';
import type { TableProfile } from '../../src/core/table/profile';
import { isCategoricalColumn, type Column, type Table } from '../../src/core/table/table';
import type { IngestHelper, SliceOutcome, SliceStart } from '../../src/core/table/ingestTypes';
import { rememberTable } from './tables';

/** The port to a profile worker that has not been given a table yet. */
let unused: MessagePort | undefined;
/** Rejects what is still awaited from profile workers. */
const inFlight = new Set<(err: Error) => void>();
/** Profiles computed (or being computed) in a profile worker, by stored version. */
const byVersion = new Map<string, Promise<TableProfile>>();

const keyOf = (versionId: string, dbName?: string) => `${dbName ?? ''}/${versionId}`;

function send(port: MessagePort, msg: ToProfiler, transfer: Transferable[] = []): void {
  port.postMessage(msg, transfer);
}

/** Ends the wait for a slice the unused profile worker is reading (it is being let go). */
let giveUpSlice: (() => void) | undefined;

export const profilerHandlers: Handlers<ProfilerRequests, DataEvents> = {
  async useProfiler({ port }) {
    giveUpSlice?.();
    if (unused) {
      send(unused, { type: 'end' });
      unused.close();
    }
    unused = port ?? undefined;
    if (!port) {
      const gone = new Error('The profile worker stopped.');
      for (const reject of inFlight) reject(gone);
      inFlight.clear();
    }
  },
};

/** Hands the columns of one table to a profile worker while the table is being stored. */
export interface ProfilerHandOff {
  /** For saveDatasetVersion's onColumnStored: the column goes to the profile worker. */
  columnStored(index: number): void;
  /** The table is stored as this version: its profile and its columns are that version's. */
  stored(versionId: string, dbName?: string): void;
  /** Nothing was stored (a twin was found, or the write failed): the worker may go. */
  cancel(): void;
}

function bufferOf(c: Column): ArrayBufferLike {
  return (isCategoricalColumn(c) ? c.codes : c.values).buffer;
}

/**
 * Takes the profile worker the page gave for this table, or returns undefined when there is
 * none (small files, prepared versions, the framing state's data worker). After columnStored the
 * column belongs to the profile worker: `table` must not be read again (stored() hands the
 * columns back through the worker's cached table).
 */
export function handOffToProfiler(table: Table): ProfilerHandOff | undefined {
  const port = unused;
  if (!port || table.columns.length === 0) return undefined;
  unused = undefined;
  send(port, { type: 'begin', rowCount: table.rowCount, columnCount: table.columns.length });
  // A buffer two columns share (or an empty one) is copied, not moved: moving it would take it
  // from the other column too.
  const uses = new Map<ArrayBufferLike, number>();
  for (const c of table.columns) uses.set(bufferOf(c), (uses.get(bufferOf(c)) ?? 0) + 1);
  let rejectAnswer: (err: Error) => void = () => undefined;
  const answer = new Promise<Extract<FromProfiler, { type: 'done' }>>((resolve, reject) => {
    rejectAnswer = reject;
    inFlight.add(reject);
    port.addEventListener('message', (ev: MessageEvent<FromProfiler>) => {
      // A late report of the slice this worker read first is not the answer.
      if (ev.data.type !== 'done' && ev.data.type !== 'failed') return;
      inFlight.delete(reject);
      port.close();
      if (ev.data.type === 'done') resolve(ev.data);
      else reject(new WorkerError(ev.data.error));
    });
    port.start();
  });
  // Nobody may ever ask for it: a failure is then nobody's business (Explore profiles itself).
  answer.catch(() => undefined);
  return {
    columnStored(index) {
      const column = table.columns[index]!;
      const buffer = bufferOf(column);
      const move = buffer.byteLength > 0 && uses.get(buffer) === 1;
      // The view may cover only part of its buffer (spare capacity): the whole buffer moves.
      send(port, { type: 'column', index, column }, move ? [buffer as ArrayBuffer] : []);
    },
    stored(versionId, dbName) {
      const key = keyOf(versionId, dbName);
      const profile = answer.then((a) => a.profile);
      byVersion.set(key, profile);
      profile.catch(() => byVersion.get(key) === profile && byVersion.delete(key));
      // Until the columns are back, requests on this version wait for them (or read the version
      // from IndexedDB if the profile worker fails).
      rememberTable(
        versionId,
        answer.then((a) => ({ rowCount: table.rowCount, columns: a.columns })),
        dbName,
      );
    },
    cancel() {
      inFlight.delete(rejectAnswer);
      send(port, { type: 'end' });
      port.close();
    },
  };
}

/** The profile a profile worker computed (or is computing) for this stored version, if any. */
export function backgroundProfile(versionId: string, dbName?: string): Promise<TableProfile> | undefined {
  return byVersion.get(keyOf(versionId, dbName));
}

/**
 * The profile worker waiting for the next table, as an ingest helper: before it profiles the
 * table, it reads the second part of the file (core/table/ingestSlice.ts). Undefined when there
 * is none (small files). The port stays the next table's (handOffToProfiler).
 */
export function ingestHelper(): IngestHelper | undefined {
  const port = unused;
  if (!port) return undefined;
  let settle: (() => void) | undefined;
  return {
    read(job, onProgress) {
      let found: (s: SliceStart | undefined) => void = () => undefined;
      let read: (o: SliceOutcome | undefined) => void = () => undefined;
      const start = new Promise<SliceStart | undefined>((r) => (found = r));
      const done = new Promise<SliceOutcome | undefined>((r) => (read = r));
      const listener = (ev: MessageEvent<FromProfiler>) => {
        const m = ev.data;
        if (m.type === 'slice-start') found(m.start ?? undefined);
        else if (m.type === 'slice-progress') onProgress(m.progress);
        else if (m.type === 'slice-done') {
          read(m.outcome ?? undefined);
          settle?.();
        }
      };
      // Whatever ends the wait (the answer, a cancel, the worker let go) ends it for good.
      const end = () => {
        port.removeEventListener('message', listener);
        found(undefined);
        read(undefined);
        settle = undefined;
        if (giveUpSlice === end) giveUpSlice = undefined;
      };
      settle = giveUpSlice = end;
      port.addEventListener('message', listener);
      port.start();
      send(port, { type: 'slice', job });
      return { start, done };
    },
    cancel() {
      if (!settle) return;
      send(port, { type: 'slice-cancel' });
      settle();
    },
  };
}
