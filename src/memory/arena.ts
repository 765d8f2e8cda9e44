// The shared WebAssembly.Memory of one engine and the first-fit allocator over it.
import { notABlock, OutOfMemoryError } from '../errors.js';

/** WebAssembly page size. */
export const kPageBytes = 65536;
/** Every block starts on a cache line, so blocks written by different threads never share one. */
export const kAlign = 64;
/** wasm32 memories stop at 4 GiB. */
export const kMaxMemoryBytes = 65536 * kPageBytes;
/**
 * No block ends past this: the last 64 bytes of a 4 GiB memory are never handed out. A kernel walks
 * [ptr, ptr + length) with 32-bit pointers, and a block ending at 2^32 would have its end pointer wrap
 * to 0 (C keeps objects off the top of the address space for the same reason: one-past-the-end).
 */
export const kTopBytes = kMaxMemoryBytes - kAlign;

interface Span {
  ptr: number;
  size: number;
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * The shared `WebAssembly.Memory` every thread of an engine works in, and a first-fit allocator over it.
 *
 *   0          64                                          byteLength         maximum   (4 GiB - 64)
 *   | reserved | blocks (64-byte aligned), free spans      | grown on demand …  |  reserved |
 *
 * Address 0 is never handed out, so 0 can mean "none"; nor are the last 64 bytes below 4 GiB (kTopBytes). Only the owning (calling) thread allocates;
 * workers only read and write inside blocks it gave them. Growing never moves memory, so views made
 * before a growth stay valid (they just do not see the new part); every buffer the memory has had is
 * remembered, which is how a view is recognized as being in this memory.
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly maxBytes: number;
  #free: Span[] = [];
  #sizes = new Map<number, number>();
  #used = 0;
  /** Every byte from here up has never been handed out: still the zeros the memory came with. */
  #pristine = kAlign;
  #buffers = new WeakSet<ArrayBufferLike>();

  /**
   * `shared: false` is the single-thread fallback (no SharedArrayBuffer): then a growth detaches the
   * old buffer, so no view into this memory may outlive an `alloc`.
   */
  constructor({ initialBytes, maxBytes, shared }: { initialBytes: number; maxBytes: number; shared: boolean }) {
    this.maxBytes = maxBytes;
    const initial = Math.ceil(initialBytes / kPageBytes);
    this.memory = new WebAssembly.Memory({ initial, maximum: maxBytes / kPageBytes, shared });
    this.#free.push({ ptr: kAlign, size: initial * kPageBytes - kAlign });
  }

  /** The memory's buffer as of now (larger after a growth), remembered as one of ours. */
  get buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer);
    return buffer;
  }

  /** Bytes of memory now (grows on demand up to `maxBytes`). */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes in live blocks. */
  get used(): number {
    return this.#used;
  }

  /** True if `buffer` is (one of the buffers of) this memory. */
  owns(buffer: ArrayBufferLike): boolean {
    // Most inputs are ordinary ArrayBuffers: rule them out without touching the memory object.
    if (typeof SharedArrayBuffer !== 'function' || !(buffer instanceof SharedArrayBuffer)) return false;
    return this.#buffers.has(buffer) || buffer === this.buffer;
  }

  /**
   * A block of at least `bytes` bytes, 64-byte aligned, all zero. Grows the memory if needed. Only the
   * part that was handed out before is cleared: memory never used is zero already, so a large block
   * costs no pass over it (nor makes its pages resident) until it is written.
   */
  allocZeroed(bytes: number): number {
    const pristine = this.#pristine;
    const ptr = this.alloc(bytes);
    if (ptr < pristine) new Uint8Array(this.buffer, ptr, Math.min(ptr + bytes, pristine) - ptr).fill(0);
    return ptr;
  }

  /** A block of at least `bytes` bytes, 64-byte aligned. Grows the memory if needed. */
  alloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1), kAlign);
    let at = this.#free.findIndex((span) => span.size >= size && span.ptr + size <= kTopBytes);
    if (at === -1) at = this.#grow(size);
    const span = this.#free[at]!;
    const ptr = span.ptr;
    if (span.size === size) this.#free.splice(at, 1);
    else {
      span.ptr += size;
      span.size -= size;
    }
    this.#sizes.set(ptr, size);
    this.#used += size;
    this.#pristine = Math.max(this.#pristine, ptr + size);
    return ptr;
  }

  /** Returns a block from `alloc` to the free spans, merging it with its neighbours. */
  free(ptr: number): void {
    const size = this.#sizes.get(ptr);
    if (size === undefined) throw notABlock(ptr);
    this.#sizes.delete(ptr);
    this.#used -= size;
    let at = this.#free.findIndex((span) => span.ptr > ptr);
    if (at === -1) at = this.#free.length;
    this.#free.splice(at, 0, { ptr, size });
    const next = this.#free[at + 1];
    if (next !== undefined && ptr + size === next.ptr) {
      this.#free[at]!.size += next.size;
      this.#free.splice(at + 1, 1);
    }
    const prev = this.#free[at - 1];
    if (prev !== undefined && prev.ptr + prev.size === ptr) {
      prev.size += this.#free[at]!.size;
      this.#free.splice(at, 1);
    }
  }

  // Grows the memory so that a span of `size` bytes exists at its end; returns that span's index.
  #grow(size: number): number {
    const end = this.size;
    const last = this.#free.at(-1);
    const tail = last !== undefined && last.ptr + last.size === end ? last.size : 0;
    const pages = Math.ceil((size - tail) / kPageBytes);
    if (end + pages * kPageBytes > this.maxBytes || end - tail + size > kTopBytes) {
      throw new OutOfMemoryError(`Cannot allocate ${size} bytes: the engine's memory is limited to ${this.maxBytes} bytes`
        + ` and ${this.#used} are in use (see the \`maxMemory\` option)`);
    }
    try {
      this.memory.grow(pages);
    } catch (cause) {
      throw new OutOfMemoryError(`Could not grow the engine's memory by ${pages * kPageBytes} bytes`, { cause });
    }
    this.#buffers.add(this.memory.buffer);
    if (tail > 0) last!.size += pages * kPageBytes;
    else this.#free.push({ ptr: end, size: pages * kPageBytes });
    return this.#free.length - 1;
  }
}
