// Summing on the calling thread: small inputs (a worker hop would cost more than the sum) and inputs
// outside the engine's shared memory (workers cannot read them). Such an input is copied a chunk at a
// time into a small private memory and summed there by the same SIMD kernel: copying into ordinary
// (unshared) wasm memory is a plain memcpy from cache, and kernel plus copy beat a JavaScript loop
// by 1.5 to 2x (copying into the shared memory is slower: it must use relaxed atomic copies). Chunk
// boundaries are the workers' and partials combine the same way, so every path gives the same bits.
import { combineFloat, combineInt, combineWide } from '../kinds/combine.js';
import { startExact } from './exact.js';
import { kinds, type Kind, type Place } from '../kinds/kinds.js';
import { chunkLength } from '../parallel/job.js';
import { kChunkBytes } from '../memory/layout.js';
import { mirrorArray, notANumber } from '../kinds/mirror.js';

/** Chunks an input outside shared memory may have and still be summed without yielding (4 MiB). */
const kSliceChunks = 16;

/**
 * How long the calling thread sums between two yields to the event loop: 20 times what the last
 * yield took (so yielding costs at most ~5% of the time), within 2 to 16 ms (one frame at 60 Hz).
 * A yield costs tens of microseconds in Node, Chromium and Firefox, but a MessageChannel turn costs
 * 0.5 to 1 ms in WebKitGTK, where yielding every 4 MiB made a sum twice as slow as sumSync.
 */
const kWorkPerYield = 20;
const kMinSliceMs = 2;
const kMaxSliceMs = 16;

/** A kernel export: `(ptr, length) -> partial`, or `(ptr, length, out)` writing a wide partial at `out`. */
export type Kernel = (ptr: number, length: number, out?: number) => number | bigint | undefined;

/**
 * A kernel instance's exports, indexed by Kind.id (an array, not a property lookup per call): `sum`
 * gives a chunk's partial, `one` one chunk's sum as a number (undefined for the wide and exact kinds).
 */
export interface Kernels {
  readonly sum: readonly Kernel[];
  readonly one: readonly OneChunk[];
}

/** A kind's kernel1: one chunk's sum, as a number. */
type OneChunk = (ptr: number, length: number) => number;

/** Indexes a kernel instance's exports by kind. */
export function kernelsOf(exports: WebAssembly.Exports): Kernels {
  return {
    sum: kinds.map((kind) => exports[kind.kernel] as Kernel),
    one: kinds.map((kind) => exports[kind.kernel1 ?? ''] as OneChunk),
  };
}

/** A kernel instance and the memory it works in. */
export interface KernelMemory {
  readonly kernels: Kernels;
  /** The memory's buffer as of now. */
  buffer(): ArrayBufferLike;
  /** Byte address of a block for a kernel's out-parameter (kOutBytes). */
  readonly out: number;
}

/** A private, ordinary memory with room for one chunk at `at`: where inputs from elsewhere are copied. */
export interface Staging extends KernelMemory {
  readonly at: number;
}

/** What the calling thread needs to sum. */
export interface LocalContext {
  /** The engine's shared memory, whose inputs are read in place; undefined on the single-thread path. */
  readonly shared: KernelMemory | undefined;
  readonly staging: Staging;
  yield(): Promise<void>;
}

export type Source =
  | { where: 'shared'; ptr: number }                    // already in the engine's memory
  | { where: 'typed'; place: Place }                    // a TypedArray elsewhere: where it was at call time
  | { where: 'array'; array: readonly unknown[] };      // a number[]

/** Bytes the calling thread sums without yielding to the event loop. */
export const kSliceBytes = kSliceChunks * kChunkBytes;

/** Sums the whole input now, without yielding: for inputs of at most kSliceBytes. */
export function sumNow(ctx: LocalContext, kind: Kind, source: Source, length: number): number | bigint {
  if (source.where === 'shared' && kind.partial !== 'exact') return sumInPlace(ctx.shared!, kind, source.ptr, length);
  if (length <= chunkLength(kind) && source.where !== 'array' && kind.partial !== 'exact') {
    return sumOneChunk(ctx, kind, source, length);
  }
  const run = start(ctx, kind, source, length);
  run.chunks(0, run.count);
  return run.result();
}

// Partials of a float sum on the calling thread, reused by every call (a sum here runs to its end
// before another can start); grown when an input has more chunks than any before.
let floatPartials = new Float64Array(64);

/**
 * Sums `length` elements of `kind` at `ptr` in `memory`, chunk by chunk as the workers would: the
 * calling thread's path for inputs already in the engine's memory, kept free of per-chunk allocation
 * because small calls are where its overhead shows. Integer partials are exact, so they are added up
 * as they come; float partials are combined pairwise in chunk order, as everywhere.
 */
