/**
 * Scale math for hand-drawn SVG charts, shared by the report (SVG as text) and the page (Svelte
 * SVG components): linear scales, round tick values, padded domains, compact numbers.
 */

/** A coordinate with at most two decimals: keeps the SVG short and byte-stable. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round tick values (steps of 1, 2 or 5 × 10ⁿ) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    // Repeated addition drifts (0.30000000000000004): snap to the step's precision.
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/** The domain padded out to the nearest round ticks, so lines do not touch the frame. */
export function niceDomain(values: readonly number[], includeZero = false): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (includeZero) finite.push(0);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 0;
  const first = ticks[0]! > lo ? ticks[0]! - step : ticks[0]!;
  const last = ticks.at(-1)! < hi ? ticks.at(-1)! + step : ticks.at(-1)!;
  return [Number(first.toPrecision(12)), Number(last.toPrecision(12))];
}

/** A tick label: round ticks read best without padding zeros ("0.2", not "0.2000"). */
export function formatTick(value: number): string {
  return String(Number(value.toPrecision(6)));
}
