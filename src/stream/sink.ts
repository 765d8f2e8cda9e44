// Where a streamed sum's per-chunk partials go, in chunk order, and what they add up to. Float
// partials build combineFloat's tree as they come (src/combine.ts, PartialTree), so a stream gives the
// bits of the in-memory sum; integer and exact partials are exact, so they are added as integers (the
// exact ones as a count of 2^-1074 units, with the special-value flags beside it).
import { PartialTree } from '../combine.js';
import { ExactTotal, roundExact } from '../exact.js';
import { chunkLength } from '../job.js';
import type { Kind } from '../kinds.js';
import { place, type LocalContext, type Source } from '../local.js';
import { kExactBytes } from '../memory/layout.js';

/**
 * How a kind's partials add up: float partials in the combine tree; int (i64), wide (i128) and exact
 * (superaccumulator) partials exactly. The one place stream code asks the kind table (src/kinds.ts).
 */
export type PartialShape = 'float' | 'int' | 'wide' | 'exact';
export const partialOf = (kind: Kind): PartialShape => kind.partial;

/** The partials of some consecutive chunks: float partials in order, or their exact sum. */
export type Part =
  | { readonly floats: Float64Array; readonly units?: undefined; readonly flags?: undefined }
  | { readonly floats?: undefined; readonly units: bigint; readonly flags: number };

export class Sink {
  readonly kind: Kind;
  readonly shape: PartialShape;
  #tree = new PartialTree();
  #units = 0n;
  #flags = 0;

  constructor(kind: Kind) {
    this.kind = kind;
    this.shape = partialOf(kind);
  }

  /** Reads a job's partials (`chunks` of them at byte address `at`, in chunk order) out of its block. */
  fromJob(buffer: ArrayBufferLike, at: number, chunks: number): Part {
    if (this.shape === 'float') return { floats: new Float64Array(buffer, at, chunks).slice() };
    if (this.shape === 'int') {
      const p = new BigInt64Array(buffer, at, chunks);
      let units = 0n;
      for (let c = 0; c < chunks; c++) units += p[c]!;
      return { units, flags: 0 };
    }
    if (this.shape === 'wide') {
      const w = new BigUint64Array(buffer, at, 2 * chunks);
      let lo = 0n, hi = 0n;
      for (let c = 0; c < chunks; c++) {
        lo += w[2 * c]!;
        hi += BigInt.asIntN(64, w[2 * c + 1]!);
      }
      return { units: (hi << 64n) + lo, flags: 0 };
    }
    const total = new ExactTotal();
    const i32 = new Int32Array(buffer);
    for (let c = 0; c < chunks; c++) total.add(i32, at + c * kExactBytes);
    return { units: total.units(), flags: total.flags };
  }

  /** Sums `length` elements of `source` on the calling thread, chunk by chunk as the workers would. */
  here(ctx: LocalContext, source: Source, length: number): Part {
    const kind = this.kind;
    const per = chunkLength(kind);
    const count = Math.ceil(length / per);
    const floats = this.shape === 'float' ? new Float64Array(count) : undefined;
    const exact = this.shape === 'exact' ? new ExactTotal() : undefined;
    let units = 0n;
    for (let c = 0; c < count; c++) {
      const from = c * per, to = Math.min(length, from + per);
      const { memory, ptr } = place(ctx, kind, source, from, to);
      const kernel = memory.kernels.sum[kind.id]!;
      if (floats !== undefined) {
        floats[c] = kernel(ptr, to - from) as number;
      } else if (this.shape === 'int') {
        units += kernel(ptr, to - from) as bigint;
      } else {
        kernel(ptr, to - from, memory.out);
        if (exact !== undefined) {
          exact.add(new Int32Array(memory.buffer()), memory.out);
        } else {
          const w = new BigUint64Array(memory.buffer(), memory.out, 2);
          units += (BigInt.asIntN(64, w[1]!) << 64n) + w[0]!;
        }
      }
    }
    if (floats !== undefined) return { floats };
    return exact !== undefined ? { units: exact.units(), flags: exact.flags } : { units, flags: 0 };
  }

  /** Adds the next chunks' partials, in chunk order. */
  push(part: Part): void {
    if (part.floats !== undefined) {
      for (const partial of part.floats) this.#tree.push(partial);
    } else {
      this.#units += part.units;
      this.#flags |= part.flags;
    }
  }

  /** The sum of every partial pushed, and then of `more`: a number, or a bigint for the 64-bit integer kinds. */
  result(more?: Part): number | bigint {
    if (this.shape === 'float') return this.#tree.result(more?.floats);
    const units = this.#units + (more?.units ?? 0n);
    if (this.shape === 'int') return Number(units);
    if (this.shape === 'wide') return units;
    return roundExact(this.#flags | (more?.flags ?? 0), units);
  }

  /** The exact total (mergeable kinds only): units of 2^-1074 for exact floats, of 1 for integers. */
  get units(): bigint {
    return this.#units;
  }

  get flags(): number {
    return this.#flags;
  }

  /** Adds another exact total (a merged state). */
  merge(units: bigint, flags: number): void {
    this.#units += units;
    this.#flags |= flags;
  }

  /** A function that puts the sink back as it is now (an add that fails leaves no trace). */
  snapshot(): () => void {
    const tree = this.#tree.copy(), units = this.#units, flags = this.#flags;
    return () => {
      this.#tree = tree;
      this.#units = units;
      this.#flags = flags;
    };
  }
}
