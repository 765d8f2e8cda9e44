// What the runtime offers and which path the engine takes on it, for `capabilities()` on both entries.
import type { Platform } from './endpoint/types.js';
import { hasSimd } from './endpoint/simd.js';
import { hasWaitAsync } from './sync/wait.js';
import { failureReason, workerFailure } from './parallel/health.js';

export interface Capabilities {
  /** Which entry point is running: `'node'` or `'browser'`. */
  platform: 'node' | 'browser';
  /** `globalThis.crossOriginIsolated`: true in a page served with COOP/COEP; undefined outside browsers. */
  crossOriginIsolated: boolean | undefined;
  /** SharedArrayBuffer and shared `WebAssembly.Memory` both work. */
  sharedMemory: boolean;
  /** WebAssembly SIMD (v128) validates. */
  simd: boolean;
  /** `Atomics.waitAsync` exists on this thread. */
  waitAsync: boolean;
  /** Threads a sum uses by default (logical CPUs). */
  parallelism: number;
  /** `'parallel'`: worker threads over shared memory; `'single-thread'`: every sum on the calling thread. */
  path: 'parallel' | 'single-thread';
  /** The kernel build in use. */
  kernels: 'simd' | 'scalar';
  /**
   * How the calling thread learns that workers finished a sum: `Atomics.waitAsync`, or a message the
   * last worker posts where that is missing. Undefined on the single-thread path.
   */
  wakeUp: 'waitAsync' | 'message' | undefined;
  /** Why the path is `'single-thread'`; undefined on the parallel path. */
  reason: string | undefined;
}

function sharedMemoryWorks(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Detects what `platform` offers now. Cheap: a few feature tests, no worker is started. Whether worker
 * scripts load (a page may be isolated and still have its worker script refused) is only known once
 * an engine tried: after workers failed to start, the path is reported `'single-thread'`, and why.
 */
export function capabilitiesOf(platform: Platform): Capabilities {
  const failure = workerFailure();
  const threads = failure === undefined ? platform.threads() : { ok: false as const, reason: failureReason(failure) };
  const isolated = (globalThis as { crossOriginIsolated?: unknown }).crossOriginIsolated;
  return {
    platform: platform.name,
    crossOriginIsolated: typeof isolated === 'boolean' ? isolated : undefined,
    sharedMemory: sharedMemoryWorks(),
    simd: hasSimd(),
    waitAsync: hasWaitAsync,
    parallelism: platform.parallelism(),
    path: threads.ok ? 'parallel' : 'single-thread',
    kernels: hasSimd() ? 'simd' : 'scalar',
    wakeUp: threads.ok ? (hasWaitAsync ? 'waitAsync' : 'message') : undefined,
    reason: threads.ok ? undefined : threads.reason,
  };
}
