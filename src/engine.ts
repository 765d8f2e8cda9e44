// The engine: one shared memory, a bounded pool of workers, and the planner that decides, per call,
// where the sum runs.
import { makeAccumulator, type AccumulatorFunction } from './accumulator.js';
import { combineFloat, combineInt, combineWide } from './combine.js';
import { asyncDispose } from './dispose.js';
import { EngineClosedError, OutOfMemoryError, rangeError, typeError } from './errors.js';
import { runJob, type JobContext } from './job.js';
import { ExactTotal } from './exact.js';
import { exactKind, kindOfConstructor, type BigIntArray, type Kind, type NumericArray } from './kinds.js';
import { kernelsOf, kSliceBytes, sumInPlace, sumNow, sumSliced, type KernelMemory, type Kernels, type LocalContext, type Source } from './local.js';
import { Arena, kMaxMemoryBytes, kPageBytes } from './memory/arena.js';
import { kChunkBytes, kChunksDone, kExactBytes, kHeaderBytes, kMailboxBytes, kOutBytes } from './memory/layout.js';
import { Pool } from './pool/pool.js';
import { ChunkRunner } from './worker/chunks.js';
import { fuzzer } from './worker/fuzz.js';
import type { Platform } from './endpoint/types.js';
import { Semaphore } from './sync/semaphore.js';
import { kRing, type StreamHost } from './stream/host.js';
import { sumStreamOn, type SumStreamFunction } from './streams.js';
import {
  checkCallOptions, checkData, checkMaxWorkers, checkOptions, type CallOptions, type Precision,
} from './validate.js';

/**
 * Inputs in shared memory smaller than this are summed on the calling thread alone: below it, even
 * posting work to a worker costs more than the sum (measured with `npm run bench -- --only threshold`).
 */
export const kInlineBytes = 16 << 20;

/**
 * Inputs in shared memory smaller than this (and at least kInlineBytes) are summed by the calling
 * thread with whatever workers are free and awake in time, synchronously: they take well under a
 * millisecond, so waiting for idle workers to wake (50 to 150 µs on a virtual machine) and for the
 * event loop to deliver their result would dominate. Larger inputs are queued for the workers and
 * leave the calling thread free.
 */
export const kAssistBytes = 32 << 20;

export interface ParallelSumOptions {
  /** Worker threads at most. Default: the number of logical CPUs (`os.availableParallelism()`). */
  maxWorkers?: number;
  /** Bytes of shared memory at most (a multiple of 64 KiB, up to 4 GiB). Default: 4 GiB. */
  maxMemory?: number;
}

export interface SumOptions extends CallOptions {
  /** Cancels the sum: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Worker threads at most for this call; capped at the engine's `maxWorkers`. */
  maxWorkers?: number;
  /**
   * `'fast'` (default): IEEE double additions, pairwise over chunks. `'exact'`: the exact sum, rounded
   * once to the nearest double, as `Math.sumPrecise` does; the same for every `maxWorkers`.
   */
  precision?: Precision;
}

/** The options of `sumSync`: it runs on the calling thread, so there is no worker bound and nothing to cancel. */
export interface SumSyncOptions {
  /** As for `sum`. */
  precision?: Precision;
}

export interface ReadyOptions {
  /** Worker threads to have started and ready (from 0 to `maxWorkers`). Default: 0. */
  workers?: number;
}

export interface Stats {
  /** Worker threads alive. */
  workers: number;
  /** Worker threads running a sum now. */
  busy: number;
  /** Calls waiting for a worker. */
  queued: number;
  /** Calls in progress (running, queued, or summing on the calling thread). */
  pending: number;
  /** Chunks (256 KiB each) summed by workers so far. */
  chunks: number;
  /**
   * Why sums that would run on worker threads run on the calling thread instead (no shared memory
   * here, or workers that failed to start); undefined while the parallel path is on.
   */
  fallback: string | undefined;
  /** Shared memory: bytes now, bytes allocated, bytes at most. */
  memory: { size: number; used: number; max: number };
}

