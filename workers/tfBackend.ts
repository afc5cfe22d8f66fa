// Probes and starts tfjs backends inside a worker. Only workers import the webgpu and wasm
// backends: the page never trains.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type {
  BackendChoice,
  BackendName,
  BackendPreference,
  BackendProbe,
} from '../src/core/ml/backendChoice';
import { chooseBackend } from '../src/core/ml/backendChoice';
import { chooseBySteps, fitsInJavaScript, probeKey, type ProbeShape } from '../src/core/ml/backendProbe';

export type { ProbeShape };

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// The page is cross-origin isolated (boosted trees share memory between workers), so tfjs-wasm
// would pick its multithreaded binary, whose pthread workers are built from a blob inside our
// module workers and fail to start there ("e is not defined", the worker dies). The single-threaded
// SIMD binary is what ran before isolation; each of our workers is one thread anyway.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|software|basic render/i;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function probeWebGpu(): Promise<BackendProbe> {
  // Typed loosely: `info` and `isFallbackAdapter` moved between spec revisions.
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu)
    return { name: 'webgpu', available: false, software: false, detail: 'this browser has no WebGPU' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter)
      return { name: 'webgpu', available: false, software: false, detail: 'no WebGPU adapter is available' };
    const info = adapter.info ?? {};
    const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
    const name =
      [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
    return {
      name: 'webgpu',
      available: true,
      software: fallback || SOFTWARE_RENDERERS.test(name),
      detail: `${fallback ? 'fallback adapter ' : 'adapter '}${name}`,
    };
  } catch (err) {
    return { name: 'webgpu', available: false, software: false, detail: `WebGPU failed: ${String(err)}` };
  }
}

function probeWebGl(): BackendProbe {
  try {
    if (typeof OffscreenCanvas === 'undefined') {
      return { name: 'webgl', available: false, software: false, detail: 'no OffscreenCanvas in workers' };
    }
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { name: 'webgl', available: false, software: false, detail: 'WebGL 2 is not available' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    );
    return { name: 'webgl', available: true, software: SOFTWARE_RENDERERS.test(renderer), detail: renderer };
  } catch (err) {
    return { name: 'webgl', available: false, software: false, detail: `WebGL failed: ${String(err)}` };
  }
}

/** What each backend would run on here. */
export async function probeBackends(): Promise<BackendProbe[]> {
  return [
    await probeWebGpu(),
    probeWebGl(),
    {
      name: 'wasm',
      available: typeof WebAssembly === 'object',
      software: false,
      detail: 'WebAssembly (SIMD where supported)',
    },
    { name: 'cpu', available: true, software: false, detail: 'plain JavaScript' },
  ];
}

let probes: Promise<BackendProbe[]> | undefined;

/**
 * Starts `name`. `tf.setBackend` resolves false (it does not throw) when a backend fails to
 * start, and tf.getBackend() still names it, so the boolean is what we trust; on failure the
 * probe is marked unavailable so no later choice picks it.
 */
async function tryStart(found: BackendProbe[], name: BackendName): Promise<boolean> {
  let ok = false;
  let failure = '';
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    failure = String(err);
  }
  if (ok) {
    await tf.ready();
    return true;
  }
  const failed = found.find((p) => p.name === name);
  if (failed)
    Object.assign(failed, { available: false, detail: `failed to start${failure ? `: ${failure}` : ''}` });
  return false;
}

/** Capability choice: chooses, starts, and chooses again without a backend that will not start. */
async function startByCapability(
  found: BackendProbe[],
  preference: BackendPreference,
): Promise<BackendChoice> {
  let choice = chooseBackend(preference, found);
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await tryStart(found, choice.name)) return choice;
    choice = chooseBackend(preference, found);
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

/** Choices measured in this worker, per model and data shape (see probeKey). */
const measured = new Map<string, BackendChoice>();

/**
 * Chooses and starts the backend for a training. Without `probe` (or with a forced preference)
 * the choice is by capability: a forced backend whenever it starts, otherwise a hardware GPU,
 * then wasm, then cpu. With `probe` and 'auto', a linear or MLP model is timed for a few real
 * steps on each backend that runs here (never a software adapter) and the fastest wins; the
 * choice is remembered per model and data shape for the life of the worker. Baseline, boosted
 * trees and exactly solved linear models (fitsInJavaScript) run as JavaScript in the worker, on
 * the idle cpu backend.
 */
export async function startBackend(
  preference: BackendPreference,
  probe?: ProbeShape,
): Promise<BackendChoice> {
  probes ??= probeBackends();
  const found = await probes;
  const js = probe ? fitsInJavaScript(probe) : null;
  if (js !== null) {
    if (preference === 'auto') {
      await startByCapability(found, 'cpu');
      return { name: 'cpu', reason: `${js}.` };
    }
    const forced = await startByCapability(found, preference);
    return { name: forced.name, reason: `${js} (${forced.reason})` };
  }
  if (!probe || preference !== 'auto') return startByCapability(found, preference);
  const key = probeKey(probe);
  const known = measured.get(key);
  if (known && (await tryStart(found, known.name))) {
    return { name: known.name, reason: `${known.reason} (measured earlier in this worker)` };
  }
  const { choice } = await chooseBySteps(found, probe, (name) => tryStart(found, name));
  measured.set(key, choice);
  return choice;
}
