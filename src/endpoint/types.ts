// The one boundary between the engine and the platform it runs on. The engine only ever talks to a
// Platform and the WorkerEndpoints it spawns; src/endpoint/node.ts and src/endpoint/browser.ts adapt
// Node's worker_threads and the browser's Worker to this shape.

/** A worker thread, as the engine sees it. */
export interface WorkerEndpoint {
  postMessage(message: unknown): void;
  /** Messages the worker posts. */
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Called once when the worker is over: it exited, crashed or never started (then with its error).
   * `gone` is true when its thread is known to have stopped; false when it was only told to stop (a
   * browser's `terminate()` takes effect a little later), so it may still write for a moment.
   */
  onExit(listener: (error: Error | undefined, gone: boolean) => void): void;
  /** Keep the process alive while this worker has work (no-op where that means nothing). */
  ref(): void;
  /** Let the process exit even if this worker is alive. */
  unref(): void;
  /** Stops the thread; resolves once it is gone. */
  terminate(): Promise<void>;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Threads a sum may use by default. */
  parallelism(): number;
  /** Whether this runtime can run the parallel path at all (shared memory, threads), and why not. */
  threads(): { ok: true } | { ok: false; reason: string };
  /** Starts a worker thread running src/worker/serve.ts. */
  spawn(): WorkerEndpoint;
  /**
   * The compiled kernels: the SIMD build where SIMD is supported, else the scalar build; importing a
   * shared memory (for the threaded engine) or an ordinary one (single-thread fallback).
   */
  kernels(shared: boolean): Promise<WebAssembly.Module>;
  /**
   * The same, compiled now on this thread; absent where the bytes cannot be read synchronously (a
   * browser fetches them), so there `sumSync` needs the engine's `ready()` first.
   */
  kernelsSync?(shared: boolean): WebAssembly.Module;
  /** Lets the event loop run (timers, I/O, abort events) between slices of work on this thread. */
  yield(): Promise<void>;
}
