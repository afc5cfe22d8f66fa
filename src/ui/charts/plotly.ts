/**
 * Plotly is ~1.4 MB gzipped: it is loaded on first use, never in the first bundle, and only
 * through this module so every chart shares one copy.
 */
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
  loading ??= import('plotly.js-dist').then((m) => ((m as { default?: unknown }).default ?? m) as PlotlyLike);
  return loading;
}

export const baseLayout = {
  margin: { l: 56, r: 16, t: 28, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 12 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
};

export const baseConfig = { displaylogo: false, responsive: true };
