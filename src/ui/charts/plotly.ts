/**
 * Plotly is ~1.4 MB gzipped: it is loaded on first use, never in the first bundle, and only
 * through this module so every chart shares one copy.
 */
import { atQuietMoment, type QuietClock } from './quietMoment';
import { drawInSlices } from './slicedDraw';

export interface PlotlyLike {
  react(
    el: HTMLElement,
    data: unknown[],
    layout: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown>;
  purge(el: HTMLElement): void;
  Plots: { resize(el: HTMLElement): void };
}

let loading: Promise<PlotlyLike> | undefined;

export function loadPlotly(): Promise<PlotlyLike> {
  loading ??= import('plotly.js-dist').then((m) => {
    // Marks for the UI benchmark (bench/ui.mjs): when the bundle had been evaluated.
    performance.mark('plotly-ready');
    return ((m as { default?: unknown }).default ?? m) as PlotlyLike;
  });
  // A failed load (offline before the cache was filled) is tried again by the next chart.
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * Evaluating Plotly's bundle is one long main-thread task (~0.9 s here; a CPU profile shows ~60%
 * compiling and running its top-level code and ~40% registering every trace type, maps and 3-D
 * included) that cannot be split. Done on first use it froze the page just as the user opened a
 * chart; done here it lands when the page has painted, nobody has pressed a key or clicked for
 * `quietMs`, no progress bar is on screen (a training's live curves and its Cancel button must
 * not freeze) and the browser reports itself idle (quietMoment.ts). Opening a chart later only
 * draws. Safari has no requestIdleCallback: a timer stands in.
 */
export function preloadPlotlyWhenIdle(quietMs = 2000): void {
  const clock: QuietClock = {
    now: () => performance.now(),
    after: (ms, fn) => void setTimeout(fn, ms),
    idle: (fn) =>
      'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 10_000 }) : setTimeout(fn, 200),
    busy: () => document.querySelector('progress') !== null,
  };
  const options = { capture: true, passive: true };
  // Two frames: the first paint has happened by the time the second frame starts.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const quiet = atQuietMoment(quietMs, clock, () => {
        for (const type of ['keydown', 'pointerdown'] as const) removeEventListener(type, input, options);
        loadPlotly().then(
          (plotly) => clock.idle(() => void warmUp(plotly)),
          () => {},
        );
      });
      const input = () => quiet.input();
      for (const type of ['keydown', 'pointerdown'] as const) addEventListener(type, input, options);
    }),
  );
}

/**
 * A chart's first draw pays Plotly's one-time set-up (styles, fonts, trace modules): ~200 ms
 * here. Drawing a tiny heat map and scatter off screen while idle pays it in advance, so the
 * user's first chart only draws its own data. Drawn in slices (slicedDraw.ts), as every chart is.
 */
async function warmUp(plotly: PlotlyLike): Promise<void> {
  const el = document.createElement('div');
  el.setAttribute('aria-hidden', 'true');
  el.style.cssText = 'position:fixed;left:-10000px;top:0;width:320px;height:240px;visibility:hidden';
  document.body.append(el);
  try {
    await drawInSlices(
      plotly,
      el,
      [
        {
          type: 'heatmap',
          z: [
            [0, 1],
            [1, 0],
          ],
          x: ['a', 'b'],
          y: ['a', 'b'],
        },
        { type: 'scatter', mode: 'markers', x: [0, 1], y: [1, 0], xaxis: 'x2', yaxis: 'y2' },
      ],
      { ...baseLayout, width: 320, height: 240, grid: { rows: 1, columns: 2, pattern: 'independent' } },
      { ...baseConfig, responsive: false },
      () => false,
    );
    performance.mark('plotly-warm');
  } finally {
    plotly.purge(el);
    el.remove();
  }
}

export const baseLayout = {
  margin: { l: 56, r: 16, t: 28, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 12 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
};

/** Okabe–Ito: eight colours told apart with the common colour-vision deficiencies. */
export const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/** Text and grid colours from the page's theme (light or dark), read when a chart is drawn. */
export function themeLayout(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const grid = v('--chart-grid', '#e5e7eb');
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    colorway: dark ? [...OKABE_ITO.slice(0, 7), '#ffffff'] : OKABE_ITO,
    font: { ...baseLayout.font, color: v('--fg', '#1b1f24') },
    // 'allow': Plotly otherwise measures every tick label once per label drawn, to hide those
    // past the edge (a third of a first scatter plot's draw); our margins leave room for them.
    xaxis: { gridcolor: grid, zerolinecolor: grid, ticklabeloverflow: 'allow' },
    yaxis: { gridcolor: grid, zerolinecolor: grid, ticklabeloverflow: 'allow' },
  };
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** `layout` over the base and the theme; axis settings are merged, not replaced. */
export function themedLayout(layout: Record<string, unknown>, height: number): Record<string, unknown> {
  const theme = themeLayout();
  return {
    ...baseLayout,
    ...theme,
    height,
    ...layout,
    xaxis: { ...obj(theme['xaxis']), ...obj(layout['xaxis']) },
    yaxis: { ...obj(theme['yaxis']), ...obj(layout['yaxis']) },
  };
}

export const baseConfig = { displaylogo: false, responsive: true };
