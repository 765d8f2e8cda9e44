// The browser's side of the platform boundary: module Web Workers, and the .wasm fetched next to this
// file. Every URL below is a literal `new URL('./…', import.meta.url)` so that bundlers (Vite, webpack,
// Rollup, esbuild-based tools) see the worker and the wasm files and ship them, and so that a plain
// `<script type="module">` finds them beside the module that asked for them.
import { loadFailed, workerExit } from '../errors.js';
import type { Platform, WorkerEndpoint } from './types.js';
import { hasSimd } from './simd.js';

class BrowserWorker implements WorkerEndpoint {
  readonly #worker: Worker;
  readonly #exitListeners: Array<(error: Error | undefined, gone: boolean) => void> = [];
  #gone = false;

  constructor(worker: Worker) {
    this.#worker = worker;
    // A browser worker has no exit event. What ends one for the engine: its script failed to load
    // or threw (an `error` event; the worker may linger, but its serve loop is over, so it is ended
    // here), a message it could not deserialize, or terminate() below.
    // After an error event the worker's serve loop is over (or never began): it writes nothing more.
    worker.addEventListener('error', (event) => this.#exit(workerError(event), true));
    worker.addEventListener('messageerror', () => {
      this.#exit(workerExit('parallel-sum: a worker message could not be deserialized'), true);
    });
  }

  postMessage(message: unknown): void {
    this.#worker.postMessage(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#worker.addEventListener('message', (event) => listener(event.data));
  }

  onExit(listener: (error: Error | undefined, gone: boolean) => void): void {
    this.#exitListeners.push(listener);
  }

  // A page's workers never keep anything alive: there is no process to hold open.
  ref(): void {}

  unref(): void {}

  // Worker#terminate() only asks: the thread stops a little later (there is no event for it), and may
  // finish a chunk meanwhile. So the exit is reported as not `gone`, and the engine never hands that
  // worker's memory (its mailbox, the job block it was on) to anyone else.
  async terminate(): Promise<void> {
    this.#exit(undefined, false);
  }

  #exit(error: Error | undefined, gone: boolean): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#worker.terminate();
    for (const listener of this.#exitListeners.splice(0)) listener(error, gone);
  }
}

function workerError(event: Event): Error {
  const { message, filename, lineno } = event as ErrorEvent;
  // A script that failed to load gives a bare Event with no message: say what was being loaded.
  if (typeof message !== 'string' || message === '') {
    return workerExit('parallel-sum: the worker script failed to load (worker.browser.js, next to the package entry)');
  }
  return workerExit(`parallel-sum worker: ${message}${filename ? ` (${filename}:${lineno})` : ''}`);
}

/** Why the parallel path cannot run here, or undefined if it can. */
function threadsUnavailable(): string | undefined {
  if (typeof Worker !== 'function') return 'Web Workers are not available';
  if (globalThis.crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin'
      + ' and Cross-Origin-Embedder-Policy: require-corp), so SharedArrayBuffer is unavailable';
  }
  // Isolated (or a browser without the flag), and still none: the browser does not offer it (WebKitGTK
  // by default, for one).
  if (typeof SharedArrayBuffer !== 'function') {
    return `SharedArrayBuffer is not available in this browser${globalThis.crossOriginIsolated === true
      ? ' (the page is cross-origin isolated)' : ''}`;
  }
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return 'WebAssembly shared memory is not supported';
  } catch {
    return 'WebAssembly threads (shared memory) are not supported';
  }
  return undefined;
}

let threads: ReturnType<Platform['threads']> | undefined;

// One file per build: each a literal new URL so that a bundler emits exactly these four.
function kernelUrl(simd: boolean, shared: boolean): URL {
  if (shared) {
    return simd ? new URL('./kernels-simd.wasm', import.meta.url) : new URL('./kernels-scalar.wasm', import.meta.url);
  }
  return simd
    ? new URL('./kernels-simd-unshared.wasm', import.meta.url)
    : new URL('./kernels-scalar-unshared.wasm', import.meta.url);
}

async function compile(url: URL): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw loadFailed(url.href, response.status);
  // compileStreaming compiles while the bytes arrive, but only accepts the application/wasm type;
  // servers that send another type (or bundlers that inline the file) get the buffered path.
  const type = response.headers.get('Content-Type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0]!.trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

const modules = new Map<boolean, Promise<WebAssembly.Module>>();

// setTimeout would clamp nested calls to 4 ms; a message on a channel is a task of its own with no
// clamp, so a long single-thread sum gives the page a turn (input, abort) at almost no cost.
let channel: MessageChannel | undefined;
const yielded: Array<() => void> = [];

function nextTask(): Promise<void> {
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => yielded.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    yielded.push(resolve);
    port.postMessage(null);
  });
}

export const browserPlatform: Platform = {
  name: 'browser',
  parallelism: () => Math.max(1, navigator.hardwareConcurrency || 2),
  threads() {
    if (threads === undefined) {
      const reason = threadsUnavailable();
      threads = reason === undefined ? { ok: true } : { ok: false, reason };
    }
    return threads;
  },
  spawn: () => new BrowserWorker(new Worker(new URL('./worker.browser.js', import.meta.url), { type: 'module' })),
  kernels(shared) {
    let module = modules.get(shared);
    if (module === undefined) {
      module = compile(kernelUrl(hasSimd(), shared));
      // A failed load (offline, 404) is not cached: the next call tries again.
      module.catch(() => modules.delete(shared));
      modules.set(shared, module);
    }
    return module;
  },
  yield: nextTask,
};
