// The inputs the stress scenarios sum: every element kind at sizes that land on every path under the
// test thresholds (tests/fixtures/engine.ts), with ragged lengths and ragged subarrays, plus inputs
// outside the engine's memory (plain TypedArrays and number[]) for the calling thread's paths. Values
// and references are made once and copied into each engine; each reference is independent of the
// package (see reference.ts).
import type { ParallelSum } from '../../dist/index.js';
import { doubles, rng } from '../fixtures/data.js';
import { kChunkBytes, thresholds, type Path } from '../fixtures/engine.js';
import { referenceIntSum } from '../fixtures/reference.js';
import { exactFloatSum, exactIntSum, fastFloatSum } from './reference.js';

type IntCtor = Int8ArrayConstructor | Uint8ArrayConstructor | Uint8ClampedArrayConstructor | Int16ArrayConstructor
  | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;
type Ctor = Float64ArrayConstructor | Float32ArrayConstructor | IntCtor | BigInt64ArrayConstructor | BigUint64ArrayConstructor;
type Values = Float64Array | Float32Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export const kinds: readonly Ctor[] = [Float64Array, Float32Array, Int8Array, Uint8Array, Uint8ClampedArray,
  Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

/** Byte sizes, each a little off a multiple of the chunk, and the path a whole view of it takes. */
export const sizeClasses = {
  tiny: { bytes: 1000, path: 'inline' },
  oneChunk: { bytes: kChunkBytes - 24, path: 'inline' },
  inline: { bytes: thresholds.inline - kChunkBytes / 2 - 40, path: 'inline' },
  assisted: { bytes: thresholds.inline + kChunkBytes + 56, path: 'assisted' },
  workers: { bytes: thresholds.assist + kChunkBytes / 4 + 88, path: 'workers' },
} as const satisfies Record<string, { bytes: number; path: Path }>;

export type SizeClass = keyof typeof sizeClasses | 'plain' | 'array';

/** Made once per data set: the values of one input and what each precision must give. */
export interface Spec {
  label: string;
  size: SizeClass;
  /** Where it lives: in the engine's memory (`alloc`), a plain TypedArray, or a number[]. */
  place: 'engine' | 'plain' | 'array';
  values: Values | number[];
  /** Sum a subarray [from, to) of the engine view, not the whole. */
  range?: [number, number];
  fast: number | bigint;
  exact: number | bigint;
}

/** A spec placed in one engine: the input to pass to sum(). */
export interface Case {
  spec: Spec;
  data: Values | number[];
}

/**
 * `n` values of `ctor` covering its whole range: random bits (so every bit pattern of the integer
 * kinds can occur), every 16th element one of the extremes so running sums widen; doubles and floats
 * of mixed sign and magnitude.
 */
function valuesOf(ctor: Ctor, n: number, seed: number): Values {
  if (ctor === Float64Array) return doubles(n, seed);
  if (ctor === Float32Array) return Float32Array.from(doubles(n, seed));
  const words = new Uint32Array(Math.ceil((n * ctor.BYTES_PER_ELEMENT) / 4));
  let s = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s;
  }
  if (ctor === BigInt64Array || ctor === BigUint64Array) {
    const out = new ctor(words.buffer, 0, n);
    const [min, max] = ctor === BigInt64Array ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    for (let i = 0; i < n; i += 16) out[i] = (i & 16) === 0 ? min : max;
    return out;
  }
  const out = new (ctor as IntCtor)(words.buffer, 0, n);
  const bits = ctor.BYTES_PER_ELEMENT * 8;
  const min = ctor === Int8Array || ctor === Int16Array || ctor === Int32Array ? -(2 ** (bits - 1)) : 0;
  for (let i = 0; i < n; i += 16) out[i] = (i & 16) === 0 ? min : min + 2 ** bits - 1;
  return out;
}

function references(values: Values | number[], bytes: number): { fast: number | bigint; exact: number | bigint } {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const total = referenceIntSum(values);
    return { fast: total, exact: total };
  }
  if (values instanceof Float64Array || values instanceof Float32Array || Array.isArray(values)) {
    return { fast: fastFloatSum(values, bytes as 4 | 8), exact: exactFloatSum(values) };
  }
  const total = Number(exactIntSum(values));
  return { fast: total, exact: total };
}

