// The package's single-thread SIMD kernel, called directly: one instance of dist/kernels-simd.wasm on
// a shared memory of its own, holding a copy of the input. It is the floor under every path of the
// engine (the calling thread and each worker run exactly this code), so it is the contender that
// says what the engine's scheduling costs or gains.
import { readFile } from 'node:fs/promises';

const kPage = 65536;
/** The copy starts on a cache line, as the engine's blocks do. */
const kBase = 64;

export async function loadKernel() {
  const bytes = await readFile(new URL('../dist/kernels-simd.wasm', import.meta.url));
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  return new Kernel(memory, exports);
}

class Kernel {
  #memory;
  #exports;
  #loaded;

  constructor(memory, exports) {
    this.#memory = memory;
    this.#exports = exports;
  }

  /**
   * A function that sums a copy of `values` with the kernel for `type`, giving a number. The copy
   * is made now, unless `values` is the array copied last; one copy lives at a time, so only the
   * function made last may be called.
   */
  summer(type, values) {
    if (this.#loaded !== values) this.#load(values);
    // For i32 the export that returns a number (sum_i32_f64, exact below 2^53, as every i32 input of
    // the suite is): the fastest way to call the kernel, so the strictest yardstick.
    const kernel = this.#exports[type === 'i32' ? 'sum_i32_f64' : `sum_${type}`];
    const length = values.length;
    return () => kernel(kBase, length);
  }

  // Copies `values` into the kernel's memory, growing it if needed.
  #load(values) {
    const need = kBase + values.byteLength;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / kPage));
    new values.constructor(this.#memory.buffer, kBase, values.length).set(values);
    this.#loaded = values;
  }
}
