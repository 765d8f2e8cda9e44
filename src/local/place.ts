// Where the calling thread finds an input's elements for a kernel: in place in the engine's shared
// memory, or copied a chunk at a time into a small private memory. Copying into ordinary (unshared)
// wasm memory is a plain memcpy from cache, and kernel plus copy beat a JavaScript loop by 1.5 to 2x
// (copying into the shared memory is slower: it must use relaxed atomic copies).
import { bufferShrunk, notANumber } from '../errors.js';
import type { KernelMemory } from '../kinds/kernels.js';
import type { Kind, Place } from '../kinds/kinds.js';

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
    throw bufferShrunk(cause);
  }
}
