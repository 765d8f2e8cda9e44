// precision: 'exact' on the calling thread: small inputs and inputs outside shared memory, run by
// src/local.ts (sumNow, sumSliced) like any other kind. Unlike the fast mode, which reads inputs outside
// shared memory where they are with JavaScript twins of its kernels, exact mode copies each chunk into
// the scratch block and runs the wasm kernel on it: the kernel is many times faster than any
// JavaScript superaccumulator, and the copy costs a fraction of it. The chunks are the workers' chunks;
// each gets its own accumulator, merged as the workers' are (the merge is exact, so this is for
// clarity, not for the bits).
import { ExactTotal } from './exact.js';
import { chunkLength } from './job.js';
import type { Kind } from './kinds.js';
import type { LocalContext, Run, Source } from './local.js';
import { kChunkBytes } from './memory/layout.js';
import { notANumber } from './mirror.js';

/** A calling-thread run of `length` elements of `source`; `kind` is an exact kind. */
export function startExact(ctx: LocalContext, kind: Kind, source: Source, length: number): Run {
  const per = chunkLength(kind);
  const kernel = ctx.kernels[kind.kernel]!;
  // The accumulator sits right after the staged chunk in the scratch block.
  const acc = ctx.scratch + kChunkBytes;
  const total = new ExactTotal();
  return {
    count: Math.ceil(length / per),
    chunks(from, to) {
      for (let c = from; c < to; c++) {
        const first = c * per, end = Math.min(length, first + per);
        kernel(stage(ctx, kind, source, first, end), end - first, acc);
        total.add(new Int32Array(ctx.buffer()), acc);
      }
    },
    result: () => total.result(),
  };
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
