// Preparation steps on stored versions: preview on the table (or a sample of a large one), apply
// to the whole table and store the result as a NEW version whose parents are its inputs; casts
// checked before they are applied; diffs between two versions.
import type { HandlerContext, Handlers } from '../../src/protocol/rpc';
import type { DataEvents, PrepApplyResult, PrepRequests, SampleRows } from '../../src/protocol/data';
import {
  PrepError,
  applyPrepOp,
  diffTables,
  parsePrepOp,
  tableSchema,
  validatePrepOp,
  type PrepOp,
  type PrepResult,
  type SchemaColumn,
} from '../../src/core/prep';
import { castColumn } from '../../src/core/table/cast';
import { hashTable } from '../../src/core/table/hash';
import { cellText, getColumn, isMissing, takeRows, type Table } from '../../src/core/table/table';
import { allRows } from '../../src/core/explore';
import { RecordNotFoundError, getDataset, getVersion, loadTable, type WorkbenchDb } from '../../src/store';
import { workerDb } from '../workerDb';
import { tableOf } from './tables';
import { storeUnlessTwin } from './versions';
import { readTable, yieldToEvents } from './explore';

/** Tables up to this size are previewed whole (the summary is then exact and Apply reuses it). */
const PREVIEW_WHOLE_ROWS = 200_000;
/** Larger tables are previewed on their first rows. */
const PREVIEW_SAMPLE_ROWS = 50_000;
const SHOWN_ROWS = 10;

/** The last whole-table preview, so Apply right after it does not compute the step again. */
let lastPreview: { key: string; result: PrepResult } | undefined;

/** Other versions a step reads (join, append), without repeats and without the input itself. */
function otherInputs(op: PrepOp, versionId: string): string[] {
  const ids = op.kind === 'join' ? [op.rightVersionId] : op.kind === 'append' ? op.otherVersionIds : [];
  return [...new Set(ids)].filter((id) => id !== versionId);
}

/**
 * The tables of the other versions a step reads. A version that no longer exists is left out:
 * validatePrepOp then names it ("… is not available").
 */
async function loadInputs(
  db: WorkbenchDb,
  op: PrepOp,
  versionId: string,
  table: Table,
): Promise<Map<string, Table>> {
  const inputs = new Map<string, Table>();
  const ids = op.kind === 'join' ? [op.rightVersionId] : op.kind === 'append' ? op.otherVersionIds : [];
  for (const id of new Set(ids)) {
    // Appending a version to itself reads the table already in hand.
    if (id === versionId) inputs.set(id, table);
    else if (await getVersion(db, id)) inputs.set(id, await loadTable(db, id));
  }
  return inputs;
}

function schemasOf(inputs: ReadonlyMap<string, Table>): Map<string, readonly SchemaColumn[]> {
  return new Map([...inputs].map(([id, t]) => [id, tableSchema(t)]));
}

function firstRows(table: Table): SampleRows {
  const n = Math.min(SHOWN_ROWS, table.rowCount);
  return {
    columns: tableSchema(table),
    rows: Array.from({ length: n }, (_, r) => table.columns.map((c) => cellText(c, r))),
  };
}

const previewKey = (versionId: string, op: PrepOp, dbName?: string): string =>
  `${dbName ?? ''}/${versionId}/${JSON.stringify(op)}`;

async function applyWhole(
  op: PrepOp,
  versionId: string,
  dbName: string | undefined,
  ctx: HandlerContext<DataEvents>,
): Promise<PrepResult> {
  const key = previewKey(versionId, op, dbName);
  if (lastPreview?.key === key) return lastPreview.result;
  const db = await workerDb(dbName);
  const table = await readTable(versionId, dbName, ctx);
  const inputs = await loadInputs(db, op, versionId, table);
  ctx.emit('work', { stage: 'Applying the step', fraction: 0.25 });
  await yieldToEvents();
  ctx.signal.throwIfAborted();
  return applyPrepOp(op, table, inputs);
}

export const prepHandlers: Handlers<PrepRequests, DataEvents> = {
  async prepPreview(args, ctx) {
    const op = parsePrepOp(args.op);
    const db = await workerDb(args.dbName);
    const table = await readTable(args.versionId, args.dbName, ctx);
    const inputs = await loadInputs(db, op, args.versionId, table);
    const problems = validatePrepOp(op, tableSchema(table), schemasOf(inputs));
    if (problems.length > 0) return { ok: false, problems };
    const sampled = table.rowCount > PREVIEW_WHOLE_ROWS;
    const base = sampled ? takeRows(table, allRows(PREVIEW_SAMPLE_ROWS)) : table;
    ctx.emit('work', { stage: 'Previewing the step', fraction: null });
    let result: PrepResult;
    try {
      result = applyPrepOp(op, base, inputs);
    } catch (e) {
      if (e instanceof PrepError) return { ok: false, problems: [...e.problems] };
      throw e;
    }
    if (!sampled) lastPreview = { key: previewKey(args.versionId, op, args.dbName), result };
    return {
      ok: true,
      summary: result.summary,
      rowsBefore: result.rowsBefore,
      rowsAfter: result.rowsAfter,
      columnsBefore: base.columns.length,
      columnsAfter: result.table.columns.length,
      ...(sampled ? { sampledRows: PREVIEW_SAMPLE_ROWS } : {}),
      before: firstRows(base),
      after: firstRows(result.table),
    };
  },

  async prepApply(args, ctx) {
    const started = performance.now();
    const op = parsePrepOp(args.op);
    const db = await workerDb(args.dbName);
    const input = await getVersion(db, args.versionId);
    if (!input) throw new RecordNotFoundError('dataset version', args.versionId);
    const result = await applyWhole(op, args.versionId, args.dbName, ctx);

    ctx.emit('work', { stage: 'Computing the content hash', fraction: 0.5 });
    const hash = await hashTable(result.table);
    ctx.signal.throwIfAborted();
    const parents = [args.versionId, ...otherInputs(op, args.versionId)];
    const stored = await storeUnlessTwin(db, {
      projectId: args.projectId,
      table: result.table,
      dbName: args.dbName,
      version: { hash, parents, operation: { kind: 'prep', op, summary: result.summary } },
      onStoring: () => ctx.emit('work', { stage: 'Storing the new version', fraction: 0.75 }),
      dataset: async () => {
        const dataset = await getDataset(db, input.datasetId);
        if (!dataset) throw new RecordNotFoundError('dataset', input.datasetId);
        return dataset;
      },
    });
    return {
      ...stored,
      parents,
      summary: result.summary,
      rowCount: result.table.rowCount,
      columnCount: result.table.columns.length,
      seconds: (performance.now() - started) / 1000,
    } satisfies PrepApplyResult;
  },

  async castCheck({ versionId, column, to, dbName }, ctx) {
    const table = await readTable(versionId, dbName, ctx);
    const col = getColumn(table, column);
    let present = 0;
    for (let r = 0; r < table.rowCount; r++) if (!isMissing(col, r)) present++;
    const { failures, examples } = castColumn(col, to);
    return { column, from: col.type, to, present, failures, examples };
  },

  async diffVersions({ fromId, toId, key, dbName }, ctx) {
    const db = await workerDb(dbName);
    ctx.emit('work', { stage: 'Reading both versions', fraction: null });
    const before = await tableOf(fromId, dbName);
    const after = toId === fromId ? before : await loadTable(db, toId);
    ctx.signal.throwIfAborted();
    ctx.emit('work', { stage: 'Comparing rows', fraction: null });
    return diffTables(before, after, key.length > 0 ? { key } : {});
  },
};
