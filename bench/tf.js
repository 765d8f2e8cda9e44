// TensorFlow.js with its WebAssembly backend: what an ML-minded user would reach for. Loaded on
// demand; when it cannot run here, the suite records why instead of faking a figure.

/**
 * @typedef {{ ok: true, tf: typeof import('@tensorflow/tfjs-core'), version: string, simd: boolean, threads: boolean }
 *   | { ok: false, reason: string }} Tf
 */

/**
 * @returns {Promise<Tf>}
 */
export async function loadTf() {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'tf.setBackend(\'wasm\') returned false' };
    await tf.ready();
    return {
      ok: true,
      tf,
      version: tf.version_core,
      simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
      // tfjs-backend-wasm turns its threaded build off under Node (tensorflow/tfjs#3830): one thread.
      threads: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true,
    };
  } catch (error) {
    return { ok: false, reason: `tfjs-backend-wasm did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** tfjs has no float64 dtype: a Float64Array would be rounded to float32, so it is not the same sum. */
export const kNoFloat64 = 'tfjs has no float64 dtype (a Float64Array becomes float32: a different, rounded input)';
