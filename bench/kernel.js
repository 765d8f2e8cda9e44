// The package's single-thread SIMD kernel, called directly: one instance of dist/kernels-simd.wasm on
// a shared memory of its own, holding a copy of the input. It is the floor under every path of the
// engine (the calling thread and each worker run exactly this code), so it is the contender that
// says what the engine's scheduling costs or gains.
import { readFile } from 'node:fs/promises';

const kPage = 65536;
/** The copy starts on a cache line, as the engine's blocks do. */
const kBase = 64;

/** @returns {Promise<Kernel>} */
export async function loadKernel() {
  const bytes = await readFile(new URL('../dist/kernels-simd.wasm', import.meta.url));
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  return new Kernel(memory, exports);
}

export class Kernel {
  #memory;
  #exports;
  /** @type {Float64Array | Float32Array | Int32Array | undefined} */
  #loaded;

  /**
   * @param {WebAssembly.Memory} memory
   * @param {WebAssembly.Exports} exports
   */
  constructor(memory, exports) {
    this.#memory = memory;
    this.#exports = exports;
  }

  /**
   * A function that sums a copy of `values` with the kernel for `type`, giving a number. The copy
   * is made now, unless `values` is the array copied last; one copy lives at a time, so only the
   * function made last may be called.
   * @param {import('./types.js').ElementType} type
   * @param {Float64Array | Float32Array | Int32Array} values
   * @returns {() => number}
   */
  summer(type, values) {
    if (this.#loaded !== values) this.#load(values);
    // For i32 the export that returns a number (sum_i32_f64, exact below 2^53, as every i32 input of
    // the suite is): the fastest way to call the kernel, so the strictest yardstick.
    const name = type === 'i32' ? 'sum_i32_f64' : `sum_${type}`;
    const kernel = this.#exports[name];
    if (typeof kernel !== 'function') throw new Error(`dist/kernels-simd.wasm exports no ${name}()`);
    const sum = /** @type {(offset: number, length: number) => number} */ (kernel);
    const length = values.length;
    return () => sum(kBase, length);
  }

  /**
   * Copies `values` into the kernel's memory, growing it if needed.
   * @param {Float64Array | Float32Array | Int32Array} values
   */
  #load(values) {
    const need = kBase + values.byteLength;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / kPage));
    const Ctor = /** @type {Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor} */ (values.constructor);
    new Ctor(this.#memory.buffer, kBase, values.length).set(values);
    this.#loaded = values;
  }
}
