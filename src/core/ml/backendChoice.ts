/**
 * Which tfjs backend runs a training, and why. The probing itself needs a browser (workers do
 * it); the decision is pure so it is tested in Node and explained to the user in words.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** A software adapter (SwiftShader, llvmpipe): works, but slower than wasm on the same CPU. */
  software: boolean;
  /** What the probe found: adapter description, or why it is unavailable. */
  detail: string;
}

export interface BackendChoice {
  name: BackendName;
  reason: string;
}

export function isBackendPreference(value: string | null | undefined): value is BackendPreference {
  return value === 'auto' || BACKEND_NAMES.includes(value as BackendName);
}

/**
 * Picks the backend for `preference` from the probes. A forced backend is used whenever it
 * starts; automatic choice never puts work on a software GPU adapter, because wasm is faster
 * on the same CPU (measured: webgpu on SwiftShader ~25× slower than cpu).
 */
export function chooseBackend(preference: BackendPreference, probes: readonly BackendProbe[]): BackendChoice {
  const probe = (name: BackendName) => probes.find((p) => p.name === name);
  if (preference !== 'auto') {
    const forced = probe(preference);
    if (forced?.available) {
      const soft = forced.software ? ' (a software adapter: expect it to be slow)' : '';
      return {
        name: preference,
        reason: `${preference} was chosen in the settings${soft}: ${forced.detail}.`,
      };
    }
    const fallback = chooseBackend('auto', probes);
    const why = forced ? forced.detail : 'it was not probed';
    return {
      name: fallback.name,
      reason: `${preference} was requested but cannot start here (${why}); ${fallback.reason}`,
    };
  }
  const skipped: string[] = [];
  for (const name of ['webgpu', 'webgl'] as const) {
    const p = probe(name);
    if (p?.available && !p.software) return { name, reason: `${name} runs on a hardware GPU: ${p.detail}.` };
    if (p) skipped.push(`${name}: ${p.available ? `software adapter (${p.detail})` : p.detail}`);
  }
  const wasm = probe('wasm');
  const context = skipped.length ? ` No hardware GPU (${skipped.join('; ')}).` : '';
  if (wasm?.available) {
    return { name: 'wasm', reason: `wasm is the fastest backend on a CPU for dense models.${context}` };
  }
  return { name: 'cpu', reason: `plain JavaScript (cpu) is the backend that always starts.${context}` };
}

/** What timing a few real training steps on one backend found. */
export interface BackendMeasurement {
  name: BackendName;
  /** Rows per step. */
  batch: number;
  /** Timed steps (after one untimed warm-up step); 0 when the warm-up alone lost the race. */
  steps: number;
  /** Their total, in ms. */
  totalMs: number;
  /** Median of the timed steps, in ms: what the choice compares. */
  medianMs: number;
  /** The warm-up step (kernel compilation, uploads), in ms. */
  warmupMs: number;
  /** Why this backend could not be measured (it failed to start, or the step threw). */
  failure?: string;
}

/** Families that train with TensorFlow.js; the others are plain JavaScript in the worker. */
export function usesTfjs(family: string): boolean {
  return family === 'linear' || family === 'mlp';
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

/**
 * How much faster a backend's median step must be to displace one earlier in the capability
 * order (webgpu, webgl, wasm, cpu). Two backends a few percent apart swap places from one probe
 * to the next on timer noise; within this margin the order decides, so identical runs on the
 * same machine choose alike unless the timings differ clearly.
 */
export const CLEAR_MARGIN = 1.25;

const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

/** "cpu 31.6 ms", or how a backend cut short by the time budget was measured. */
function medianText(m: BackendMeasurement): string {
  if (m.steps === 0) return `${m.name} ${ms(m.warmupMs)} for its first step alone`;
  return `${m.name} ${ms(m.medianMs)}${m.steps < 3 ? ` (${steps(m.steps)})` : ''}`;
}

/**
 * Picks the backend by its median step and says why in the words of the rule that decided, e.g.
 * "wasm: median step 13.7 ms (3 steps of 256 rows) vs cpu 31.6 ms; the fastest median step
 * wins. webgpu is a software adapter (…)". A backend wins only when its median is more than
 * CLEAR_MARGIN faster than every backend earlier in the capability order; otherwise the earlier
 * one is kept and the reason says it was a tie. Software adapters are never measured, so never
 * chosen; with no successful measurement the capability order decides.
 */
export function chooseMeasured(
  probes: readonly BackendProbe[],
  measurements: readonly BackendMeasurement[],
): BackendChoice {
  const ok = measurements
    .filter((m) => m.failure === undefined && Number.isFinite(m.medianMs))
    .sort((a, b) => BACKEND_NAMES.indexOf(a.name) - BACKEND_NAMES.indexOf(b.name));
  const notes: string[] = [];
  for (const p of probes) {
    if (measurements.some((m) => m.name === p.name)) continue;
    if (p.available && p.software) notes.push(`${p.name} is a software adapter (${p.detail})`);
    else if (!p.available) notes.push(`${p.name}: ${p.detail}`);
  }
  for (const m of measurements) if (m.failure !== undefined) notes.push(`${m.name} failed: ${m.failure}`);
  const tail = notes.length ? ` ${notes.join('; ')}.` : '';
  if (!ok.length) {
    const fallback = chooseBackend('auto', probes);
    return { name: fallback.name, reason: `No backend could be timed.${tail} ${fallback.reason}` };
  }
  const fastest = ok.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  const best = ok.find((m) => m.medianMs <= fastest.medianMs * CLEAR_MARGIN) ?? fastest;
  const head = `${best.name}: median step ${ms(best.medianMs)} (${steps(best.steps)} of ${best.batch} rows)`;
  const others = ok.filter((m) => m !== best).map(medianText);
  const margin = `${Math.round((CLEAR_MARGIN - 1) * 100)}%`;
  const rule =
    others.length === 0
      ? ' (the only backend that runs here).'
      : best === fastest
        ? ` vs ${others.join(', ')}: the fastest median step wins.`
        : ` vs ${others.join(', ')}: within ${margin} of the fastest, a tie, settled by the fixed order ` +
          `${BACKEND_NAMES.join(', ')} so that identical runs choose alike.`;
  return { name: best.name, reason: `${head}${rule}${tail}` };
}
