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
