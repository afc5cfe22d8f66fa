import { describe, expect, it } from 'vitest';
import {
  itemWindow,
  moveWindow,
  pickItems,
  pickedLabel,
  windowLabel,
} from '../../../src/ui/common/columnWindow';

describe('itemWindow', () => {
  it('covers `size` items from `start`, the last window shorter', () => {
    expect(itemWindow(3000, 0, 50)).toEqual({ start: 0, end: 50, total: 3000 });
    expect(itemWindow(120, 100, 50)).toEqual({ start: 70, end: 120, total: 120 });
    expect(itemWindow(30, 0, 50)).toEqual({ start: 0, end: 30, total: 30 });
  });

  it('moves a window past the end (the table shrank) back inside it', () => {
    expect(itemWindow(60, 2950, 50)).toEqual({ start: 10, end: 60, total: 60 });
    expect(itemWindow(0, 100, 50)).toEqual({ start: 0, end: 0, total: 0 });
    expect(itemWindow(10, -5, 50)).toEqual({ start: 0, end: 10, total: 10 });
  });

  it('steps through every item once with moveWindow, and stays at either end', () => {
    let w = itemWindow(3000, 0, 40);
    const seen: number[] = [];
    for (let i = 0; i < 100; i++) {
      for (let c = w.start; c < w.end; c++) seen.push(c);
      const next = moveWindow(w, 1);
      if (next.start === w.start) break;
      w = next;
    }
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(moveWindow(itemWindow(3000, 0, 40), -1).start).toBe(0);
    expect(moveWindow(itemWindow(3000, 80, 40), -1)).toEqual({ start: 40, end: 80, total: 3000 });
  });
});

describe('windowLabel', () => {
  it('says which part of how many is shown', () => {
    expect(windowLabel(itemWindow(3000, 50, 50))).toBe('Columns 51–100 of 3,000 columns');
    expect(windowLabel(itemWindow(3000, 0, 100), 'features')).toBe('Features 1–100 of 3,000 features');
    expect(windowLabel(itemWindow(0, 0, 50))).toBe('No columns');
  });
});

describe('pickItems', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `c${i}`);
  const id = (s: string) => s;

  it('lists the first `limit` names and counts them all', () => {
    const p = pickItems(names, id, '', 100);
    expect(p.shown).toEqual(names.slice(0, 100));
    expect(p.matching).toBe(3000);
  });

  it('keeps the names that contain the query, whatever the case', () => {
    const p = pickItems(['Alpha', 'beta', 'ALPHABET', 'gamma'], id, ' alp', 10);
    expect(p.shown).toEqual(['Alpha', 'ALPHABET']);
    expect(p.matching).toBe(2);
    const q = pickItems(names, id, 'c29', 5);
    expect(q.shown).toEqual(['c29', 'c290', 'c291', 'c292', 'c293']);
    expect(q.matching).toBe(111); // c29, c290–c299, c2900–c2999
  });

  it('puts a kept name first when the list would not show it', () => {
    expect(pickItems(names, id, '', 3, ['c2999']).shown).toEqual(['c2999', 'c0', 'c1', 'c2']);
    expect(pickItems(names, id, '', 3, ['c1']).shown).toEqual(['c0', 'c1', 'c2']);
    expect(pickItems(names, id, 'c5', 1, ['c7']).shown).toEqual(['c7', 'c5']);
  });

  it('reads the name through nameOf', () => {
    const cols = names.map((name) => ({ name, type: 'number' }));
    expect(pickItems(cols, (c) => c.name, 'c1', 2).shown.map((c) => c.name)).toEqual(['c1', 'c10']);
  });
});

describe('pickedLabel', () => {
  it('says how many are listed and that typing finds the rest', () => {
    expect(pickedLabel(3000, 3000, 100, '')).toBe('Showing 100 of 3,000 columns: type to find the others.');
    expect(pickedLabel(1111, 3000, 100, 'c1')).toBe(
      'Showing 100 of 1,111 matching (of 3,000 columns): type to find the others.',
    );
    expect(pickedLabel(11, 3000, 100, 'c29')).toBe('11 of 3,000 columns match.');
    expect(pickedLabel(0, 3000, 100, 'zz')).toBe('No column of 3,000 columns matches.');
    expect(pickedLabel(80, 80, 100, '')).toBe('All 80 columns.');
  });
});
