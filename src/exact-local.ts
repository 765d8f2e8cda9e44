// precision: 'exact' on the calling thread: small inputs and inputs outside shared memory. Unlike the
// fast mode, which reads such inputs where they are with JavaScript twins of its kernels, exact mode
// copies each chunk into the scratch block and runs the wasm kernel on it: the kernel is many times
// faster than any JavaScript superaccumulator, and the copy costs a fraction of it. Chunks are the
// workers' chunks, and each gets its own accumulator, so every path merges the same values.
import { ExactTotal } from './exact.js';
import { chunkLength } from './job.js';
import type { Kind } from './kinds.js';
import { kSliceChunks, type LocalContext, type Source } from './local.js';
import { kChunkBytes } from './memory/layout.js';
import { notANumber } from './mirror.js';

/**
 * The exact sum of `length` elements of `source`, rounded once; `kind` is an exact kind. Yields to the
 * event loop between slices of chunks, checking `signal` each time.
 */
export async function sumExactLocal(ctx: LocalContext, kind: Kind, source: Source, length: number,
  signal: AbortSignal | undefined): Promise<number> {
  const per = chunkLength(kind);
  const kernel = ctx.kernels[kind.kernel]!;
  // The accumulator sits right after the staged chunk in the scratch block.
  const acc = ctx.scratch + kChunkBytes;
  const total = new ExactTotal();
  for (let c = 0, from = 0; from < length; c++, from += per) {
    if (c > 0 && c % kSliceChunks === 0) {
      await ctx.yield();
      signal?.throwIfAborted();
    }
    const to = Math.min(length, from + per);
    kernel(stage(ctx, kind, source, from, to), to - from, acc);
    total.add(new Int32Array(ctx.buffer()), acc);
  }
  return total.result();
}

/** The byte address of elements [from, to) of `source` in the memory: in place, or copied to scratch. */
function stage(ctx: LocalContext, kind: Kind, source: Source, from: number, to: number): number {
  if (source.where === 'shared') return source.ptr + from * kind.bytes;
  const copy = new kind.ctor(ctx.buffer(), ctx.scratch, to - from) as Float64Array | Float32Array;
  if (source.where === 'typed') {
    copy.set((source.view as Float64Array | Float32Array).subarray(from, to));
    return ctx.scratch;
  }
  // A number[] may hold anything: refuse what is not a number instead of coercing it.
  const array = source.array;
  for (let i = from; i < to; i++) {
    const v = array[i];
    if (typeof v !== 'number') throw notANumber(array, i, i + 1);
    copy[i - from] = v;
  }
  return ctx.scratch;
}
