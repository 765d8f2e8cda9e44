// The engine: ParallelSum's methods, each read as check -> allocation lookup -> plan -> run, over one
// shared memory, the kernels (src/runtime.ts) and, on the first sum that needs them, the workers.
import { makeAccumulator, type AccumulatorFunction } from './accumulator.js';
import { Allocations, sumAllocation, type Allocation } from './allocations.js';
import { checkCall, type Call, type CallContext } from './call.js';
import { kDebug, type Debug } from './debug.js';
import { asyncDispose } from './dispose.js';
import { EngineClosedError, fuzzTooLate } from './errors.js';
import type { Platform } from './endpoint/types.js';
import type { BigIntArray, NumericArray } from './kinds/kinds.js';
import { sumNow } from './local/sum.js';
import { Arena, kMaxMemoryBytes, kPageBytes } from './memory/arena.js';
import { kOutBytes } from './memory/layout.js';
import type {
  InstanceOf, NumericArrayConstructor, ParallelSumOptions, ReadyOptions, Stats, SumOptions, SumSyncOptions,
} from './options.js';
import { failureReason } from './parallel/health.js';
import { kCallerChunks, kHeaderBytes, kMailboxBytes } from './parallel/protocol.js';
import { kAssistBytes, kInlineBytes } from './plan.js';
import { Dispatcher } from './run.js';
import { Runtime, type Local } from './runtime.js';
import { kRing, type StreamHost } from './stream/host.js';
import { sumStreamOn, type SumStreamFunction } from './streams.js';
import { Semaphore } from './sync/semaphore.js';
import { checkAlloc, checkMaxMemory, checkMaxWorkers, checkOptions, checkWorkerCount } from './validate.js';

/**
 * The engine, on the platform it is given: each entry's `ParallelSum` passes its own (src/index.ts,
 * src/browser.ts), so it travels with the import graph and nothing registers itself on import.
 */
export class Engine {
  /** The bound on worker threads. */
  readonly maxWorkers: number;
  readonly #platform: Platform;
  readonly #arena: Arena;
  readonly #header: number;
  readonly #permits: Semaphore | undefined;
  readonly #threads: boolean;
  readonly #allocations: Allocations;
  readonly #runtime: Runtime;
  /** What checking and planning a call needs (the debug seam moves its thresholds). */
  readonly #calls: CallContext;
  readonly #dispatch: Dispatcher;
  readonly #ring = { ...kRing };
  #stream: StreamHost | undefined;
  #pending = 0;
  #idle: (() => void) | undefined;
  #closed: Promise<void> | undefined;

