// What a profile worker does (workers/profile.worker.ts): profiles the columns of one table as the
// data worker sends them, hands the columns back with the profile and closes (see profiler.ts for
// why a profile worker lives for one table only). Apart from the worker so tests can run it over
// a MessageChannel.
import { toWireError } from '../../src/protocol/rpc';
import type { FromProfiler, ToProfiler } from '../../src/protocol/dataProfile';
import { profileColumn, type ColumnProfile, type TableProfile } from '../../src/core/table/profile';
import { isCategoricalColumn, type Column } from '../../src/core/table/table';
import { readSliceForPort } from './readSlice';

function bufferOf(c: Column): ArrayBufferLike {
  return (isCategoricalColumn(c) ? c.codes : c.values).buffer;
}

/** Serves one table on `port`; `close` ends the worker once it has answered (or was let go). */
export function serveProfileColumns(port: MessagePort, close: () => void): void {
  let rowCount = 0;
  let columns: Column[] = [];
  let profiles: ColumnProfile[] = [];
  let received = 0;
  let failure: unknown;
  const finish = (answer?: Extract<FromProfiler, { columns: Column[] }>) => {
    // Each buffer once in the transfer list (columns may share one).
    if (answer) port.postMessage(answer, [...new Set(answer.columns.map(bufferOf))] as Transferable[]);
    port.close();
    close();
  };
  let slice: AbortController | undefined;
  port.addEventListener('message', (msg: MessageEvent<ToProfiler>) => {
    const m = msg.data;
    if (m.type === 'slice') {
      slice = new AbortController();
      readSliceForPort(port, m.job, slice.signal);
      return;
    }
    if (m.type === 'slice-cancel') return slice?.abort();
    if (m.type === 'begin') {
      rowCount = m.rowCount;
      columns = new Array<Column>(m.columnCount);
      profiles = new Array<ColumnProfile>(m.columnCount);
      return;
    }
    if (m.type === 'end') {
      slice?.abort();
      return finish();
    }
    columns[m.index] = m.column;
    received++;
    // Each column is profiled as it arrives, while the data worker writes the next one.
    if (failure === undefined) {
      try {
        profiles[m.index] = profileColumn(m.column);
      } catch (err) {
        failure = err;
      }
    }
    if (received < columns.length) return;
    if (failure !== undefined) return finish({ type: 'failed', error: toWireError(failure), columns });
    const profile: TableProfile = {
      rowCount,
      columnCount: columns.length,
      missingCells: profiles.reduce((s, c) => s + c.missing, 0),
      columns: profiles,
    };
    finish({ type: 'done', profile, columns });
  });
  port.start();
}
