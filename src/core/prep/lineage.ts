/** A dataset version as lineage sees it: its parents and the operation that made it. */
export interface LineageVersion {
  readonly id: string;
  readonly datasetId: string;
  readonly label: string;
  readonly parents: readonly string[];
  readonly operation: { readonly kind: string; readonly summary?: string; readonly fileName?: string };
}

export interface LineageModel {
  readonly id: string;
  readonly label: string;
  readonly datasetVersionId: string;
}

export interface LineageNode {
  /** Version and model ids as given; file nodes are "file:<version id>". */
  readonly id: string;
  readonly kind: 'file' | 'version' | 'model';
  readonly label: string;
  /** Column from the left, 0-based: files, then versions by depth, models right of their data. */
  readonly layer: number;
  /** Position within the layer, 0-based, top to bottom. */
  readonly order: number;
  readonly datasetId?: string;
}

export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface LineageGraph {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
}

interface Draft {
  id: string;
  kind: LineageNode['kind'];
  label: string;
  layer: number;
  datasetId?: string;
  /** Input position, for stable tie-breaking. */
  seq: number;
}

const SWEEPS = 4;

/** Version layers by longest path from the roots (which sit in layer 1, right of their files). */
function versionLayers(versions: readonly LineageVersion[]): Map<string, number> {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layers.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id))
      throw new Error(`Dataset version "${id}" is its own ancestor — its lineage records are corrupt.`);
    visiting.add(id);
    const v = byId.get(id)!;
    let layer = 1;
    for (const p of v.parents) if (byId.has(p)) layer = Math.max(layer, layerOf(p) + 1);
    visiting.delete(id);
    layers.set(id, layer);
    return layer;
  };
  for (const v of versions) layerOf(v.id);
  return layers;
}

/**
 * Orders nodes within layers to reduce edge crossings: the barycentre heuristic (each node
 * moves to the mean position of its neighbours in other layers), sweeping right then left a
 * few times, ties kept in input order so the layout is stable.
 */
function orderLayers(drafts: readonly Draft[], edges: readonly LineageEdge[]): Map<string, number> {
  const maxLayer = Math.max(0, ...drafts.map((d) => d.layer));
  const byLayer: Draft[][] = Array.from({ length: maxLayer + 1 }, () => []);
  // Start grouped by dataset so each dataset's chain tends to stay on its own row.
  const datasetRank = new Map<string, number>();
  for (const d of drafts)
    if (d.datasetId !== undefined && !datasetRank.has(d.datasetId))
      datasetRank.set(d.datasetId, datasetRank.size);
  const rank = (d: Draft): number => (d.datasetId === undefined ? Infinity : datasetRank.get(d.datasetId)!);
  for (const d of [...drafts].sort((x, y) => rank(x) - rank(y) || x.seq - y.seq)) byLayer[d.layer]!.push(d);

  const position = new Map<string, number>();
  const place = (): void => byLayer.forEach((layer) => layer.forEach((d, i) => position.set(d.id, i)));
  place();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const e of edges) {
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e.from);
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e.to);
  }
  const sortLayer = (layer: Draft[], neighbours: Map<string, string[]>): void => {
    const key = new Map(
      layer.map((d, i) => {
        const ns = neighbours.get(d.id) ?? [];
        return [d.id, ns.length === 0 ? i : ns.reduce((s, n) => s + position.get(n)!, 0) / ns.length];
      }),
    );
    layer.sort((x, y) => key.get(x.id)! - key.get(y.id)! || position.get(x.id)! - position.get(y.id)!);
    layer.forEach((d, i) => position.set(d.id, i));
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let l = 1; l <= maxLayer; l++) sortLayer(byLayer[l]!, incoming);
    for (let l = maxLayer - 1; l >= 0; l--) sortLayer(byLayer[l]!, outgoing);
  }
  return position;
}

/**
 * The lineage graph from source files through dataset versions to the models trained on them,
 * laid out in layers left to right with positions chosen to limit crossings, so the UI only
 * draws. Parents missing from `versions` (e.g. deleted) are left out; a cycle throws.
 */
export function lineageGraph(
  versions: readonly LineageVersion[],
  models: readonly LineageModel[] = [],
): LineageGraph {
  const layers = versionLayers(versions);
  const known = new Set(versions.map((v) => v.id));
  const drafts: Draft[] = [];
  const edges: LineageEdge[] = [];
  versions.forEach((v, seq) => {
    const layer = layers.get(v.id)!;
    const label = v.operation.summary ?? v.operation.kind;
    if (v.operation.fileName !== undefined) {
      const fileId = `file:${v.id}`;
      drafts.push({
        id: fileId,
        kind: 'file',
        label: v.operation.fileName,
        layer: layer - 1,
        datasetId: v.datasetId,
        seq,
      });
      edges.push({ from: fileId, to: v.id, label });
    }
    drafts.push({ id: v.id, kind: 'version', label: v.label, layer, datasetId: v.datasetId, seq });
    for (const p of v.parents) if (known.has(p)) edges.push({ from: p, to: v.id, label });
  });
  const datasetOf = new Map(versions.map((v) => [v.id, v.datasetId]));
  models.forEach((m, i) => {
    const layer = layers.get(m.datasetVersionId);
    if (layer === undefined) return;
    drafts.push({
      id: m.id,
      kind: 'model',
      label: m.label,
      layer: layer + 1,
      datasetId: datasetOf.get(m.datasetVersionId),
      seq: versions.length + i,
    });
    edges.push({ from: m.datasetVersionId, to: m.id, label: 'trained' });
  });
  const order = orderLayers(drafts, edges);
  const nodes = drafts
    .map(({ id, kind, label, layer, datasetId }) => ({
      id,
      kind,
      label,
      layer,
      order: order.get(id)!,
      ...(datasetId === undefined ? {} : { datasetId }),
    }))
    .sort((a, b) => a.layer - b.layer || a.order - b.order);
  return { nodes, edges };
}

/** Ids of every version `id` was derived from (parents, their parents…), nearest first. */
export function ancestors(id: string, versions: readonly LineageVersion[]): string[] {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const seen = new Set<string>();
  const queue = [...(byId.get(id)?.parents ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next) || next === id) continue;
    seen.add(next);
    queue.push(...(byId.get(next)?.parents ?? []));
  }
  return [...seen].filter((v) => byId.has(v));
}
