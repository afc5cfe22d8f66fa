import { describe, expect, it } from 'vitest';
import { ancestors, lineageGraph, type LineageVersion } from '../../../src/core/prep';

// orders.csv → o1 → o2 (filter)          customers.csv → c1
//                        \                 /
//                         j1 (join o2 + c1) → model m1
//                          \→ j2 (derive) → model m2
const versions: LineageVersion[] = [
  {
    id: 'o1',
    datasetId: 'orders',
    label: 'orders v1',
    parents: [],
    operation: { kind: 'ingest', fileName: 'orders.csv' },
  },
  {
    id: 'c1',
    datasetId: 'customers',
    label: 'customers v1',
    parents: [],
    operation: { kind: 'ingest', fileName: 'customers.csv' },
  },
  {
    id: 'o2',
    datasetId: 'orders',
    label: 'orders v2',
    parents: ['o1'],
    operation: { kind: 'filter', summary: 'Kept 90 of 100 rows' },
  },
  { id: 'j1', datasetId: 'orders', label: 'orders v3', parents: ['o2', 'c1'], operation: { kind: 'join' } },
  { id: 'j2', datasetId: 'orders', label: 'orders v4', parents: ['j1'], operation: { kind: 'derive' } },
];
const models = [
  { id: 'm1', label: 'GBDT', datasetVersionId: 'j1' },
  { id: 'm2', label: 'MLP', datasetVersionId: 'j2' },
];

describe('lineageGraph', () => {
  const g = lineageGraph(versions, models);
  const node = (id: string) => g.nodes.find((n) => n.id === id)!;

  it('lays files left, versions by depth, models right of their data', () => {
    expect(Object.fromEntries(g.nodes.map((n) => [n.id, [n.kind, n.layer]]))).toEqual({
      'file:o1': ['file', 0],
      'file:c1': ['file', 0],
      o1: ['version', 1],
      c1: ['version', 1],
      o2: ['version', 2],
      j1: ['version', 3],
      j2: ['version', 4],
      m1: ['model', 4],
      m2: ['model', 5],
    });
    expect(node('file:o1').label).toBe('orders.csv');
  });

  it('draws an edge from each parent, labelled by the operation', () => {
    expect(g.edges).toEqual(
      expect.arrayContaining([
        { from: 'file:o1', to: 'o1', label: 'ingest' },
        { from: 'o1', to: 'o2', label: 'Kept 90 of 100 rows' },
        { from: 'o2', to: 'j1', label: 'join' },
        { from: 'c1', to: 'j1', label: 'join' },
        { from: 'j1', to: 'm1', label: 'trained' },
        { from: 'j2', to: 'm2', label: 'trained' },
      ]),
    );
    expect(g.edges).toHaveLength(8);
  });

  it('gives each node a distinct order within its layer, without crossings here', () => {
    for (let layer = 0; layer <= 5; layer++) {
      const orders = g.nodes.filter((n) => n.layer === layer).map((n) => n.order);
      expect([...orders].sort()).toEqual(orders.map((_, i) => i));
    }
    // Files and their first versions stay on the same rows.
    expect(node('file:o1').order).toBe(node('o1').order);
    expect(node('file:c1').order).toBe(node('c1').order);
    // In layer 4, the model of j1 and the derived version j2 both hang off j1; no edge crosses.
    const crossings = countCrossings(g);
    expect(crossings).toBe(0);
  });

  it('untangles crossing edges that the input order would create', () => {
    // a1 → b2, a2 → b1 in input order crosses; barycentre ordering swaps b1 and b2.
    const vs: LineageVersion[] = [
      { id: 'a1', datasetId: 'a', label: 'a1', parents: [], operation: { kind: 'ingest' } },
      { id: 'a2', datasetId: 'b', label: 'a2', parents: [], operation: { kind: 'ingest' } },
      { id: 'b1', datasetId: 'c', label: 'b1', parents: ['a2'], operation: { kind: 'filter' } },
      { id: 'b2', datasetId: 'd', label: 'b2', parents: ['a1'], operation: { kind: 'filter' } },
    ];
    expect(countCrossings(lineageGraph(vs))).toBe(0);
  });

  it('skips parents that are not in the list and rejects cycles', () => {
    const g2 = lineageGraph([
      { id: 'x', datasetId: 'd', label: 'x', parents: ['deleted'], operation: { kind: 'filter' } },
    ]);
    expect(g2.edges).toEqual([]);
    expect(g2.nodes[0]).toMatchObject({ id: 'x', layer: 1, order: 0 });
    expect(() =>
      lineageGraph([
        { id: 'p', datasetId: 'd', label: 'p', parents: ['q'], operation: { kind: 'x' } },
        { id: 'q', datasetId: 'd', label: 'q', parents: ['p'], operation: { kind: 'x' } },
      ]),
    ).toThrow(/its own ancestor/);
  });
});

describe('ancestors', () => {
  it('walks parents transitively, nearest first', () => {
    expect(ancestors('j2', versions)).toEqual(['j1', 'o2', 'c1', 'o1']);
    expect(ancestors('o1', versions)).toEqual([]);
  });
});

/** Pairs of edges between the same two adjacent layers whose endpoints are in opposite order. */
function countCrossings(g: ReturnType<typeof lineageGraph>): number {
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  let crossings = 0;
  const edges = g.edges.map((e) => [at.get(e.from)!, at.get(e.to)!] as const);
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = edges[i]!;
      const [c, d] = edges[j]!;
      if (a.layer !== c.layer || b.layer !== d.layer) continue;
      if ((a.order - c.order) * (b.order - d.order) < 0) crossings++;
    }
  }
  return crossings;
}
