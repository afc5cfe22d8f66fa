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
 * Picks the backend whose median step was fastest and says why in words, e.g. "wasm: 3 steps of
 * 256 rows in 41 ms vs cpu 95 ms; webgpu is a software adapter (…)". Software adapters are never
 * measured, so never chosen; with no successful measurement the capability order decides.
 */
export function chooseMeasured(
  probes: readonly BackendProbe[],
  measurements: readonly BackendMeasurement[],
): BackendChoice {
  const ok = measurements.filter((m) => m.failure === undefined && Number.isFinite(m.medianMs));
  const notes: string[] = [];
  for (const p of probes) {
    if (measurements.some((m) => m.name === p.name)) continue;
    if (p.available && p.software) notes.push(`${p.name} is a software adapter (${p.detail})`);
    else if (!p.available) notes.push(`${p.name}: ${p.detail}`);
  }
  for (const m of measurements) if (m.failure !== undefined) notes.push(`${m.name} failed: ${m.failure}`);
  const tail = notes.length ? `; ${notes.join('; ')}` : '';
  if (!ok.length) {
    const fallback = chooseBackend('auto', probes);
    return { name: fallback.name, reason: `No backend could be timed${tail}. ${fallback.reason}` };
  }
  const best = ok.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  // Totals compare when step counts match; a backend cut short by the time budget says how many.
  const others = ok
    .filter((m) => m !== best)
    .map((m) =>
      m.steps === 0
        ? `${m.name} ${ms(m.warmupMs)} for its first step alone`
        : `${m.name} ${m.steps === best.steps ? '' : `${m.steps} in `}${ms(m.totalMs)}`,
    );
  const versus = others.length ? ` vs ${others.join(', ')}` : ' (the only backend that runs here)';
  return {
    name: best.name,
    reason: `${best.name}: ${best.steps} step${best.steps === 1 ? '' : 's'} of ${best.batch} rows in ${ms(best.totalMs)}${versus}${tail}.`,
  };
}