export function sumInPlace(memory: KernelMemory, kind: Kind, ptr: number, length: number): number | bigint {
  const per = chunkLength(kind);
  const count = Math.ceil(length / per);
  if (count === 1 && kind.kernel1 !== undefined) return memory.kernels.one[kind.id]!(ptr, length);
  const kernel = memory.kernels.sum[kind.id]!;
  if (kind.partial === 'float') {
    if (count === 0) return -0;
    if (count > floatPartials.length) floatPartials = new Float64Array(count);
    const partials = floatPartials;
    for (let c = 0; c < count - 1; c++) partials[c] = kernel(ptr + c * kChunkBytes, per) as number;
    partials[count - 1] = kernel(ptr + (count - 1) * kChunkBytes, length - (count - 1) * per) as number;
    return combineFloat(partials, count);
  }
  if (kind.partial === 'int') {
    if (count === 0) return 0;
    let total = 0n;
    for (let c = 0; c < count; c++) total += kernel(ptr + c * kChunkBytes, Math.min(per, length - c * per)) as bigint;
    return Number(total);
  }
  let lo = 0n;
  let hi = 0n;
  for (let c = 0; c < count; c++) {
    kernel(ptr + c * kChunkBytes, Math.min(per, length - c * per), memory.out);
    const words = new BigUint64Array(memory.buffer(), memory.out, 2);
    lo += words[0]!;
    hi += BigInt.asIntN(64, words[1]!);
  }
  return (hi << 64n) + lo;
}

// An input of at most one chunk, the common small call: its one partial is the result (combining one
// partial returns it unchanged), so no partials array, closure or combine is needed.
function sumOneChunk(ctx: LocalContext, kind: Kind, source: Source, length: number): number | bigint {
  if (length === 0) return kind.partial === 'float' ? -0 : kind.partial === 'int' ? 0 : 0n;
  const { memory, ptr } = place(ctx, kind, source, 0, length);
  if (kind.kernel1 !== undefined) return memory.kernels.one[kind.id]!(ptr, length);
  memory.kernels.sum[kind.id]!(ptr, length, memory.out);
  const words = new BigUint64Array(memory.buffer(), memory.out, 2);
  return (BigInt.asIntN(64, words[1]!) << 64n) + words[0]!;
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

export interface Run {
  readonly count: number;
  chunks(from: number, to: number): void;
  result(): number | bigint;
}

function start(ctx: LocalContext, kind: Kind, source: Source, length: number): Run {
  if (kind.partial === 'exact') return startExact(ctx, kind, source, length);
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

/**
 * Where elements [from, to) of `source` are for a kernel: in place in the shared memory, or copied
 * into the staging block (a number[] element by element, refusing anything that is not a number).
 */
export function place(ctx: LocalContext, kind: Kind, source: Source, from: number, to: number):
  { memory: KernelMemory; ptr: number } {
  if (source.where === 'shared') return { memory: ctx.shared!, ptr: source.ptr + from * kind.bytes };
  const { staging } = ctx;
  const copy = new kind.ctor(staging.buffer(), staging.at, to - from) as Float64Array;
  if (source.where === 'typed') {
    copy.set(elements(kind, source.place, from, to));
  } else {
    const array = source.array;
    for (let i = from; i < to; i++) {
      const v = array[i];
      if (typeof v !== 'number') throw notANumber(array, i, i + 1);
      copy[i - from] = v;
    }
  }
  return { memory: staging, ptr: staging.at };
}

// Elements [from, to) of the input as they were placed at call time, in a view of our own (the input's
// own subarray() could run a subclass's constructor or species). A sum that yields can find the buffer
// detached or shrunk when it comes back: then it stops with an error rather than read what is not the
// input's (the copy would be short, and the staging block's stale tail summed instead).
function elements(kind: Kind, place: Place, from: number, to: number): Float64Array {
  try {
    return new kind.ctor(place.buffer, place.byteOffset + from * kind.bytes, to - from) as Float64Array;
  } catch (cause) {
    throw new TypeError('Expected `data` to stay readable while it is summed, but its buffer was detached or '
      + 'shrunk before the sum ended', { cause });
  }
}

function chunkSummer(ctx: LocalContext, kind: Kind, source: Source,
  partials: Float64Array | BigInt64Array | BigUint64Array): ChunkSummer {
  // A number[] is read in place by the kernel's JavaScript twin: it has to be read element by element
  // (to refuse non-numbers) anyway, so a copy would only add a pass.
  if (source.where === 'array' && kind.partial === 'float') {
    const f = partials as Float64Array;
    return (c, from, to) => { f[c] = mirrorArray(source.array, from, to); };
  }
  const id = kind.id;
  if (kind.partial === 'float') {
    const f = partials as Float64Array;
    return (c, from, to) => {
      const { memory, ptr } = place(ctx, kind, source, from, to);
      f[c] = memory.kernels.sum[id]!(ptr, to - from) as number;
    };
  }
  if (kind.partial === 'int') {
    const i = partials as BigInt64Array;
    return (c, from, to) => {
      const { memory, ptr } = place(ctx, kind, source, from, to);
      i[c] = memory.kernels.sum[id]!(ptr, to - from) as bigint;
    };
  }
  const w = partials as BigUint64Array;
  return (c, from, to) => {
    const { memory, ptr } = place(ctx, kind, source, from, to);
    memory.kernels.sum[id]!(ptr, to - from, memory.out);
    const words = new BigUint64Array(memory.buffer(), memory.out, 2);
    w[2 * c] = words[0]!;
    w[2 * c + 1] = words[1]!;
  };
}
