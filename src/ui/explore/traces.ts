import type { ScatterSample } from '../../core/explore';
/** Above this many points Plotly draws with WebGL ('scattergl'): SVG slows down past a few thousand. */
const WEBGL_POINTS = 1500;
/** Colours beyond this many groups share one trace, so the legend stays readable. */
const MAX_COLOUR_GROUPS = 12;

/** Plotly traces for a scatter sample: one trace, or one per colour group (largest first). */
export function scatterTraces(sample: ScatterSample): Record<string, unknown>[] {
  const type = sample.x.length > WEBGL_POINTS ? 'scattergl' : 'scatter';
  const base = { type, mode: 'markers', marker: { size: 5, opacity: 0.7 } };
  if (!sample.color) return [{ ...base, x: sample.x, y: sample.y, name: 'rows' }];
  const groups = new Map<string, number[]>();
  sample.color.forEach((c, i) => {
    const list = groups.get(c);
    if (list) list.push(i);
    else groups.set(c, [i]);
  });
  const ordered = [...groups].sort((a, b) => b[1].length - a[1].length);
  const shown = ordered.slice(0, MAX_COLOUR_GROUPS);
  const rest = ordered.slice(MAX_COLOUR_GROUPS).flatMap(([, idx]) => idx);
  if (rest.length) shown.push(['(other)', rest]);
  return shown.map(([name, idx]) => ({
    ...base,
    name,
    x: idx.map((i) => sample.x[i]),
    y: idx.map((i) => sample.y[i]),
  }));
}