/**
 * Specs for every kind at every size class, whole and as a ragged subarray, plus plain TypedArrays and
 * number[] (the sliced path above 4 MiB, inline below), and a small input with -0, infinities and NaN.
 */
export function makeSpecs(seed: number): Spec[] {
  let specs = made.get(seed);
  if (specs === undefined) made.set(seed, specs = makeSpecsNow(seed));
  return specs;
}

/** Specs by seed: made once per process, shared by the scenarios (the references take seconds). */
const made = new Map<number, Spec[]>();

function makeSpecsNow(seed: number): Spec[] {
  const specs: Spec[] = [];
  const random = rng(seed);
  for (const ctor of kinds) {
    // One set of values per kind; each size class takes a prefix of it.
    const largest = Math.max(...Object.values(sizeClasses).map(({ bytes }) => bytes));
    const all = valuesOf(ctor, Math.floor(largest / ctor.BYTES_PER_ELEMENT), Math.floor(random() * 2 ** 31));
    for (const [size, { bytes }] of Object.entries(sizeClasses) as Array<[keyof typeof sizeClasses, { bytes: number }]>) {
      const n = Math.floor(bytes / ctor.BYTES_PER_ELEMENT);
      const values = all.subarray(0, n);
      specs.push({ label: `${ctor.name}[${n}]`, size, place: 'engine', values, ...references(values, ctor.BYTES_PER_ELEMENT) });
      // A subarray with ragged ends: other addresses, chunk boundaries off the view's.
      const from = 1 + Math.floor(random() * 7);
      const to = n - Math.floor(random() * 9);
      specs.push({ label: `${ctor.name}[${n}].subarray(${from}, ${to})`, size, place: 'engine', values, range: [from, to],
        ...references(values.subarray(from, to), ctor.BYTES_PER_ELEMENT) });
    }
  }
  // Outside the engine's memory: copied a chunk at a time on the calling thread.
  const sliced = thresholds.assist + kChunkBytes + 8; // over the 4 MiB that is summed without yielding
  for (const ctor of [Float64Array, Float32Array, Int16Array, BigInt64Array] as const) {
    for (const bytes of [4000, sliced]) {
      const n = Math.floor(bytes / ctor.BYTES_PER_ELEMENT);
      const values = valuesOf(ctor, n, Math.floor(random() * 2 ** 31));
      specs.push({ label: `plain ${ctor.name}[${n}]`, size: 'plain', place: 'plain', values, ...references(values, ctor.BYTES_PER_ELEMENT) });
    }
  }
  for (const n of [100, sliced / 8]) {
    const values = [...doubles(n, Math.floor(random() * 2 ** 31))];
    specs.push({ label: `number[${n}]`, size: 'array', place: 'array', values, ...references(values, 8) });
  }
  const special = doubles(3000, seed);
  special[17] = -0;
  special[2999] = Infinity;
  specs.push({ label: 'Float64Array with -0 and Infinity', size: 'tiny', place: 'engine', values: special, ...references(special, 8) });
  const nan = doubles(3000, seed + 1);
  nan[1234] = NaN;
  specs.push({ label: 'Float64Array with NaN', size: 'tiny', place: 'engine', values: nan, ...references(nan, 8) });
  return specs;
}

/**
 * The specs placed in `engine`: one allocation per distinct values array (subarrays share their
 * whole view's allocation), plain inputs as they are. `free()` gives the allocations back.
 */
export function place(engine: ParallelSum, specs: readonly Spec[]): { cases: Case[]; free: () => void } {
  const views = new Map<object, Values>();
  const cases = specs.map((spec): Case => {
    if (spec.place !== 'engine') return { spec, data: spec.values };
    const values = spec.values as Values;
    let view = views.get(values);
    if (view === undefined) {
      view = engine.alloc(values.constructor as Ctor, values.length) as Values;
      (view as Float64Array).set(values as Float64Array);
      views.set(values, view);
    }
    return { spec, data: spec.range === undefined ? view : view.subarray(...spec.range) };
  });
  return { cases, free: () => views.forEach((view) => engine.free(view)) };
}
