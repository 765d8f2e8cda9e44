// What alloc() handed out: each view's kind, place and length, so that a sum over a whole view needs
// none of the view's getters (on a view of shared wasm memory each costs tens of nanoseconds), and
// free() can tell a live view from one it freed already.
import { notAnAllocation } from './errors.js';
import type { KernelMemory } from './kinds/kernels.js';
import { fitsOneChunk, type Kind, type NumericArray } from './kinds/kinds.js';
import { sumInPlace } from './local/sum.js';
import type { Arena } from './memory/arena.js';

/** A view alloc() returned: `ptr` is its byte address in the shared memory, -1 on an ordinary buffer. */
export interface Allocation {
  readonly kind: Kind;
  readonly ptr: number;
  readonly length: number;
  /** Summed by one call of the kind's kernel1, which returns the sum (decided once, at alloc()). */
  readonly oneChunk: boolean;
}

export class Allocations {
  readonly #arena: Arena;
  readonly #shared: boolean;
  readonly #records = new WeakMap<NumericArray, Allocation>();
  readonly #freed = new WeakSet<NumericArray>();
  #freedAny = false;

  /** `shared: false`: no shared memory here, so views are ordinary TypedArrays. */
  constructor(arena: Arena, shared: boolean) {
    this.#arena = arena;
    this.#shared = shared;
  }

  /** A zeroed view of `length` elements of `kind`: in the shared memory, or on an ordinary buffer. */
  alloc(kind: Kind, length: number): NumericArray {
    if (!this.#shared) {
      const view = new kind.ctor(new ArrayBuffer(length * kind.bytes));
      this.#records.set(view, { kind, ptr: -1, length, oneChunk: false });
      return view;
    }
    const ptr = this.#arena.allocZeroed(length * kind.bytes);
    const view = new kind.ctor(this.#arena.buffer, ptr, length);
    this.#records.set(view, { kind, ptr, length, oneChunk: fitsOneChunk(kind, length) });
    return view;
  }

  /** Returns a view's memory; throws a TypeError unless it is a live view from alloc(). */
  free(view: NumericArray): void {
    const ptr = this.#records.get(view)?.ptr;
    if (ptr === undefined) throw notAnAllocation(this.#freed.has(view));
    this.#records.delete(view);
    this.#freed.add(view);
    this.#freedAny = true;
    if (ptr >= 0) this.#arena.free(ptr);
  }

  /** The record of `data` if it is a whole live view from alloc() in the shared memory. */
  sharedView(data: unknown): Allocation | undefined {
    const a = this.#records.get(data as NumericArray);
    return a !== undefined && a.ptr >= 0 ? a : undefined;
  }

  /** True if `view` was freed (cheap while nothing was). */
  freed(view: NumericArray): boolean {
    return this.#freedAny && this.#freed.has(view);
  }
}

/** The sum of a whole view from alloc(), from its record: one kernel call when it fits one chunk. */
export function sumAllocation(shared: KernelMemory, a: Allocation): number | bigint {
  return a.oneChunk ? shared.kernels.one[a.kind.id]!(a.ptr, a.length) : sumInPlace(shared, a.kind, a.ptr, a.length);
}
