// Loading, caching and instantiating the kernels: on the calling thread, an instance on the engine's
// shared memory (inputs there are summed in place, and the calling thread joins jobs with it) and one
// on a private staging memory that never grows (inputs from elsewhere are copied there a chunk at a time).
import { NotReadyError } from './errors.js';
import { kernelsOf } from './kinds/kinds.js';
import type { LocalContext } from './local/place.js';
import type { Arena } from './memory/arena.js';
import { kPageBytes } from './memory/arena.js';
import { kChunkBytes, kOutBytes } from './memory/layout.js';
import { ChunkRunner } from './parallel/chunks.js';
import { fuzzer } from './parallel/fuzz.js';
import type { Platform } from './endpoint/types.js';

/** The calling thread's kernels, once loaded. */
export interface Local extends LocalContext {
  /** The shared-memory kernels, for workers (undefined on the single-thread path). */
  readonly module: WebAssembly.Module | undefined;
  /** The calling thread as a participant in jobs (undefined on the single-thread path). */
  readonly runner: ChunkRunner | undefined;
}

/** How the runtime is set up: the engine's platform and memory. */
export interface RuntimeOptions {
  readonly platform: Platform;
  readonly arena: Arena;
  /** The parallel path is on: instantiate the shared-memory kernels too. */
  readonly threads: boolean;
  /** Byte address of the calling thread's chunk counter (protocol.ts, kCallerChunks). */
  readonly counter: number;
  /** Byte address of the shared memory's out block (kOutBytes). */
  readonly out: number;
}

export class Runtime {
  readonly #options: RuntimeOptions;
  #loading: Promise<Local> | undefined;
  #local: Local | undefined;
  /** Tests only: the schedule fuzzer's seed for the calling thread (set before the first sum). */
  fuzz: number | undefined;

  constructor(options: RuntimeOptions) {
    this.#options = options;
  }

  /** The kernels if they are loaded, else undefined. */
  get local(): Local | undefined {
    return this.#local;
  }

  /** Loads the kernels once. A failed load (a .wasm fetch that failed, say) is not kept: the next call tries again. */
  load(): Promise<Local> {
    return this.#loading ??= this.#start().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
  }

  async #start(): Promise<Local> {
    const { platform, threads } = this.#options;
    const [shared, unshared] = await Promise.all([threads ? platform.kernels(true) : undefined, platform.kernels(false)]);
    return this.#build(shared, unshared);
  }

  /** The same, now, for sumSync: where the platform can compile on this thread (Node). */
  loadSync(): Local {
    const { platform, threads } = this.#options;
    if (platform.kernelsSync === undefined) throw new NotReadyError();
    const local = this.#build(threads ? platform.kernelsSync(true) : undefined, platform.kernelsSync(false));
    this.#loading ??= Promise.resolve(local);
    return local;
  }

  #build(shared: WebAssembly.Module | undefined, unshared: WebAssembly.Module): Local {
    if (this.#local !== undefined) return this.#local;
    const { platform, arena, counter, out } = this.#options;
    const pages = Math.ceil((kChunkBytes + kOutBytes) / kPageBytes);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const pause = this.fuzz === undefined ? undefined : fuzzer(this.fuzz);
    const runner = shared && new ChunkRunner(arena.memory, shared, counter, pause);
    return this.#local = {
      module: shared,
      runner,
      shared: runner && { kernels: runner.kernels, buffer: () => arena.buffer, out },
      staging: {
        kernels: kernelsOf(new WebAssembly.Instance(unshared, { env: { memory } }).exports),
        buffer: () => memory.buffer,
        at: kOutBytes,
        out: 0,
      },
      yield: () => platform.yield(), // looked up per call: tests replace it on a running engine
    };
  }
}
