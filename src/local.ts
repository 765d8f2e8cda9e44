// Summing on the calling thread: small inputs (a worker hop would cost more than the sum) and inputs
// outside the engine's shared memory (workers cannot read them, and copying them in costs more than
// summing them). Chunk boundaries are the workers' ones and partials combine the same way, so every
// path gives the same bits for the same values.
import { combineFloat, combineInt, combineWide } from './combine.js';
import type { Kind, NumericArray } from './kinds.js';
import { chunkLength } from './job.js';
import { kChunkBytes } from './memory/layout.js';
import { mirrorArray, mirrorTyped } from './mirror.js';

/** Chunks summed between two yields to the event loop (about 4 MiB: well under a millisecond). */
const kSliceChunks = 16;

export interface Kernels {
  [name: string]: (ptr: number, length: number, out?: number) => number | bigint | undefined;
}

/** What the calling thread needs: its own kernel instance and a scratch block in shared memory. */
export interface LocalContext {
  readonly kernels: Kernels;
  /** The memory's buffer as of now. */
  buffer(): ArrayBufferLike;
  /** Byte address of a block of kChunkBytes + 16 bytes this thread may use between two awaits. */
  readonly scratch: number;
  yield(): Promise<void>;
}

export type Source =
  | { where: 'shared'; ptr: number }                    // already in the engine's memory
  | { where: 'typed'; view: NumericArray }              // a TypedArray elsewhere
  | { where: 'array'; array: readonly unknown[] };      // a number[]

/** Bytes the calling thread sums without yielding to the event loop. */
export const kSliceBytes = kSliceChunks * kChunkBytes;

/** Sums the whole input now, without yielding: for inputs of at most kSliceBytes. */
export function sumNow(ctx: LocalContext, kind: Kind, source: Source, length: number): number | bigint {
  const run = start(ctx, kind, source, length);
  run.chunks(0, run.count);
  return run.result();
}

/**
 * Sums `length` elements of `kind` from `source` on this thread. Yields to the event loop between
 * slices of kSliceBytes, checking `signal` each time, so long sums stay cancellable.
 */
export async function sumSliced(ctx: LocalContext, kind: Kind, source: Source, length: number,
  signal: AbortSignal | undefined): Promise<number | bigint> {
  const run = start(ctx, kind, source, length);
  for (let c = 0; c < run.count; c += kSliceChunks) {
    if (c > 0) {
      await ctx.yield();
      signal?.throwIfAborted();
    }
    run.chunks(c, Math.min(run.count, c + kSliceChunks));
  }
  return run.result();
}

interface Run {
  readonly count: number;
  chunks(from: number, to: number): void;
  result(): number | bigint;
}

function start(ctx: LocalContext, kind: Kind, source: Source, length: number): Run {
  const per = chunkLength(kind);
  const count = Math.ceil(length / per);
  const partials = kind.partial === 'float' ? new Float64Array(count)
    : kind.partial === 'int' ? new BigInt64Array(count) : new BigUint64Array(2 * count);
  const chunk = chunkSummer(ctx, kind, source, partials);
  return {
    count,
    chunks(from, to) {
      for (let c = from; c < to; c++) chunk(c, c * per, Math.min(length, (c + 1) * per));
    },
    result() {
      if (kind.partial === 'float') return combineFloat(partials as Float64Array);
      if (kind.partial === 'int') return Number(combineInt(partials as BigInt64Array));
      return combineWide(partials as BigUint64Array);
    },
  };
}

type ChunkSummer = (chunk: number, from: number, to: number) => void;

function chunkSummer(ctx: LocalContext, kind: Kind, source: Source,
  partials: Float64Array | BigInt64Array | BigUint64Array): ChunkSummer {
  const kernel = ctx.kernels[kind.kernel]!;
  if (source.where === 'array') {
    const f = partials as Float64Array;
    return (c, from, to) => { f[c] = mirrorArray(source.array, from, to); };
  }
  if (source.where === 'typed' && kind.partial === 'float') {
    const f = partials as Float64Array;
    const view = source.view as Float64Array | Float32Array;
    return (c, from, to) => { f[c] = mirrorTyped(view, from, to); };
  }
  // The rest runs the wasm kernel: in place, or on a copy of the chunk in the scratch block (integer
  // lanes are where SIMD gains most over JavaScript, and where the copy is cheapest per element).
  const stage = (from: number, to: number): number => {
    if (source.where === 'shared') return source.ptr + from * kind.bytes;
    const copy = new kind.ctor(ctx.buffer(), ctx.scratch, to - from) as Float64Array;
    copy.set(source.view.subarray(from, to) as Float64Array);
    return ctx.scratch;
  };
  if (kind.partial === 'float') {
    const f = partials as Float64Array;
    return (c, from, to) => { f[c] = kernel(stage(from, to), to - from) as number; };
  }
  if (kind.partial === 'int') {
    const i = partials as BigInt64Array;
    return (c, from, to) => { i[c] = kernel(stage(from, to), to - from) as bigint; };
  }
  const w = partials as BigUint64Array;
  const out = ctx.scratch + kChunkBytes;
  return (c, from, to) => {
    kernel(stage(from, to), to - from, out);
    const words = new BigUint64Array(ctx.buffer(), out, 2);
    w[2 * c] = words[0]!;
    w[2 * c + 1] = words[1]!;
  };
}
