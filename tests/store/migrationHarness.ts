/**
 * Migration test harness: a frozen fixture (tests/fixtures/store/vN.json) holds the schema of
 * version N exactly as released and records written under it. The harness writes those records
 * with a bare Dexie declaring ONLY that frozen schema — never the current code — so opening the
 * result with openDb() is what a user's browser does when the workbench updates.
 *
 * Adding schema version N+1: freeze a vN+1.json the same way (by hand or from a real database
 * written by the released code) and add assertions for what the upgrade must do to vN's records.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Dexie } from 'dexie';
import type { SchemaVersion } from '../../src/store/schema';

export interface FrozenFixture {
  description: string;
  schemaVersion: number;
  /** Every table's store spec at that version (cumulative, as IndexedDB holds it). */
  stores: Record<string, string>;
  tables: Record<string, unknown[]>;
  expect: { tables: Record<string, Record<string, (number | string | boolean | null)[]>> };
}

const FIXTURE_DIR = new URL('../fixtures/store/', import.meta.url);

/** The frozen fixtures, oldest schema first. */
export function loadFixtures(): { file: string; fixture: FrozenFixture }[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => /^v\d+\.json$/.test(f))
    .map((file) => ({
      file,
      fixture: JSON.parse(readFileSync(new URL(file, FIXTURE_DIR), 'utf8')) as FrozenFixture,
    }))
    .sort((a, b) => a.fixture.schemaVersion - b.fixture.schemaVersion);
}

/** Writes the fixture's records into database `name` under the fixture's own frozen schema. */
export async function seedFrozenDatabase(name: string, fixture: FrozenFixture): Promise<void> {
  const db = new Dexie(name);
  db.version(fixture.schemaVersion).stores(fixture.stores);
  await db.open();
  await db.transaction('rw', db.tables, async () => {
    for (const [table, rows] of Object.entries(fixture.tables)) {
      await db.table(table).bulkAdd(rows.map(decodeFixtureValue));
    }
  });
  db.close();
}

/** The cumulative store specs after applying versions 1..upTo, as Dexie would declare them. */
export function cumulativeStores(versions: readonly SchemaVersion[], upTo: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of versions) {
    if (v.version > upTo) break;
    for (const [table, spec] of Object.entries(v.stores)) {
      if (spec === null) delete out[table];
      else out[table] = spec;
    }
  }
  return out;
}

/** JSON → stored value: {"$f64": [...]} and friends become ArrayBuffers (null → NaN). */
export function decodeFixtureValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeFixtureValue);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only && Array.isArray(only[1])) {
    const nums = (only[1] as (number | null)[]).map((n) => (n === null ? NaN : n));
    switch (only[0]) {
      case '$f64':
        return Float64Array.from(nums).buffer;
      case '$f32':
        return Float32Array.from(nums).buffer;
      case '$i32':
        return Int32Array.from(nums).buffer;
      case '$u8':
        return Uint8Array.from(nums).buffer;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, decodeFixtureValue(v)]));
}