/** A TypedArray constructor, as accepted by `alloc`. */
export type NumericArrayConstructor =
  | Float64ArrayConstructor | Float32ArrayConstructor
  | Int8ArrayConstructor | Uint8ArrayConstructor | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
  | BigInt64ArrayConstructor | BigUint64ArrayConstructor;

/** The TypedArray a constructor makes (distributes over unions). */
export type InstanceOf<C extends NumericArrayConstructor> =
  C extends Float64ArrayConstructor ? Float64Array
    : C extends Float32ArrayConstructor ? Float32Array
    : C extends Int8ArrayConstructor ? Int8Array
    : C extends Uint8ClampedArrayConstructor ? Uint8ClampedArray
    : C extends Uint8ArrayConstructor ? Uint8Array
    : C extends Int16ArrayConstructor ? Int16Array
    : C extends Uint16ArrayConstructor ? Uint16Array
    : C extends Int32ArrayConstructor ? Int32Array
    : C extends Uint32ArrayConstructor ? Uint32Array
    : C extends BigInt64ArrayConstructor ? BigInt64Array
    : BigUint64Array;

/** A view alloc() returned: `ptr` is its byte address in the shared memory, -1 on an ordinary buffer. */
interface Allocation {
  readonly kind: Kind;
  readonly ptr: number;
  readonly length: number;
  /** Summed by one call of the kind's kernel1, which returns the sum. */
  readonly oneChunk: boolean;
}

// The sum of a whole view from alloc(), from its record: one kernel call when it fits one chunk.
function sumAllocation(shared: KernelMemory, a: Allocation): number | bigint {
  return a.oneChunk ? shared.kernels.one[a.kind.id]!(a.ptr, a.length) : sumInPlace(shared, a.kind, a.ptr, a.length);
}

interface Local extends LocalContext {
  /** The shared-memory kernels, for workers (undefined on the single-thread path). */
  readonly module: WebAssembly.Module | undefined;
  /** The calling thread as a participant in jobs (undefined on the single-thread path). */
  readonly runner: ChunkRunner | undefined;
}

/** Where a sum ran: on the calling thread (now, for `sum` or `sumSync`; or in slices that yield),
 * on the calling thread with free workers beside it, or on workers; `fallback` counts sums meant for
 * workers that the calling thread did instead. */
export type Path = 'inline' | 'sync' | 'sliced' | 'assisted' | 'workers' | 'fallback';

/** The test seam's shape (see kDebug). */
interface Debug {
  platform: Platform;
  workers: () => unknown[];
  inlineBytes: (bytes: number) => void;
  assistBytes: (bytes: number) => void;
  /** How many sums took each path so far. */
  paths: () => Record<Path, number>;
  /** Turns the schedule fuzzer on (see src/worker/fuzz.ts), before the engine's first sum. */
  fuzz: (seed: number) => void;
  /** The deadline for a worker to be ready (ms), before the pool is made. */
  startupMs: (ms: number) => void;
  /** Rounds waiting for a "finished" message now. */
  waiting: () => number;
  /** Moves the shape of streamed sums' ring of buffers (bytes per buffer, buffers, least bytes for workers). */
  ring: (shape: Partial<typeof kRing>) => void;
}

/** One checked call of `sum`, and where it will run. */
interface Call {
  kind: Kind;
  length: number;
  source: Source;
  signal: AbortSignal | undefined;
  maxWorkers: number | undefined;
  /** Small enough to sum synchronously on the calling thread. */
  now: boolean;
}

/**
 * Test seam, not API: `engine[Symbol.for('parallel-sum.debug')]` gives this engine's own copy of the
 * platform (so a test can make `spawn` fail), its live worker endpoints (so a test can kill one), and
 * a setter for the inline threshold (so a benchmark can time both sides of it).
 */
const kDebug = Symbol.for('parallel-sum.debug');

