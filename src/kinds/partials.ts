// One strategy per kind of partial sum: how a chunk's partial is stored (in a job block in shared
// memory, or kept by the calling thread), how many bytes it takes, and how partials combine into the
// result, always in chunk order. Every path asks the kind's strategy; none switches on the kind.
import { combineFloat, combineInt, combineWide } from './combine.js';
import { ExactTotal, roundExact } from './exact.js';
import type { Kernel, KernelMemory } from './kernels.js';
import { kExactBytes } from '../memory/layout.js';

/** Views of a shared memory that reach the partials being written (a participant's own). */
export interface Views {
  readonly f64: Float64Array;
  readonly i64: BigInt64Array;
}

/** The partials of some consecutive chunks, for a streamed sum: float partials in order, or their exact total. */
export type Part =
  | { readonly floats: Float64Array; readonly units?: undefined; readonly flags?: undefined }
  | { readonly floats?: undefined; readonly units: bigint; readonly flags: number };

/** The partials of one sum on the calling thread, filled chunk by chunk, in any order. */
export interface Partials {
  /** Sums one chunk (`length` elements at `ptr` in `memory`) with `kernel`; keeps its partial as chunk `c`. */
  add(c: number, kernel: Kernel, ptr: number, length: number, memory: KernelMemory): void;
  /** The result: the partials combined in chunk order. */
  result(): number | bigint;
  /** The partials as a Part (a streamed sum's buffer summed on the calling thread). */
  part(): Part;
}

export interface PartialStrategy {
  /** Bytes of one partial in a job block. */
  readonly bytes: number;
  /** A participant sums a chunk and stores its partial at byte address `at` of the job block. */
  store(kernel: Kernel, ptr: number, length: number, at: number, views: Views): void;
  /** Combines `count` partials stored from byte address `at` of `buffer`, in chunk order. */
  combine(buffer: ArrayBufferLike, at: number, count: number): number | bigint;
  /**
   * Partials for `count` chunks on the calling thread. `reuse`: the sum runs to its end before
   * another can start (no yield), so a buffer kept between calls may hold them.
   */
  open(count: number, reuse: boolean): Partials;
  /** `count` partials stored from byte address `at` of `buffer` as a Part, for a streamed sum. */
  part(buffer: ArrayBufferLike, at: number, count: number): Part;
  /**
   * Exact strategies: the result of an exact total (units of 1, or of 2^-1074 for exact floats, with
   * the special-value flags). Undefined for float partials, which only combine in their tree.
   */
  readonly total: ((units: bigint, flags: number) => number | bigint) | undefined;
}

// Float partials of a sum that does not yield, reused by every such call; grown when an input has more
// chunks than any before (small calls are where an allocation per call shows).
let floatScratch = new Float64Array(64);

/** f64 per chunk, combined pairwise in chunk order -> number. */
export const floatPartials: PartialStrategy = {
  bytes: 8,
  store(kernel, ptr, length, at, views) {
    views.f64[at >>> 3] = kernel(ptr, length) as number;
  },
  combine: (buffer, at, count) => combineFloat(new Float64Array(buffer, at, count)),
  open(count, reuse) {
    if (reuse && count > floatScratch.length) floatScratch = new Float64Array(count);
    const f = reuse ? floatScratch : new Float64Array(count);
    return {
      add(c, kernel, ptr, length) { f[c] = kernel(ptr, length) as number; },
      result: () => combineFloat(f, count),
      part: () => ({ floats: f.slice(0, count) }),
    };
  },
  part: (buffer, at, count) => ({ floats: new Float64Array(buffer, at, count).slice() }),
  total: undefined,
};

/** i64 per chunk (exact), added exactly -> number, rounded once. */
export const intPartials: PartialStrategy = {
  bytes: 8,
  store(kernel, ptr, length, at, views) {
    views.i64[at >>> 3] = kernel(ptr, length) as bigint;
  },
  combine: (buffer, at, count) => Number(combineInt(new BigInt64Array(buffer, at, count))),
  // Exact partials: added up as they come, in whatever order, with no array.
  open() {
    let total = 0n;
    return {
      add(_c, kernel, ptr, length) { total += kernel(ptr, length) as bigint; },
      result: () => Number(total),
      part: () => ({ units: total, flags: 0 }),
    };
  },
  part: (buffer, at, count) => ({ units: combineInt(new BigInt64Array(buffer, at, count)), flags: 0 }),
  total: (units) => Number(units),
};

/** i128 per chunk as (lo: u64, hi: i64) (exact), added exactly -> bigint. */
export const widePartials: PartialStrategy = {
  bytes: 16,
  store(kernel, ptr, length, at) {
    kernel(ptr, length, at);
  },
  combine: (buffer, at, count) => combineWide(new BigUint64Array(buffer, at, 2 * count)),
  open() {
    let lo = 0n;
    let hi = 0n;
    return {
      add(_c, kernel, ptr, length, memory) {
        kernel(ptr, length, memory.out);
        const words = new BigUint64Array(memory.buffer(), memory.out, 2);
        lo += words[0]!;
        hi += BigInt.asIntN(64, words[1]!);
      },
      result: () => (hi << 64n) + lo,
      part: () => ({ units: (hi << 64n) + lo, flags: 0 }),
    };
  },
  part: (buffer, at, count) => ({ units: combineWide(new BigUint64Array(buffer, at, 2 * count)), flags: 0 }),
  total: (units) => units,
};

/** A superaccumulator per chunk (kExactBytes), merged exactly, rounded once -> number. */
export const exactPartials: PartialStrategy = {
  bytes: kExactBytes,
  store(kernel, ptr, length, at) {
    kernel(ptr, length, at);
  },
  // Any order would do (the merge is exact); chunk order anyway.
  combine: (buffer, at, count) => exactTotalOf(buffer, at, count).result(),
  open() {
    const total = new ExactTotal();
    return {
      add(_c, kernel, ptr, length, memory) {
        kernel(ptr, length, memory.out);
        total.add(new Int32Array(memory.buffer()), memory.out);
      },
      result: () => total.result(),
      part: () => ({ units: total.units(), flags: total.flags }),
    };
  },
  part(buffer, at, count) {
    const total = exactTotalOf(buffer, at, count);
    return { units: total.units(), flags: total.flags };
  },
  total: (units, flags) => roundExact(flags, units),
};

// The exact total of `count` superaccumulators stored from byte address `at` of `buffer`.
function exactTotalOf(buffer: ArrayBufferLike, at: number, count: number): ExactTotal {
  const total = new ExactTotal();
  const i32 = new Int32Array(buffer);
  for (let c = 0; c < count; c++) total.add(i32, at + c * kExactBytes);
  return total;
}
