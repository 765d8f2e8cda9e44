// Node's side of the platform boundary: worker_threads workers and the .wasm read from disk.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerExit } from '../errors.js';
import type { Platform, WorkerEndpoint } from './types.js';
import { hasSimd } from './simd.js';

class NodeWorker implements WorkerEndpoint {
  readonly #worker: Worker;
  #error: Error | undefined;
  #terminating = false;

  constructor(url: URL) {
    this.#worker = new Worker(url);
    this.#worker.on('error', (error) => {
      this.#error = error;
    });
  }

  postMessage(message: unknown): void {
    this.#worker.postMessage(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#worker.on('message', listener);
  }

  onExit(listener: (error: Error | undefined, gone: boolean) => void): void {
    // 'exit' is emitted once the thread has stopped.
    this.#worker.once('exit', (code) => {
      listener(this.#error ?? (code === 0 ? undefined : workerExit(`worker exited with code ${code}`)), true);
    });
  }

  ref(): void {
    this.#worker.ref();
  }

  unref(): void {
    if (!this.#terminating) this.#worker.unref();
  }

  async terminate(): Promise<void> {
    // Ref'd, and kept so (a job ending meanwhile must not unref it): the pending termination of an
    // unref'd worker does not keep the event loop alive, and `await engine.close()` could be left
    // unsettled when the process has nothing else to do.
    this.#terminating = true;
    this.#worker.ref();
    await this.#worker.terminate();
  }
}

const modules = new Map<boolean, Promise<WebAssembly.Module>>();
const compiled = new Map<boolean, WebAssembly.Module>();

const kernelFile = (simd: boolean, shared: boolean): URL =>
  new URL(`./kernels-${simd ? 'simd' : 'scalar'}${shared ? '' : '-unshared'}.wasm`, import.meta.url);

export const nodePlatform: Platform = {
  name: 'node',
  parallelism: () => availableParallelism(),
  threads: () => ({ ok: true }),
  spawn: () => new NodeWorker(new URL('./worker.js', import.meta.url)),
  kernels(shared) {
    let module = modules.get(shared);
    if (module === undefined) {
      const done = compiled.get(shared);
      module = done !== undefined ? Promise.resolve(done) : (async () => {
        const result = await WebAssembly.compile(await readFile(kernelFile(hasSimd(), shared)));
        compiled.set(shared, result);
        return result;
      })();
      modules.set(shared, module);
    }
    return module;
  },
  // 7 KiB modules: compiling them on this thread takes well under a millisecond.
  kernelsSync(shared) {
    let result = compiled.get(shared);
    if (result === undefined) {
      result = new WebAssembly.Module(readFileSync(kernelFile(hasSimd(), shared)));
      compiled.set(shared, result);
    }
    return result;
  },
  yield: () => new Promise((resolve) => setImmediate(resolve)),
};
