// Everyone in the race: the package on each of its paths, what a JavaScript user writes or installs
// instead, and native C for the machine's limit. Each contender makes, for one case (an input of
// one type and size, see fixture.js), a call that returns the sum; the suite checks that sum before
// timing the call.
import { createRequire } from 'node:module';
import { kNoFloat64 } from './tf.js';

/**
 * @typedef {object} Contender
 * @property {string} id
 * @property {string} label
 * @property {'package' | 'js' | 'library' | 'native'} group
 * @property {boolean} single  one thread: a "single-threaded way" the targets compare against
 * @property {boolean} [reference]  a limit, not a sum (not checked, no ratios)
 * @property {(fx: Fixture) => string | undefined} [skip]  why it cannot run this case, if it cannot
 * @property {(type: string) => 'f64' | 'f32'} [accumulator]  precision of its running sums
 * @property {(fx: Fixture) => () => unknown} make
 */

/** @typedef {import('./fixture.js').Fixture} Fixture */

// Each JavaScript contender is compiled once per element type from its source, so each copy only
// ever sees one TypedArray type: a user's loop is monomorphic, and one shared function fed three
// types in turn would run slower than anyone's real code.
const loopSource = `
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;`;

const unrolledSource = `
  const n = x.length, body = n - (n % 8);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let i = 0; i < body; i += 8) {
    s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3];
    s4 += x[i + 4]; s5 += x[i + 5]; s6 += x[i + 6]; s7 += x[i + 7];
  }
  let s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  for (let i = body; i < n; i++) s += x[i];
  return s;`;

const reduceSource = 'return x.reduce((a, b) => a + b, 0);';

/** @type {Map<string, (x: ArrayLike<number>) => number>} */
const compiled = new Map();
/**
 * @param {string} name
 * @param {string} source
 * @param {string} type
 */
function perType(name, source, type) {
  const key = `${name}:${type}`;
  let f = compiled.get(key);
  if (f === undefined) {
    f = /** @type {(x: ArrayLike<number>) => number} */ (new Function('x', source));
    compiled.set(key, f);
  }
  return f;
}

// The same for stdlib's dsumpw: a fresh instance of its modules per element type.
const require = createRequire(import.meta.url);
const stdlibId = '@stdlib/blas-ext-base-dsumpw';
/** @type {Map<string, (n: number, x: ArrayLike<number>, stride: number) => number>} */
const stdlib = new Map();
/** @param {string} type */
function dsumpw(type) {
  let f = stdlib.get(type);
  if (f === undefined) {
    const root = require.resolve(stdlibId).replace(/lib[\\/]index\.js$/, '');
    for (const file of Object.keys(require.cache)) if (file.startsWith(root)) delete require.cache[file];
    const loaded = require(stdlibId);
    if (typeof loaded !== 'function') throw new TypeError(`${stdlibId} did not export a function`);
    f = /** @type {(n: number, x: ArrayLike<number>, stride: number) => number} */ (loaded);
    stdlib.set(type, f);
  }
  return f;
}

/**
 * The native addon of a case whose `skip` let it run.
 * @param {Fixture} fx
 */
function addon(fx) {
  if (!fx.native.ok) throw new Error(`native contenders cannot run here: ${fx.native.reason}`);
  return fx.native.addon;
}

/**
 * @param {number} threads
 * @returns {Contender[]}
 */
export function contenders(threads) {
  return [
    {
      id: 'ps-shared', label: 'parallelSum, shared memory', group: 'package', single: false,
      make: (fx) => { const view = fx.shared(); return () => fx.engine.sum(view); },
    },
    {
      id: 'ps-typed', label: 'parallelSum, plain TypedArray', group: 'package', single: false,
      make: (fx) => () => fx.engine.sum(fx.plain),
    },
    {
      id: 'ps-array', label: 'parallelSum, number[]', group: 'package', single: false,
      skip: (fx) => (fx.type === 'f64' ? undefined : 'a number[] holds doubles: measured in the f64 case'),
      make: (fx) => { const array = fx.array(); return () => fx.engine.sum(array); },
    },
    {
      // The synchronous entry: the calling thread alone, whatever the size. Not a yardstick (single:
      // false): it is one of the package's ways in, measured against the others.
      id: 'ps-sync', label: 'sumSync, shared memory', group: 'package', single: false,
      make: (fx) => { const view = fx.shared(); return () => fx.engine.sumSync(view); },
    },
    {
      id: 'kernel', label: 'SIMD kernel, 1 thread', group: 'package', single: true,
      make: (fx) => fx.kernelSum(),
    },
    {
      id: 'js-loop', label: 'JS for loop', group: 'js', single: true,
      make: (fx) => { const f = perType('loop', loopSource, fx.type); return () => f(fx.plain); },
    },
    {
      id: 'js-unrolled', label: 'JS loop, 8-way unrolled', group: 'js', single: true,
      make: (fx) => { const f = perType('unrolled', unrolledSource, fx.type); return () => f(fx.plain); },
    },
    {
      id: 'reduce', label: 'TypedArray reduce', group: 'js', single: true,
      make: (fx) => { const f = perType('reduce', reduceSource, fx.type); return () => f(fx.plain); },
    },
    {
      id: 'stdlib', label: '@stdlib dsumpw', group: 'library', single: true,
      make: (fx) => { const f = dsumpw(fx.type); return () => f(fx.n, fx.plain, 1); },
    },
    {
      id: 'tf', label: 'tf.sum (tfjs wasm)', group: 'library', single: true,
      skip: (fx) => (!fx.tf.ok ? fx.tf.reason : fx.type === 'f64' ? kNoFloat64 : undefined),
      // Its running sums are float32 for float32 tensors.
      accumulator: (type) => (type === 'f32' ? 'f32' : 'f64'),
      make: (fx) => {
        const tensor = fx.tensor();
        if (!fx.tf.ok) throw new Error(`tf.sum cannot run here: ${fx.tf.reason}`);
        const { tf } = fx.tf;
        return () => {
          const total = tf.sum(tensor);
          const value = total.dataSync()[0];
          total.dispose();
          return value;
        };
      },
    },
    {
      id: 'native', label: `native C OpenMP, ${threads} threads`, group: 'native', single: false,
      skip: (fx) => (fx.native.ok ? undefined : fx.native.reason),
      make: (fx) => { const view = fx.shared(); const { sum } = addon(fx); return () => sum(view, threads); },
    },
    {
      id: 'probe', label: `memory read, ${threads} threads (limit)`, group: 'native', single: false, reference: true,
      skip: (fx) => (fx.native.ok ? undefined : fx.native.reason),
      make: (fx) => { const view = fx.shared(); const { probe } = addon(fx); return () => probe(view, threads); },
    },
  ];
}
