// One case of the race: an input of one element type and size, in every form a contender needs.
// The plain TypedArray is made first (with its exact sum, data.js); the other forms are copies made
// on first use, outside any timing, and released with `dispose()` so only one case's copies live
// at a time (the 64M-double case needs about 2 GiB of them).
import { makeData } from './data.js';
import { types } from './config.js';

/**
 * @param env  the shared tools of the run: engine, kernel, native, tf
 */
export function fixture(env, type, n) {
  const data = makeData(type, n);
  let shared;
  let array;
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
      tensor ??= env.tf.tf.tensor1d(data.values, type === 'i32' ? 'int32' : 'float32');
      return tensor;
    },
    /** The single-thread kernel over its own copy of the input. */
    kernelSum() {
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
export function fixtures(env, keep) {
  const kept = new Map();
  return {
    get(type, n) {
      const key = `${type}:${n}`;
      if (kept.has(key)) return kept.get(key);
      const fx = fixture(env, type, n);
      if (keep.some(([t, size]) => t === type && size === n)) kept.set(key, fx);
      return fx;
    },
    release(fx) {
      if (kept.get(`${fx.type}:${fx.n}`) !== fx) fx.dispose();
    },
    disposeAll() {
      for (const fx of kept.values()) fx.dispose();
      kept.clear();
    },
  };
}