  protected constructor(platform: Platform, options?: ParallelSumOptions) {
    this.#platform = { ...platform };
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
    const out = this.#arena.alloc(kOutBytes);
    const mailboxes = this.#threads ? this.#arena.alloc(kMailboxBytes * this.maxWorkers) : 0;
    this.#permits = this.#threads ? new Semaphore(this.maxWorkers) : undefined;
    this.#allocations = new Allocations(this.#arena, this.#threads);
    this.#runtime = new Runtime({
      platform: this.#platform, arena: this.#arena, threads: this.#threads, counter: this.#header + kCallerChunks * 4, out,
    });
    this.#calls = {
      arena: this.#arena, allocations: this.#allocations, threads: this.#threads, maxWorkers: this.maxWorkers,
      cores: Math.max(1, this.#platform.parallelism()), inlineBytes: kInlineBytes, assistBytes: kAssistBytes,
      ensureOpen: () => this.#ensureOpen(),
    };
    this.#dispatch = new Dispatcher({
      platform: this.#platform, arena: this.#arena, mailboxes, limit: this.maxWorkers, permits: this.#permits!,
    });
  }

  /** A zeroed TypedArray of `length` elements in shared memory (an ordinary one without it), summed on
   * the workers without copying, subarrays too. Give it back with `free()`. */
  alloc<C extends NumericArrayConstructor>(ctor: C, length: number): InstanceOf<C> {
    const kind = checkAlloc(ctor, length, this.#arena.maxBytes);
    this.#ensureOpen();
    return this.#allocations.alloc(kind, length) as InstanceOf<C>;
  }

  /** Returns memory from `alloc()`. The view must not be used afterwards. */
  free(view: NumericArray): void {
    this.#allocations.free(view);
  }

  /** The sum of `data`: a number, or a bigint for BigInt64Array and BigUint64Array. */
  sum(data: BigIntArray, options?: SumOptions): Promise<bigint>;
  sum(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumOptions): Promise<number>;
  sum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint>;
  sum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint> {
    const local = this.#runtime.local;
    // The common small call, an alloc() view and no options: summed here, nothing allocated but the promise.
    if (options === undefined && local?.shared !== undefined) {
      const a = this.#allocationOf(data);
      if (a !== undefined && a.length * a.kind.bytes < this.#calls.inlineBytes) {
        this.#dispatch.paths.inline++;
        return Promise.resolve(sumAllocation(local.shared, a));
      }
    }
    let call: Call;
    try {
      call = checkCall(this.#calls, data, options);
      // Small inputs are summed right here, synchronously: no worker hop, no extra event-loop turn.
      if (local !== undefined && call.plan.path === 'inline') {
        this.#dispatch.paths.inline++;
        return Promise.resolve(sumNow(local, call.kind, call.source, call.length));
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#sumLater(call);
  }

  /**
   * The sum of `data`, now, on the calling thread, bit for bit what `sum` gives: for small inputs. In
   * browsers `await engine.ready()` once first (until then it throws a NotReadyError).
   */
  sumSync(data: BigIntArray, options?: SumSyncOptions): bigint;
  sumSync(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumSyncOptions): number;
  sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint;
  sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint {
    const local = this.#runtime.local;
    this.#dispatch.paths.sync++;
    if (options === undefined && local?.shared !== undefined) {
      const a = this.#allocationOf(data);
      if (a !== undefined) return sumAllocation(local.shared, a);
    }
    const call = checkCall(this.#calls, data, options);
    return sumNow(local ?? this.#runtime.loadSync(), call.kind, call.source, call.length);
  }

  /**
   * Resolves once the kernels are compiled; `workers: n` also starts n worker threads (at most
   * `maxWorkers`) and waits until they are ready, so the first parallel sum does not pay for that.
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
    return this.#runtime.load().then(async (local) => {
      if (workers === 0 || !this.#threads) return;
      this.#ensureOpen();
      try {
        await this.#dispatch.workersFor(local).pool.prestart(workers);
      } catch (error) {
        // close() ended them while they were starting: that is why, not the threads.
        if (this.#closed !== undefined) throw new EngineClosedError();
        throw error;
      }
    });
  }

  /** The sum of everything a stream, iterable, Blob or Response gives: `sum`'s bits (docs/streams.md). */
  readonly sumStream: SumStreamFunction = ((source, options) => sumStreamOn(this.#host(), source, options)) as SumStreamFunction;
  /** A sum to add data to piece by piece, with `sum`'s bits; exact ones merge (docs/streams.md). */
  readonly accumulator: AccumulatorFunction = ((type, options) => makeAccumulator(this.#host(), type, options)) as AccumulatorFunction;

  /** A snapshot of the engine's load. */
  stats(): Stats {
    const pool = this.#dispatch.workers?.pool;
    return {
      workers: pool?.size ?? 0,
      busy: pool?.busy ?? 0,
      queued: this.#permits?.pending ?? 0,
      pending: this.#pending,
      // Each participant counts its own chunks (the calling thread here, each worker in its mailbox).
      chunks: (Atomics.load(new Int32Array(this.#arena.buffer, this.#header, 1), kCallerChunks) >>> 0) + (pool?.chunks() ?? 0),
      fallback: this.#fallback(),
      memory: { size: this.#arena.size, used: this.#arena.used, max: this.#arena.maxBytes },
    };
  }

  /** Stops accepting work, lets calls made finish, then ends every worker; the same promise each time. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#pending > 0) await new Promise<void>((resolve) => { this.#idle = resolve; });
      await this.#dispatch.workers?.pool.close();
    })();
    return this.#closed;
  }

  /** `await using engine = new ParallelSum()` closes it at the end of the block. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  get [kDebug](): Debug {
    return {
      platform: this.#platform,
      workers: () => this.#dispatch.workers?.pool.endpoints() ?? [],
      inlineBytes: (bytes) => { this.#calls.inlineBytes = bytes; },
      assistBytes: (bytes) => { this.#calls.assistBytes = bytes; },
      paths: () => ({ ...this.#dispatch.paths }),
      fuzz: (seed) => {
        if (this.#dispatch.workers !== undefined || this.#runtime.local !== undefined) throw fuzzTooLate();
        this.#runtime.fuzz = this.#dispatch.fuzz = seed;
      },
      startupMs: (ms) => { this.#dispatch.startupMs = ms; },
      waiting: () => this.#dispatch.workers?.waiting() ?? 0,
      ring: (shape) => { Object.assign(this.#ring, shape); },
    };
  }

  // What streamed sums and accumulators use of this engine (src/stream/host.ts).
  #host(): StreamHost {
    return this.#stream ??= {
      maxWorkers: this.maxWorkers, arena: this.#threads ? this.#arena : undefined, ring: this.#ring, load: () => this.#runtime.load(),
      jobs: (local) => (this.#threads && this.#dispatch.workers?.pool.broken === undefined ? this.#dispatch.workersFor(local as Local) : undefined),
      enter: () => { this.#ensureOpen(); this.#pending++; }, leave: () => { if (--this.#pending === 0) this.#idle?.(); },
    };
  }

  // The record of `data` if it is a whole alloc() view in an open engine's shared memory: no more checks.
  #allocationOf(data: unknown): Allocation | undefined {
    return this.#closed === undefined ? this.#allocations.sharedView(data) : undefined;
  }

  async #sumLater(call: Call): Promise<number | bigint> {
    this.#pending++;
    try {
      return await this.#dispatch.run(await this.#runtime.load(), call);
    } finally {
      if (--this.#pending === 0) this.#idle?.();
    }
  }

  // Why the parallel path is off for this engine, if it is.
  #fallback(): string | undefined {
    const threads = this.#platform.threads();
    if (!this.#threads) return threads.ok ? undefined : threads.reason;
    const broken = this.#dispatch.workers?.pool.broken;
    return broken === undefined ? undefined : failureReason(broken);
  }

  #ensureOpen(): void {
    if (this.#closed !== undefined) throw new EngineClosedError();
  }
}