/**
 * The engine, on the platform it is given. Each entry point exports `ParallelSum`, a subclass that
 * passes its own platform (src/index.ts: worker_threads; src/browser.ts: Web Workers): the platform
 * travels with the import graph, so no bundler can drop it, and nothing registers itself on import.
 */
export class Engine {
  /** The bound on worker threads. */
  readonly maxWorkers: number;
  readonly #platform: Platform;
  readonly #arena: Arena;
  readonly #header: number;
  readonly #out: number;
  readonly #mailboxes: number;
  readonly #permits: Semaphore | undefined;
  readonly #threads: boolean;
  // What alloc() handed out: a view's kind, place and length, so a sum over a whole view needs none
  // of the view's getters (on a view of shared wasm memory each costs tens of nanoseconds).
  readonly #allocations = new WeakMap<NumericArray, Allocation>();
  readonly #freed = new WeakSet<NumericArray>();
  #freedAny = false;
  /** Rounds waiting for a "finished" message, by ticket (only without Atomics.waitAsync). */
  readonly #finished = new Map<number, () => void>();
  #tickets = 0;
  /** How many sums took each path, for tests (see the debug seam). */
  readonly #paths: Record<Path, number> = { inline: 0, sync: 0, sliced: 0, assisted: 0, workers: 0, fallback: 0 };
  #fuzz: number | undefined;
  #startupMs: number | undefined;
  #local: Promise<Local> | undefined;
  #ready: Local | undefined;
  #pool: Pool | undefined;
  #context: JobContext | undefined;
  #pending = 0;
  #idle: (() => void) | undefined;
  #closed: Promise<void> | undefined;
  #inlineBytes = kInlineBytes;
  #assistBytes = kAssistBytes;
  readonly #cores: number;
  #stream: StreamHost | undefined;
  readonly #ring = { ...kRing };

