// Summing on the calling thread: small inputs (a worker hop would cost more than the sum) and inputs
// outside the engine's shared memory (workers cannot read them), read where src/local/place.ts puts
// them, by the same SIMD kernels. Chunk boundaries are the workers' and partials are stored and
// combined by the kind's strategy, as on the workers, so every path gives the same bits.
import type { Kernel, KernelMemory } from '../kinds/kernels.js';
import { chunkLength, fitsOneChunk, type Kind } from '../kinds/kinds.js';
import type { Part } from '../kinds/partials.js';
import { kChunkBytes } from '../memory/layout.js';
import { place, type LocalContext, type Source } from './place.js';

/**
 * How long the calling thread sums between two yields to the event loop: 20 times what the last
 * yield took (so yielding costs at most ~5% of the time), within 2 to 16 ms (one frame at 60 Hz).
 * A yield costs tens of microseconds in Node, Chromium and Firefox, but a MessageChannel turn costs
 * 0.5 to 1 ms in WebKitGTK, where yielding every 4 MiB made a sum twice as slow as sumSync.
 */
const kWorkPerYield = 20;
const kMinSliceMs = 2;
const kMaxSliceMs = 16;

/** Sums the whole input now, without yielding (the planner keeps this to small inputs). */
export function sumNow(ctx: LocalContext, kind: Kind, source: Source, length: number): number | bigint {
  if (source.where === 'shared') return sumInPlace(ctx.shared!, kind, source.ptr, length);
  // An input of at most one chunk, the common small call: its one partial is the result (combining one
  // partial returns it unchanged), so no partials, closure or combine are needed.
  if (source.where === 'typed' && fitsOneChunk(kind, length)) {
    const { memory, ptr } = place(ctx, kind, source, 0, length);
    return memory.kernels.one[kind.id]!(ptr, length);
  }
  const run = start(ctx, kind, source, length);
  run.chunks(0, run.count);
  return run.result();
}

/**
 * Sums `length` elements of `kind` at `ptr` in `memory`, chunk by chunk as the workers would: the
 * calling thread's path for inputs already in the engine's memory. Small calls are where its overhead
 * shows: one chunk is one kernel call, and float partials go to a buffer reused by every call (no
 * user code can run in between, so no other sum can take it meanwhile). Wide and exact partials are
 * read from the memory's out block through a view made per chunk.
 */
export function sumInPlace(memory: KernelMemory, kind: Kind, ptr: number, length: number): number | bigint {
  if (fitsOneChunk(kind, length)) return memory.kernels.one[kind.id]!(ptr, length);
  const per = chunkLength(kind);
  const count = Math.ceil(length / per);
  const kernel = memory.kernels.sum[kind.id]!;
  const partials = kind.partials.open(count, true);
  for (let c = 0; c < count; c++) {
    partials.add(c, kernel, ptr + c * kChunkBytes, Math.min(per, length - c * per), memory);
  }
  return partials.result();
}

/**
 * Sums `length` elements of `kind` from `source` on this thread. Looks at the clock after each chunk
 * and yields to the event loop once a slice's time is up (kMinSliceMs to kMaxSliceMs, scaled to what
 * yielding costs here), checking `signal` each time, so long sums stay cancellable.
 */
export async function sumSliced(ctx: LocalContext, kind: Kind, source: Source, length: number,
  signal: AbortSignal | undefined): Promise<number | bigint> {
  const run = start(ctx, kind, source, length);
  let slice = kMinSliceMs;
  let until = performance.now() + slice;
  for (let c = 0; c < run.count; c++) {
    run.chunks(c, c + 1);
    if (c + 1 < run.count && performance.now() >= until) {
      const before = performance.now();
      await ctx.yield();
      signal?.throwIfAborted();
      const now = performance.now();
      slice = Math.min(kMaxSliceMs, Math.max(kMinSliceMs, kWorkPerYield * (now - before)));
      until = now + slice;
    }
  }
  return run.result();
}

/** The partials of `length` elements of `source`, summed now chunk by chunk as the workers would (a streamed buffer's). */
export function partsNow(ctx: LocalContext, kind: Kind, source: Source, length: number): Part {
  const run = start(ctx, kind, source, length);
  run.chunks(0, run.count);
  return run.part();
}

interface Run {
  readonly count: number;
  chunks(from: number, to: number): void;
  result(): number | bigint;
  part(): Part;
}

// A sum of `source` on this thread, run a range of chunks at a time. Its partials are its own (never
// the reused buffer): a sum that yields, or reads a number[] (whose elements may be getters), can have
// another sum start before it ends.
function start(ctx: LocalContext, kind: Kind, source: Source, length: number): Run {
  const per = chunkLength(kind);
  const count = Math.ceil(length / per);
  const partials = kind.partials.open(count, false);
  // A number[] is read in place by the kernel's JavaScript twin, where the kind has one: it has to be
  // read element by element (to refuse non-numbers) anyway, so a copy would only add a pass. The twin
  // is called as a kernel whose "pointer" is the first index.
  const mirror = source.where === 'array' ? kind.mirror : undefined;
  const twin: Kernel | undefined = mirror && ((from, n) => mirror((source as { array: readonly unknown[] }).array, from, from + n));
  return {
    count,
    chunks(from, to) {
      for (let c = from; c < to; c++) {
        const first = c * per, end = Math.min(length, first + per);
        if (twin !== undefined) {
          partials.add(c, twin, first, end - first, ctx.staging);
        } else {
          const { memory, ptr } = place(ctx, kind, source, first, end);
          partials.add(c, memory.kernels.sum[kind.id]!, ptr, end - first, memory);
        }
      }
    },
    result: () => partials.result(),
    part: () => partials.part(),
  };
}
