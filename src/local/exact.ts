// precision: 'exact' on the calling thread: small inputs and inputs outside shared memory, run by
// src/local.ts (sumNow, sumSliced) like any other kind, and placed by its place(): read in place in
// the shared memory, or copied a chunk at a time into the staging memory (a number[] element by
// element, refusing non-numbers). Unlike the fast mode, a number[] is copied too: the kernel is many
// times faster than any JavaScript superaccumulator. The chunks are the workers' chunks; each chunk's
// accumulator (written into the memory's out block) is merged as the workers' are.
import { ExactTotal } from '../kinds/exact.js';
import { chunkLength } from '../parallel/job.js';
import type { Kind } from '../kinds/kinds.js';
import { place, type LocalContext, type Run, type Source } from './sum.js';

/** A calling-thread run of `length` elements of `source`; `kind` is an exact kind. */
export function startExact(ctx: LocalContext, kind: Kind, source: Source, length: number): Run {
  const per = chunkLength(kind);
  const total = new ExactTotal();
  return {
    count: Math.ceil(length / per),
    chunks(from, to) {
      for (let c = from; c < to; c++) {
        const first = c * per, end = Math.min(length, first + per);
        const { memory, ptr } = place(ctx, kind, source, first, end);
        memory.kernels.sum[kind.id]!(ptr, end - first, memory.out);
        total.add(new Int32Array(memory.buffer()), memory.out);
      }
    },
    result: () => total.result(),
  };
}
