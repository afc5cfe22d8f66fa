// Issue 10 item 2: no unbounded text reaches a chart or the grid.
import { describe, expect, it } from 'vitest';
import {
  capCategories,
  clipText,
  defaultScatterAxes,
  featureByTarget,
  pageRows,
  allRows,
  scatterSample,
} from '../../../src/core/explore';
import {
  MAX_AXIS_CATEGORIES,
  MAX_CELL_CHARS,
  MAX_LABEL_CHARS,
  OTHER_LABEL,
} from '../../../src/core/explore/labels';
import type { Table } from '../../../src/core/table/table';

const HUGE = 'x'.repeat(1_000_000);

function textTable(n: number): Table {
  const dictionary = Array.from({ length: n }, (_, i) => `${HUGE}${i}`);
  return {
    rowCount: n,
    columns: [
      { name: 'essay', type: 'text', codes: Int32Array.from({ length: n }, (_, i) => i), dictionary },
      { name: 'n', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i) },
      { name: 'g', type: 'category', codes: new Int32Array(n), dictionary: [HUGE] },
    ],
  };
}

describe('bounded chart and grid text', () => {
  it('a text axis gets at most MAX_AXIS_CATEGORIES clipped labels plus "(other)"', () => {
    const s = scatterSample(textTable(300), 'essay', 'n', { max: 4000, color: 'g' });
    const labels = new Set(s.x as string[]);
    expect(labels.size).toBe(MAX_AXIS_CATEGORIES + 1);
    expect(labels.has(OTHER_LABEL)).toBe(true);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(MAX_LABEL_CHARS);
    expect(s.color!.every((c) => c.length <= MAX_LABEL_CHARS)).toBe(true);
    expect(s.y).toHaveLength(300);
  });

  it('grouped counts and boxes get clipped labels', () => {
    const t = textTable(3);
    const r = featureByTarget(t, 'n', 'g', { targetIsCategory: true });
    expect(r.kind).toBe('box');
    if (r.kind === 'box') expect(r.groups[0]!.label.length).toBeLessThanOrEqual(MAX_LABEL_CHARS);
  });

  it('the grid gets cells of at most MAX_CELL_CHARS', () => {
    const t = textTable(2);
    const page = pageRows(t, allRows(t.rowCount), 0, 10);
    expect(page.cells[0]![0]!.length).toBe(MAX_CELL_CHARS);
    expect(page.cells[0]![0]!.endsWith('…')).toBe(true);
    expect(page.cells[1]![1]).toBe('1');
  });

  it('capCategories keeps distinct long texts distinct', () => {
    const labels = capCategories([`${HUGE}a`, `${HUGE}b`, `${HUGE}a`]);
    expect(labels[0]).toBe(labels[2]);
    expect(labels[0]).not.toBe(labels[1]);
    expect(clipText('ab', 5)).toBe('ab');
  });

  it('a text column is never a default scatter axis', () => {
    expect(
      defaultScatterAxes([
        { name: 'essay', type: 'text' },
        { name: 'id', type: 'identifier' },
      ]),
    ).toEqual({
      x: '',
      y: '',
    });
    expect(
      defaultScatterAxes([
        { name: 'essay', type: 'text' },
        { name: 'n', type: 'integer' },
      ]),
    ).toEqual({
      x: 'n',
      y: 'n',
    });
  });
});
