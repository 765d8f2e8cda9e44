// What a reader needs to know to judge the figures: where each contender reads its input, how the
// library contenders were run, and what could not run here. Stored in the results JSON and printed
// in docs/performance.md under the tables.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @param {Pick<import('./types.js').Results, 'tf' | 'native'>} results
 * @returns {string[]}
 */
export function notes(results) {
  const out = [
    'Where each contender reads: parallelSum (shared memory), native C and the memory-read probe read the same '
      + 'bytes in the engine\'s shared memory; the SIMD kernel reads its own copy in a wasm memory; the JS loops, '
      + '`reduce`, @stdlib and "parallelSum, plain TypedArray" read an ordinary TypedArray; tf.sum reads a tensor '
      + '(a copy in its wasm heap). Making these copies is not timed.',
    'Each JavaScript contender is compiled once per element type, so every copy stays monomorphic, as a user\'s '
      + 'own loop would.',
    'i32 inputs lie in [-32768, 32767], so their exact total fits an int32 (tf.sum on int32 returns an int32 and '
      + 'wraps around beyond that); every other contender is exact for any int32 input.',
    `@stdlib/blas-ext-base-dsumpw ran its ${stdlibNative() ? 'native addon' : 'JavaScript implementation (its optional native addon is not built)'}.`,
  ];
  if (results.tf.ok) {
    out.push(`tf.sum: @tensorflow/tfjs-core ${results.tf.version} with the wasm backend, `
      + `${results.tf.simd ? 'SIMD' : 'scalar'} build, ${results.tf.threads ? 'threaded' : 'one thread (tfjs-backend-wasm disables its threaded build under Node)'}; `
      + 'a call is `tf.sum(tensor).dataSync()` and the result\'s dispose; float32 tensors add in float32 '
      + '(checked against the float32 error bound).');
  } else {
    out.push(`tf.sum could not run here: ${results.tf.reason}.`);
  }
  if (results.native.ok) {
    out.push(`Native: \`${results.native.command}\` (${results.native.compiler}), compiled by the suite on the fly; `
      + 'each thread sums one contiguous block with four vector accumulators; below 32768 elements the calling thread sums alone, without OpenMP; '
      + `OMP_WAIT_POLICY=${results.native.ompWaitPolicy} (a finished team sleeps instead of spinning on the cores the `
      + 'next contender needs). The memory-read probe adds every 64-bit word with the same threads: the most '
      + 'bytes per second this machine delivers to them.');
  } else {
    out.push(`Native contenders skipped: ${results.native.reason}.`);
  }
  return out;
}

// stdlib's index.js uses its native addon when lib/native.js can load it.
function stdlibNative() {
  const require = createRequire(import.meta.url);
  const root = dirname(dirname(require.resolve('@stdlib/blas-ext-base-dsumpw')));
  return existsSync(join(root, 'build', 'Release', 'addon.node'));
}
