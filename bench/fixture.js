// One case of the race: an input of one element type and size, in every form a contender needs.
// The plain TypedArray is made first (with its exact sum, data.js); the other forms are copies made
// on first use, outside any timing, and released with `dispose()` so only one case's copies live
// at a time (the 64M-double case needs about 2 GiB of them).
import { makeData } from './data.js';
import { types } from './config.js';
import { kNoFloat64 } from './tf.js';

/**
 * @typedef {object} Tools  the shared tools of a run
 * @property {typeof import('parallel-sum').ParallelSum} ParallelSum
 * @property {import('parallel-sum').ParallelSum} engine  the engine the contenders sum on
 * @property {import('./kernel.js').Kernel | undefined} kernel  loaded after the cold phase
 * @property {import('./native/build.js').Native} native
 * @property {import('./tf.js').Tf} tf
 * @property {number} threads
 * @property {import('./contenders.js').Contender[]} contenders
 * @typedef {Tools & { fixtures: Fixtures }} Env
 * @typedef {ReturnType<typeof fixture>} Fixture
 * @typedef {ReturnType<typeof fixtures>} Fixtures
 * @typedef {import('./types.js').ElementType} ElementType
 */

/**
 * @param {Tools} env
 * @param {ElementType} type
 * @param {number} n
 */
export function fixture(env, type, n) {
  const data = makeData(type, n);
  /** @type {Float64Array | Float32Array | Int32Array | undefined} */
  let shared;
  /** @type {number[] | undefined} */
  let array;
  /** @type {import('@tensorflow/tfjs-core').Tensor1D | undefined} */
  let tensor;
  return {
    type,
    n,
    bytes: n * types[type].bytes,
    data,
    plain: data.values,
    engine: env.engine,
    native: env.native,
    tf: env.tf,
    /** The input in the engine's shared memory (what the workers read without a copy). */
    shared() {
      if (shared === undefined) {
        shared = env.engine.alloc(types[type].ctor, n);
        shared.set(data.values);
      }
      return shared;
    },
    /** The input as a number[] (f64 only). */
    array() {
      array ??= Array.from(data.values);
      return array;
    },
    /** A tfjs tensor of the input (copied into tfjs's wasm heap). */
    tensor() {
      if (!env.tf.ok) throw new Error(`tf.sum cannot run here: ${env.tf.reason}`);
      const values = data.values;
      if (values instanceof Float64Array) throw new Error(kNoFloat64);
      tensor ??= env.tf.tf.tensor1d(values, type === 'i32' ? 'int32' : 'float32');
      return tensor;
    },
    /** The single-thread kernel over its own copy of the input. */
    kernelSum() {
      if (env.kernel === undefined) throw new Error('the single-thread kernel is not loaded yet (loadKernel())');
      return env.kernel.summer(type, data.values);
    },
    dispose() {
      if (shared !== undefined) env.engine.free(shared);
      tensor?.dispose();
      shared = array = tensor = undefined;
    },
  };
}

/**
 * Hands out fixtures, keeping the headline input (64M doubles) alive once made: the throughput,
 * scaling, abort and memory phases all read it, and making it costs seconds and 2 GiB.
 */
/**
 * @param {Tools} env
 * @param {[ElementType, number][]} keep  the (type, size) cases to keep alive once made
 */
export function fixtures(env, keep) {
  /** @type {Map<string, Fixture>} */
  const kept = new Map();
  return {
    /** @param {ElementType} type @param {number} n @returns {Fixture} */
    get(type, n) {
      const key = `${type}:${n}`;
      const known = kept.get(key);
      if (known !== undefined) return known;
      const fx = fixture(env, type, n);
      if (keep.some(([t, size]) => t === type && size === n)) kept.set(key, fx);
      return fx;
    },
    /** @param {Fixture} fx */
    release(fx) {
      if (kept.get(`${fx.type}:${fx.n}`) !== fx) fx.dispose();
    },
    disposeAll() {
      for (const fx of kept.values()) fx.dispose();
      kept.clear();
    },
  };
}
