// The ring of buffers a streamed sum reads into: a few fixed blocks in the engine's shared memory
// (workers sum them in place), made on demand up to the ring's size and freed when the call ends.
// Without shared memory, or when the memory has no room, a buffer is an ordinary ArrayBuffer that the
// calling thread sums through its staging memory instead.
import { OutOfMemoryError } from '../errors.js';
import type { Source } from '../local.js';
import type { Arena } from '../memory/arena.js';
import { kChunkBytes } from '../memory/layout.js';

export interface Slot {
  /** The buffer's bytes (a view of the shared memory, or of an ordinary ArrayBuffer). */
  readonly bytes: Uint8Array;
  /** Byte address in the shared memory; -1 for an ordinary buffer. */
  readonly ptr: number;
}

/** A Source (src/local.ts) for the first `length` elements of `slot`. */
export function slotSource(slot: Slot, elements: number): Source {
  return slot.ptr >= 0 ? { where: 'shared', ptr: slot.ptr }
    : { where: 'typed', place: { buffer: slot.bytes.buffer, byteOffset: slot.bytes.byteOffset, length: elements } };
}

export class Ring {
  readonly slotBytes: number;
  readonly #arena: Arena | undefined;
  readonly #max: number;
  readonly #free: Slot[] = [];
  readonly #all: Slot[] = [];

  /**
   * `slotBytes` is rounded up to whole chunks; `sizeHint` (bytes the call expects, if known) makes
   * the buffers no larger than needed, so a small stream does not take a full ring.
   */
  constructor(arena: Arena | undefined, { slotBytes, slots }: { slotBytes: number; slots: number }, sizeHint?: number) {
    const wanted = sizeHint === undefined ? slotBytes : Math.min(slotBytes, Math.max(sizeHint, 1));
    this.slotBytes = Math.ceil(wanted / kChunkBytes) * kChunkBytes;
    this.#arena = arena;
    this.#max = Math.max(1, slots);
  }

  /** A free buffer, made if fewer than the ring's size exist; undefined when every one is in use. */
  take(): Slot | undefined {
    const free = this.#free.pop();
    if (free !== undefined || this.#all.length === this.#max) return free;
    const slot = this.#make();
    this.#all.push(slot);
    return slot;
  }

  /** Gives a buffer back to the ring. */
  give(slot: Slot): void {
    this.#free.push(slot);
  }

  /** Buffers in use now. */
  get busy(): number {
    return this.#all.length - this.#free.length;
  }

  /** Frees every buffer. Only once no reader or worker can touch any of them again. */
  close(): void {
    for (const slot of this.#all.splice(0)) if (slot.ptr >= 0) this.#arena!.free(slot.ptr);
    this.#free.length = 0;
  }

  #make(): Slot {
    if (this.#arena !== undefined) {
      try {
        const ptr = this.#arena.alloc(this.slotBytes);
        return { bytes: new Uint8Array(this.#arena.buffer, ptr, this.slotBytes), ptr };
      } catch (error) {
        // A memory too small (or full): this buffer is an ordinary one, summed on the calling thread.
        if (!(error instanceof OutOfMemoryError)) throw error;
      }
    }
    return { bytes: new Uint8Array(this.slotBytes), ptr: -1 };
  }
}
