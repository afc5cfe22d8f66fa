// Profiles, charts and raw rows of a stored dataset version. Everything here reads the table the
// worker holds and returns a summary: a chart's points, a page of rows, never the whole table.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type { DataEvents, ExploreRequests, RowsResult } from '../../src/protocol/data';
import { profileColumn, type TableProfile } from '../../src/core/table/profile';
import { correlationMatrix, missingMap, type CorrelationMatrix } from '../../src/core/table/correlation';
import type { Table } from '../../src/core/table/table';
import {
  allRows,
  featureByTarget,
  filterProblem,
  filterRowIndices,
  pageRows,
  scatterSample,
  sortRowIndices,
  type FilterProblem,
} from '../../src/core/explore';
import { tableOf } from './tables';
import { backgroundProfile } from './profiler';

// Versions are immutable, so a result computed once for a version id stays true.
const profiles = new Map<string, TableProfile>();
/** Column profiles per message when a profile is sent in parts. */
const PROFILE_PART = 250;
const correlations = new Map<string, CorrelationMatrix>();
/** The grid's last row order (filter + sort): paging through it never filters or sorts again. */
let rowOrder: { key: string; rows: Int32Array; problem?: FilterProblem } | undefined;

/** Lets queued messages (a Cancel) in between two slices of synchronous work. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** How long work runs between two yields (a yield costs ≥ 4 ms: setTimeout is clamped). */
const SLICE_MS = 50;

/**
 * Yields to events (progress out, Cancel in) once `SLICE_MS` have passed since the last yield,
 * not at every step: yielding after each of 3,000 columns cost 12 s of timer clamping alone.
 * Returns true when it yielded.
 */
export function yieldSometimes(): () => Promise<boolean> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < SLICE_MS) return false;
    await yieldToEvents();
    last = performance.now();
    return true;
  };
}

/** The version's table, telling the page that reading it back is what takes the time. */
export async function readTable(
  versionId: string,
  dbName: string | undefined,
  ctx: HandlerContext<DataEvents>,
): Promise<Table> {
  ctx.emit('work', { stage: 'Reading the stored version', fraction: null });
  const table = await tableOf(versionId, dbName);
  ctx.signal.throwIfAborted();
  return table;
}

const keyOf = (versionId: string, dbName?: string): string => `${dbName ?? ''}/${versionId}`;

function gridOrder(
  table: Table,
  key: string,
  filter: string,
  sort: RowsArgsSort,
): NonNullable<typeof rowOrder> {
  const fullKey = `${key}|${filter}|${sort?.column ?? ''}|${sort?.direction ?? ''}`;
  if (rowOrder?.key === fullKey) return rowOrder;
  let rows = allRows(table.rowCount);
  let problem: FilterProblem | undefined;
  if (filter) {
    problem =
      filterProblem(
        filter,
        table.columns.map((c) => ({ name: c.name, type: c.type })),
      ) ?? undefined;
    if (!problem) rows = filterRowIndices(table, filter);
  }
  if (sort) rows = sortRowIndices(table, sort.column, sort.direction, rows);
  rowOrder = { key: fullKey, rows, ...(problem ? { problem } : {}) };
  return rowOrder;
}

type RowsArgsSort = ExploreRequests['rows']['args']['sort'];

export const exploreHandlers: Handlers<ExploreRequests, DataEvents> = {
  async profile({ versionId, inParts, dbName }, ctx) {
    const key = keyOf(versionId, dbName);
    // Asked in parts, the columns go as events of PROFILE_PART each (each its own message, so
    // the page receives a wide table's profile in short tasks) and the answer carries none.
    const answer = (profile: TableProfile): TableProfile => {
      if (!inParts) return profile;
      for (let c = 0; c < profile.columns.length; c += PROFILE_PART) {
        ctx.emit('profileColumns', profile.columns.slice(c, c + PROFILE_PART));
      }
      return { ...profile, columns: [] };
    };
    const known = profiles.get(key);
    if (known) return answer(known);
    const background = backgroundProfile(versionId, dbName);
    if (background) {
      ctx.emit('work', { stage: 'Profiling', fraction: null });
      const profile = await background.catch(() => undefined);
      if (profile) {
        profiles.set(key, profile);
        return answer(profile);
      }
      // The profile worker failed: profile here instead.
    }
    const table = await readTable(versionId, dbName, ctx);
    // Column by column, yielding now and then, so progress shows and Cancel is heard.
    const columns = [];
    const pause = yieldSometimes();
    for (const [i, column] of table.columns.entries()) {
      if (i === 0 || (await pause())) {
        ctx.emit('work', { stage: `Profiling "${column.name}"`, fraction: i / table.columns.length });
        ctx.signal.throwIfAborted();
      }
      columns.push(profileColumn(column));
    }
    const profile: TableProfile = {
      rowCount: table.rowCount,
      columnCount: table.columns.length,
      missingCells: columns.reduce((s, c) => s + c.missing, 0),
      columns,
    };
    profiles.set(key, profile);
    return answer(profile);
  },

  async correlation({ versionId, offset, dbName }, ctx) {
    const key = `${keyOf(versionId, dbName)}\u0000${offset ?? 0}`;
    const known = correlations.get(key);
    if (known) return known;
    const table = await readTable(versionId, dbName, ctx);
    ctx.emit('work', { stage: 'Computing correlations', fraction: null });
    const matrix = correlationMatrix(table, { offset });
    correlations.set(key, matrix);
    return matrix;
  },

  async missingMap({ versionId, maxRows, dbName }, ctx) {
    const table = await readTable(versionId, dbName, ctx);
    return missingMap(table, maxRows);
  },

  async scatter({ versionId, x, y, color, maxPoints, dbName }, ctx) {
    const table = await readTable(versionId, dbName, ctx);
    return scatterSample(table, x, y, { max: maxPoints, ...(color ? { color } : {}) });
  },

  async featureByTarget({ versionId, feature, target, targetIsCategory, dbName }, ctx) {
    const table = await readTable(versionId, dbName, ctx);
    return featureByTarget(table, feature, target, { targetIsCategory });
  },

  async rows({ versionId, offset, limit, sort, filter, columns, dbName }, ctx) {
    const table = await readTable(versionId, dbName, ctx);
    const wanted = filter?.trim() ?? '';
    if (wanted || sort) ctx.emit('work', { stage: 'Filtering and sorting rows', fraction: null });
    const order = gridOrder(table, keyOf(versionId, dbName), wanted, sort);
    const window = columns ?? { start: 0, end: table.columns.length };
    const page = pageRows(table, order.rows, offset, limit, window);
    return {
      columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
      rowNumbers: page.rowNumbers,
      rows: page.cells,
      columnStart: Math.max(0, window.start),
      total: table.rowCount,
      matching: order.rows.length,
      ...(order.problem ? { filterProblem: order.problem } : {}),
    } satisfies RowsResult;
  },
};