  protected constructor(platform: Platform, options?: ParallelSumOptions) {
    this.#platform = { ...platform };
    this.#cores = Math.max(1, this.#platform.parallelism());
    const { maxWorkers, maxMemory } = checkOptions<ParallelSumOptions>(options);
    this.maxWorkers = maxWorkers === undefined
      ? Math.max(1, Math.min(this.#platform.parallelism(), 1024)) : checkMaxWorkers(maxWorkers, 'options.maxWorkers');
    const max = maxMemory === undefined ? kMaxMemoryBytes : checkMaxMemory(maxMemory);
    // Without shared memory (a browser page that is not cross-origin isolated) the engine still
    // works, on the calling thread only, with the same kernels and the same results.
    this.#threads = this.#platform.threads().ok;
    this.#arena = new Arena({ initialBytes: Math.min(max, 8 * kPageBytes), maxBytes: max, shared: this.#threads });
    this.#header = this.#arena.alloc(kHeaderBytes);
    // Allocated up front, at the bottom of memory, so they never split the space users allocate in.
    this.#out = this.#arena.alloc(kOutBytes);
    this.#mailboxes = this.#threads ? this.#arena.alloc(kMailboxBytes * this.maxWorkers) : 0;
    this.#permits = this.#threads ? new Semaphore(this.maxWorkers) : undefined;
  }

  /**
   * A zeroed TypedArray of `length` elements in the engine's shared memory. Sums over it (or over any
   * subarray of it) run on the workers without copying. Give it back with `free()`.
   * Without shared memory (single-thread fallback) it is an ordinary TypedArray.
   */
  alloc<C extends NumericArrayConstructor>(ctor: C, length: number): InstanceOf<C> {
    const kind = kindOfConstructor(ctor);
    if (kind === undefined) throw typeError('ctor', 'a TypedArray constructor such as Float64Array', ctor);
    const limit = Math.floor(this.#arena.maxBytes / kind.bytes);
    if (typeof length !== 'number') throw typeError('length', `an integer from 0 to ${limit}`, length);
    if (!Number.isInteger(length) || length < 0 || length > limit) {
      throw rangeError('length', `an integer from 0 to ${limit} (the engine's memory limit)`, length);
    }
    this.#ensureOpen();
    if (!this.#threads) {
      const view = new kind.ctor(new ArrayBuffer(length * kind.bytes)) as InstanceOf<C>;
      this.#allocations.set(view, { kind, ptr: -1, length, oneChunk: false });
      return view;
    }
    const ptr = this.#arena.allocZeroed(length * kind.bytes);
    const buffer = this.#arena.buffer;
    const view = new kind.ctor(buffer, ptr, length) as InstanceOf<C>;
    // One chunk of a float or 8-32-bit integer kind: one kernel call returns the sum as a number.
    const oneChunk = kind.kernel1 !== undefined && length > 0 && length <= kChunkBytes / kind.bytes;
    this.#allocations.set(view, { kind, ptr, length, oneChunk });
    return view;
  }

  /** Returns memory from `alloc()`. The view must not be used afterwards. */
  free(view: NumericArray): void {
    const ptr = this.#allocations.get(view)?.ptr;
    if (ptr === undefined) {
      const why = this.#freed.has(view) ? 'it was freed already' : 'it is not one';
      throw new TypeError(`Expected \`view\` to be a TypedArray returned by this engine's alloc(); ${why}`);
    }
    this.#allocations.delete(view);
    this.#freed.add(view);
    this.#freedAny = true;
    if (ptr >= 0) this.#arena.free(ptr);
  }

  /** The sum of `data`: a number, or a bigint for BigInt64Array and BigUint64Array. */
  sum(data: BigIntArray, options?: SumOptions): Promise<bigint>;
  sum(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumOptions): Promise<number>;
  sum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint>;
  sum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint> {
    // The common small call, a view from alloc() and no options: summed right here with nothing
    // allocated but the promise.
    if (options === undefined && this.#ready?.shared !== undefined) {
      const a = this.#whole(data);
      if (a !== undefined && a.length * a.kind.bytes < this.#inlineBytes) {
        this.#paths.inline++;
        return Promise.resolve(sumAllocation(this.#ready.shared, a));
      }
    }
    let call: Call;
    try {
      call = this.#check(data, options);
      // Small inputs are summed right here, synchronously: no worker hop, no extra event-loop turn.
      if (this.#ready !== undefined && call.now) {
        this.#paths.inline++;
        return Promise.resolve(sumNow(this.#ready, call.kind, call.source, call.length));
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#sumLater(call);
  }

  // The record of `data` if it is a whole view from alloc() in the shared memory of an open engine:
  // such a view needs no other check, and the record says where it is.
  #whole(data: unknown): Allocation | undefined {
    const a = this.#allocations.get(data as NumericArray);
    return a !== undefined && a.ptr >= 0 && this.#closed === undefined ? a : undefined;
  }

  #check(data: unknown, options: unknown): Call {
    const input = checkData(data);
    const { signal, maxWorkers, precision } = checkCallOptions(options);
    if (input.view !== undefined && this.#freedAny && this.#freed.has(input.view)) {
      throw new TypeError('Expected `data` to be live memory, got a view this engine already freed');
    }
    this.#ensureOpen();
    signal?.throwIfAborted();
    const { length, place } = input;
    const kind = precision === 'exact' ? exactKind(input.kind) : input.kind;
    const bytes = length * kind.bytes;
    const shared = this.#threads && place !== undefined && this.#arena.owns(place.buffer);
    const source: Source = place === undefined ? { where: 'array', array: input.array }
      : shared ? { where: 'shared', ptr: place.byteOffset } : { where: 'typed', place };
    const now = shared ? bytes < this.#inlineBytes : bytes <= kSliceBytes;
    return { kind, length, source, signal, maxWorkers, now };
  }

  /**
   * The sum of `data`, now, on the calling thread: no promise and no worker, and bit for bit what
   * `sum` gives. For small inputs, where a promise's turn costs more than the sum itself; a large
   * input blocks the thread for as long as one core takes to read it. In Node the kernels are
   * compiled on first use; browsers compile WebAssembly asynchronously, so there `await
   * engine.ready()` once first (until then it throws).
   */
  sumSync(data: BigIntArray, options?: SumSyncOptions): bigint;
  sumSync(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumSyncOptions): number;
  sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint;
  sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint {
    const ready = this.#ready;
    this.#paths.sync++;
    if (options === undefined && ready?.shared !== undefined) {
      const a = this.#whole(data);
      if (a !== undefined) return sumAllocation(ready.shared, a);
    }
    const call = this.#check(data, options);
    return sumNow(ready ?? this.#startSync(), call.kind, call.source, call.length);
  }

  /**
   * Resolves once the engine can sum: its kernels are compiled. Sums wait for that by themselves;
   * `sumSync` in a browser needs it first. `workers: n` also starts worker threads until n are alive
   * (at most `maxWorkers`) and waits until they are ready, so that the first parallel sum does not
   * pay their start-up; idle, they never keep a process alive.
   */
  ready(options?: ReadyOptions): Promise<void> {
    let workers: number;
    try {
      const { workers: w } = checkOptions<ReadyOptions>(options);
      workers = w === undefined ? 0 : checkWorkerCount(w, this.maxWorkers);
      this.#ensureOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#load().then(async (local) => {
      if (workers === 0 || !this.#threads) return;
      this.#ensureOpen();
      try {
        await this.#jobs(local, this.#permits!).pool.prestart(workers);
      } catch (error) {
        // close() ended them while they were starting: that is why, not the threads.
        if (this.#closed !== undefined) throw new EngineClosedError();
        throw error;
      }
    });
  }

  // A failed load (a .wasm fetch that failed, say) is not kept: the next call tries again.
  #load(): Promise<Local> {
    return this.#local ??= this.#start().catch((error: unknown) => {
      this.#local = undefined;
      throw error;
    });
  }

  async #sumLater(call: Call): Promise<number | bigint> {
    const { kind, length, source, signal } = call;
    this.#pending++;
    try {
      const local = await this.#load();
      if (call.now) {
        this.#paths.inline++;
        return sumNow(local, kind, source, length);
      }
      if (source.where !== 'shared') {
        this.#paths.sliced++;
        return await sumSliced(local, kind, source, length, signal);
      }
      const bytes = length * kind.bytes;
      const assisted = bytes < this.#assistBytes;
      if (this.#pool?.broken === undefined) {
        try {
          return await this.#sumParallel(local, call, assisted);
        } catch (error) {
          // Workers that cannot start (the page's worker script refused, say), or no room left in the
          // memory for the job's block: the calling thread can still sum it, with the same bits.
          if (this.#pool?.broken === undefined && !(error instanceof OutOfMemoryError)) throw error;
        }
      }
      this.#paths.fallback++;
      signal?.throwIfAborted();
      if (assisted) return sumNow(local, kind, source, length);
      return await sumSliced(local, kind, source, length, signal);
    } finally {
      if (--this.#pending === 0) this.#idle?.();
    }
  }

  // A sum of an input in shared memory on workers: queued for them, or (`assisted`, mid-size inputs)
  // run by the calling thread now with whichever workers are free to join.
  #sumParallel(local: Local, { kind, length, source, signal, maxWorkers }: Call, assisted: boolean):
    Promise<number | bigint> {
    let workers = Math.min(maxWorkers ?? this.maxWorkers, this.maxWorkers);
    const ptr = (source as { ptr: number }).ptr;
    if (assisted) {
      // Beside the calling thread: leave it a core, and give each worker a few chunks at least.
      const chunks = Math.ceil((length * kind.bytes) / kChunkBytes);
      workers = Math.min(workers, this.#cores - 1, Math.floor(chunks / 4));
      if (workers === 0) {
        this.#paths.inline++;
        return Promise.resolve(sumNow(local, kind, source, length));
      }
    }
    this.#paths[assisted ? 'assisted' : 'workers']++;
    return runJob(this.#jobs(local, this.#permits!), kind, ptr, length,
      { maxWorkers: workers, signal, assist: assisted ? local.runner : undefined }, collector(kind));
  }

  /** The sum of everything a stream, iterable, Blob or Response gives: `sum`'s bits (docs/streams.md). */
  readonly sumStream: SumStreamFunction = ((source, options) => sumStreamOn(this.#host(), source, options)) as SumStreamFunction;
  /** A sum to add data to piece by piece, with `sum`'s bits; exact ones merge (docs/streams.md). */
  readonly accumulator: AccumulatorFunction = ((type, options) => makeAccumulator(this.#host(), type, options)) as AccumulatorFunction;

  // What streamed sums and accumulators use of this engine (src/stream/host.ts).
  #host(): StreamHost {
    return this.#stream ??= {
      maxWorkers: this.maxWorkers, arena: this.#threads ? this.#arena : undefined, ring: this.#ring, load: () => this.#load(),
      jobs: (local) => (this.#threads && this.#pool?.broken === undefined ? this.#jobs(local as Local, this.#permits!) : undefined),
      enter: () => { this.#ensureOpen(); this.#pending++; }, leave: () => { if (--this.#pending === 0) this.#idle?.(); },
    };
  }

  /** A snapshot of the engine's load. */
  stats(): Stats {
    return {
      workers: this.#pool?.size ?? 0,
      busy: this.#pool?.busy ?? 0,
      queued: this.#permits?.pending ?? 0,
      pending: this.#pending,
      chunks: Atomics.load(new Int32Array(this.#arena.buffer, this.#header, 1), kChunksDone) >>> 0,
      fallback: this.#fallback(),
      memory: { size: this.#arena.size, used: this.#arena.used, max: this.#arena.maxBytes },
    };
  }

  /**
   * Stops accepting work, lets calls already made finish, then ends every worker thread. Resolves
   * once they are gone. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#pending > 0) await new Promise<void>((resolve) => { this.#idle = resolve; });
      await this.#pool?.close();
    })();
    return this.#closed;
  }

  // Why the parallel path is off for this engine, if it is.
  #fallback(): string | undefined {
    if (!this.#threads) return this.#platform.threads().ok ? undefined : (this.#platform.threads() as { reason: string }).reason;
    const broken = this.#pool?.broken;
    if (broken === undefined) return undefined;
    const cause = broken.cause instanceof Error ? `: ${broken.cause.message}` : '';
    return `workers failed to start${cause}`;
  }

  get [kDebug](): Debug {
    return {
      platform: this.#platform,
      workers: () => this.#pool?.endpoints() ?? [],
      inlineBytes: (bytes) => { this.#inlineBytes = bytes; },
      assistBytes: (bytes) => { this.#assistBytes = bytes; },
      paths: () => ({ ...this.#paths }),
      fuzz: (seed) => {
        if (this.#pool !== undefined || this.#ready !== undefined) throw new Error('fuzz() must come before the first sum');
        this.#fuzz = seed;
      },
      startupMs: (ms) => { this.#startupMs = ms; },
      waiting: () => this.#finished.size,
      ring: (shape) => { Object.assign(this.#ring, shape); },
    };
  }

  /** `await using engine = new ParallelSum()` closes it at the end of the block. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  #ensureOpen(): void {
    if (this.#closed !== undefined) throw new EngineClosedError();
  }

  // The calling thread's kernels: on the shared memory (inputs there are summed in place) and on a
  // private staging memory that never grows (inputs from elsewhere are copied there a chunk at a time).
  async #start(): Promise<Local> {
    const [shared, unshared] = await Promise.all([
      this.#threads ? this.#platform.kernels(true) : undefined,
      this.#platform.kernels(false),
    ]);
    return this.#build(shared, unshared);
  }

  // The same, now, for sumSync: where the platform can compile on this thread (Node).
  #startSync(): Local {
    if (this.#platform.kernelsSync === undefined) {
      throw new Error('parallel-sum: sumSync() needs the kernels compiled first; `await engine.ready()` once '
        + '(this platform compiles WebAssembly asynchronously)');
    }
    const local = this.#build(this.#threads ? this.#platform.kernelsSync(true) : undefined, this.#platform.kernelsSync(false));
    this.#local ??= Promise.resolve(local);
    return local;
  }

  #build(shared: { module: WebAssembly.Module } | undefined, unshared: { module: WebAssembly.Module }): Local {
    if (this.#ready !== undefined) return this.#ready;
    const pages = Math.ceil((kChunkBytes + kOutBytes) / kPageBytes);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = (module: WebAssembly.Module, on: WebAssembly.Memory): Kernels =>
      kernelsOf(new WebAssembly.Instance(module, { env: { memory: on } }).exports);
    const arena = this.#arena;
    const pause = this.#fuzz === undefined ? undefined : fuzzer(this.#fuzz);
    const runner = shared && new ChunkRunner(arena.memory, shared.module, this.#header, pause);
    return this.#ready = {
      module: shared?.module,
      runner,
      shared: runner && { kernels: kernelsOf(runner.exports), buffer: () => arena.buffer, out: this.#out },
      staging: { kernels: instance(unshared.module, memory), buffer: () => memory.buffer, at: kOutBytes, out: 0 },
      yield: () => this.#platform.yield(), // looked up per call: tests replace it on a running engine
    };
  }

  // The pool and what jobs need, made on the first call that runs on workers.
  #jobs(local: Local, permits: Semaphore): JobContext {
    if (this.#context !== undefined) return this.#context;
    const finished = this.#finished;
    this.#pool = new Pool({
      platform: this.#platform, arena: this.#arena, module: local.module!, header: this.#header,
      mailboxes: this.#mailboxes, limit: this.maxWorkers, fuzz: this.#fuzz, startupMs: this.#startupMs,
      onFinished: (ticket) => finished.get(ticket)?.(),
    });
    this.#context = {
      arena: this.#arena,
      pool: this.#pool,
      permits,
      // Int32 tickets (they travel in the job block), never 0, unique among rounds in progress.
      ticket: () => (this.#tickets = (this.#tickets + 1) | 0) || (this.#tickets = 1),
      finished: (ticket) => {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => { resolve = r; });
        finished.set(ticket, resolve);
        return { promise, forget: () => finished.delete(ticket) };
      },
    };
    return this.#context;
  }
}

function checkWorkerCount(value: unknown, max: number): number {
  const expected = `an integer from 0 to ${max} (the engine's maxWorkers)`;
  if (typeof value !== 'number') throw typeError('options.workers', expected, value);
  if (!Number.isInteger(value) || value < 0 || value > max) throw rangeError('options.workers', expected, value);
  return value;
}

function checkMaxMemory(value: unknown): number {
  const expected = `a whole number of 64 KiB pages from ${16 * kPageBytes} to ${kMaxMemoryBytes} bytes`;
  if (typeof value !== 'number') throw typeError('options.maxMemory', expected, value);
  if (!Number.isInteger(value) || value % kPageBytes !== 0 || value < 16 * kPageBytes || value > kMaxMemoryBytes) {
    throw rangeError('options.maxMemory', expected, value);
  }
  return value;
}

// Reads a job's partials out of shared memory and combines them in chunk order.
function collector(kind: Kind) {
  return (buffer: ArrayBufferLike, partials: number, chunks: number): number | bigint => {
    if (kind.partial === 'float') return combineFloat(new Float64Array(buffer, partials, chunks));
    if (kind.partial === 'int') return Number(combineInt(new BigInt64Array(buffer, partials, chunks)));
    if (kind.partial === 'exact') return mergeExact(buffer, partials, chunks);
    return combineWide(new BigUint64Array(buffer, partials, 2 * chunks));
  };
}

// Merges a job's per-chunk accumulators (any order would do: the merge is exact) and rounds once.
function mergeExact(buffer: ArrayBufferLike, partials: number, chunks: number): number {
  const total = new ExactTotal();
  const i32 = new Int32Array(buffer);
  for (let c = 0; c < chunks; c++) total.add(i32, partials + c * kExactBytes);
  return total.result();
}
