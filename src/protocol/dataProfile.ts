import type { Column } from '../core/table/table';
import type { TableProfile } from '../core/table/profile';
import type { WireError } from './rpc';
import type { SliceJob, SliceOutcome, SliceProgress, SliceStart } from '../core/table/ingestTypes';

/**
 * A profile worker profiles the columns of one table the data worker is storing, on another core,
 * while the data worker writes the rest: the profile is ready when Explore opens. The page creates
 * the worker (the page creates every Worker) and hands the data worker the other end of its port;
 * the two workers then talk over that port only, with the messages below. Columns travel as
 * transfers, never copies: the data worker sends each column once it is written and gets the
 * whole table back with the profile.
 */
export type ToProfiler =
  /** First: the shape of the table whose columns follow. */
  | { type: 'begin'; rowCount: number; columnCount: number }
  /** Each column once, in any order, its typed array transferred. */
  | { type: 'column'; index: number; column: Column }
  /** No (more) columns will come: close without answering. */
  | { type: 'end' }
  /**
   * Before any table: read the rest of a large file the data worker is ingesting, from a record
   * boundary at or after the job's target (core/table/ingestSlice.ts), and hash the whole file.
   */
  | { type: 'slice'; job: SliceJob }
  /** The slice is no longer wanted: stop reading it (nothing is answered). */
  | { type: 'slice-cancel' };

export type FromProfiler =
  /** After the last column: the profile, and every column transferred back, in table order. */
  | { type: 'done'; profile: TableProfile; columns: Column[] }
  /** Profiling failed; the columns come back all the same. */
  | { type: 'failed'; error: WireError; columns: Column[] }
  /** Where the slice starts (null: no boundary, nothing more comes for this slice). */
  | { type: 'slice-start'; start: SliceStart | null }
  | { type: 'slice-progress'; progress: SliceProgress }
  /** The slice, its column buffers transferred; null when it could not be read (see readSlice). */
  | { type: 'slice-done'; outcome: SliceOutcome | null };

/** Data worker requests about profile workers. */
export interface ProfilerRequests {
  /**
   * The port to a fresh profile worker (transferred), for the next table the data worker stores;
   * a port still unused when another arrives is let go. null: a profile worker failed; the data
   * worker stops waiting for it (it profiles, and reads back, those versions itself).
   */
  useProfiler: { args: { port: MessagePort | null }; result: void };
}
