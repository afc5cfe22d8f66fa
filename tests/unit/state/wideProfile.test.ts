/**
 * Issue 10 item 10: a wide table's profile reaches the page in parts (one message of thousands
 * of column profiles was a long task to receive) and is put together whole and in order.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../../src/state/workbench.svelte';
import { testServices } from './harness';

beforeAll(() => {
  vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
});

let workbench: Workbench | undefined;
afterEach(() => workbench?.dispose());

const COLUMNS = 700;

function wideCsv(rows: number): string {
  const lines = [Array.from({ length: COLUMNS }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(
      Array.from({ length: COLUMNS }, (_, c) => (c % 2 ? String(r * c) : `k${(r + c) % 3}`)).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('a wide profile', () => {
  it('arrives in parts and is put together whole, in column order', async () => {
    const services = testServices();
    workbench = new Workbench(services);
    await workbench.init();
    await workbench.createProject('Wide', 'Many columns.');
    const open = workbench.open!;
    await open.data.ingest(new Blob([wideCsv(30)]), 'wide.csv');
    expect(open.data.error).toBeNull();
    const versionId = open.data.selectedVersionId!;

    const parts: number[] = [];
    const client = services.dataWorker();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation((name, args, options = {}) =>
      send(name, args, {
        ...options,
        onEvent: (event, data) => {
          if (event === 'profileColumns') parts.push((data as unknown[]).length);
          options.onEvent?.(event, data);
        },
      }),
    );
    open.data.profileFor = null;
    await open.data.loadProfile(versionId);

    expect(parts).toEqual([250, 250, 200]);
    const profile = open.data.profile!;
    expect(profile.columnCount).toBe(COLUMNS);
    expect(profile.columns.map((c) => c.name)).toEqual(Array.from({ length: COLUMNS }, (_, c) => `c${c}`));
    expect(profile.columns[1]).toMatchObject({ type: 'integer', count: 30, min: 0, max: 29 });
    expect(profile.columns[0]).toMatchObject({ type: 'category', distinct: 3 });
  });
});
