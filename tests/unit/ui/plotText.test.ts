// Issue 10 item 1: markup in data never reaches Plotly as markup; item 2: never unbounded.
import { describe, expect, it } from 'vitest';
import { plotText, safeFigure } from '../../../src/ui/charts/plotText';
import { scatterTraces } from '../../../src/ui/explore/traces';

const LINK = '<a href="https://evil.example/">x</a>';
const STYLE = '<span style="font-size:200px">big</span>';

/** Every string anywhere in a value (keys of templates excepted by the caller). */
function strings(value: unknown, key = '', out: { key: string; text: string }[] = []): typeof out {
  if (typeof value === 'string') out.push({ key, text: value });
  else if (Array.isArray(value)) for (const v of value) strings(v, key, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, k, out);
  return out;
}

describe('safeFigure', () => {
  it('escapes names, categories, legends and axis titles in every trace and the layout', () => {
    const traces = scatterTraces({
      x: [LINK, STYLE, LINK],
      y: [1, 2, 3],
      color: [STYLE, LINK, 'plain & simple'],
      xType: 'category',
      yType: 'integer',
      total: 3,
      sampled: false,
    });
    const heat = {
      type: 'heatmap',
      x: [LINK, STYLE],
      y: [LINK, STYLE],
      z: [
        [1, 0],
        [0, 1],
      ],
      hovertemplate: '%{y} – %{x}<extra></extra>',
    };
    const fig = safeFigure([...traces, heat], {
      xaxis: { title: { text: LINK } },
      yaxis: { title: { text: STYLE }, ticktext: [LINK] },
      annotations: [{ text: STYLE }],
    });
    const all = strings(fig);
    for (const { key, text } of all) {
      if (key === 'hovertemplate') continue;
      expect(text, `${key}: ${text}`).not.toMatch(/[<>"]/);
    }
    expect(all.map((s) => s.text)).toContain('&lt;a href=&#34;https://evil.example/&#34;&gt;x&lt;/a&gt;');
    expect(all.map((s) => s.text)).toContain('plain &amp; simple');
    // Our own template keeps its tags; the numbers are untouched.
    expect((fig.data.at(-1) as { hovertemplate: string }).hovertemplate).toBe('%{y} – %{x}<extra></extra>');
    expect((fig.data.at(-1) as { z: number[][] }).z).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('clips long texts, keeping distinct ones distinct and equal ones equal', () => {
    const a = 'a'.repeat(1_000_000);
    const b = `${'a'.repeat(200)}b`;
    const fig = safeFigure([{ type: 'bar', x: [a, b, a], y: [1, 2, 3], name: a }], {});
    const t = fig.data[0] as { x: string[]; name: string };
    expect(t.x[0]!.length).toBeLessThanOrEqual(80);
    expect(t.x[1]!.length).toBeLessThanOrEqual(80);
    expect(t.x[0]).not.toBe(t.x[1]);
    expect(t.x[2]).toBe(t.x[0]);
    expect(t.name).toBe(t.x[0]);
  });

  it('plotText escapes and clips one string', () => {
    expect(plotText('<b>x</b>')).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(plotText('x'.repeat(500)).length).toBe(80);
  });
});
