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

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

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
 * Chooses and starts a backend. `tf.setBackend` resolves false (it does not throw) when a
 * backend fails to start, and tf.getBackend() still names it, so the boolean is what we trust;
 * on failure we mark it unavailable and choose again.
 */
export async function startBackend(preference: BackendPreference): Promise<BackendChoice> {
  probes ??= probeBackends();
  const found = await probes;
  let choice = chooseBackend(preference, found);
  for (let attempt = 0; attempt < 4; attempt++) {
    let ok = false;
    let failure = '';
    try {
      ok = await tf.setBackend(choice.name);
    } catch (err) {
      failure = String(err);
    }
    if (ok) {
      await tf.ready();
      return choice;
    }
    const failed = found.find((p) => p.name === choice.name);
    if (failed)
      Object.assign(failed, { available: false, detail: `failed to start${failure ? `: ${failure}` : ''}` });
    choice = chooseBackend(preference, found);
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

export function activeBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
