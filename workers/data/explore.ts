// Profiles and raw rows of a stored dataset version.
import type { Handlers } from '../../src/protocol/rpc';
import type { DataEvents, ExploreRequests } from '../../src/protocol/data';
import { profileTable, type TableProfile } from '../../src/core/table/profile';
import { cellText } from '../../src/core/table/table';
import { tableOf } from './tables';

const profiles = new Map<string, TableProfile>();

export const exploreHandlers: Handlers<ExploreRequests, DataEvents> = {
  async profile({ versionId, dbName }) {
    const key = `${dbName ?? ''}/${versionId}`;
    let profile = profiles.get(key);
    if (!profile) {
      profile = profileTable(await tableOf(versionId, dbName));
      profiles.set(key, profile);
    }
    return profile;
  },

  async preview({ versionId, offset, limit, dbName }) {
    const table = await tableOf(versionId, dbName);
    const end = Math.min(table.rowCount, offset + limit);
    const rows: string[][] = [];
    for (let r = offset; r < end; r++) rows.push(table.columns.map((c) => cellText(c, r)));
    return {
      columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
      rows,
      total: table.rowCount,
    };
  },
};
