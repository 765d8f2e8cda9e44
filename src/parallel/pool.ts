// The worker threads of one engine: started lazily, never more than the engine's bound, unref'd while
// idle (an idle pool never keeps a process alive), replaced when one dies.
import {
  couldNotStart, endedBeforeReady, notReadyInTime, startsFailed, workerExit, type WorkerError,
} from '../errors.js';
import type { Arena } from '../memory/arena.js';
import type { Platform, WorkerEndpoint } from '../endpoint/types.js';
import { reportWorkerFailure } from './health.js';
import { Mailboxes } from './mailboxes.js';
import { kFinished, kInit, kReady, type InitMessage, type WorkerMessage } from './protocol.js';

/** After this many workers in a row die before they are ready, the pool stops starting new ones. */
const kStartupAttempts = 3;

/**
 * A worker not ready this long after it was started is taken for one that will never start (a
 * browser may refuse a worker script without an error event the page can see) and ended.
 */
export const kStartupMs = 15_000;

/** How a pool is set up. */
export interface PoolOptions {
  readonly platform: Platform;
  readonly arena: Arena;
  readonly module: WebAssembly.Module;
  /** Byte address of `limit` consecutive mailboxes, allocated once by the engine. */
  readonly mailboxes: number;
  readonly limit: number;
  /** A participant posted "round finished" (only without Atomics.waitAsync on the calling thread). */
  readonly onFinished: (ticket: number) => void;
  /** Tests only: the schedule fuzzer's seed; each worker gets its own, derived from it. */
  readonly fuzz?: number | undefined;
  /** Tests only: the start-up deadline (default kStartupMs). */
  readonly startupMs?: number;
}

export interface Task {
  /**
   * The worker died during this task (its error, if it had one). `gone`: its thread has stopped; if
   * false it may still write to the job for a moment.
   */
  lost(error: Error | undefined, gone: boolean): void;
}

export interface PoolWorker {
  readonly endpoint: WorkerEndpoint;
  readonly mailbox: number;
  ready: boolean;
  /** Settles when the thread reports ready (fulfilled) or ends before that (rejected with why). */
  readonly started: Promise<void>;
  alive: boolean;
  task: Task | undefined;
}

export class Pool {
  readonly #options: PoolOptions;
  /** One per possible worker, allocated once (see PoolOptions.mailboxes), and more if one is kept. */
  readonly #mailboxes: Mailboxes;
  readonly #live = new Set<PoolWorker>();
  readonly #idle: PoolWorker[] = [];
  #failures = 0;
  #spawned = 0;
  #broken: WorkerError | undefined;
  #closing = false;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.#mailboxes = new Mailboxes(options.arena, options.mailboxes, options.limit);
  }

  /** Chunks summed by this pool's workers so far. */
  chunks(): number {
    return this.#mailboxes.chunks();
  }

  /** Why the pool starts no more threads, if it is broken. */
  get broken(): WorkerError | undefined {
    return this.#broken;
  }

  /** Live threads. */
  get size(): number {
    return this.#live.size;
  }

  /** The endpoints of the live threads (for tests). */
  endpoints(): WorkerEndpoint[] {
    return [...this.#live].map((worker) => worker.endpoint);
  }

  /** Live threads running a task now. */
  get busy(): number {
    return this.#live.size - this.#idle.length;
  }

  /**
   * A worker for one task: the most recently idle one (its caches are warm), or a new thread.
   * The caller holds one of the engine's permits per worker it takes, which is what bounds the pool.
   */
  take(): PoolWorker {
    if (this.#broken !== undefined) throw this.#broken;
    return this.#idle.pop() ?? this.#spawn();
  }

  /**
   * Starts threads until `count` are alive (at most the pool's bound), idle, and resolves once every
   * live thread is ready: start-up paid in advance. Rejects if the pool is broken or a thread failed
   * to start.
   */
  async prestart(count: number): Promise<void> {
    if (this.#broken !== undefined) throw this.#broken;
    const want = Math.min(count, this.#options.limit) - this.#live.size;
    for (let i = 0; i < want; i++) {
      const worker = this.#spawn();
      // Ref'd until it is ready, so that awaiting this keeps a Node process alive.
      worker.endpoint.ref();
      void worker.started.then(() => { if (worker.task === undefined) worker.endpoint.unref(); }, () => undefined);
      this.#idle.push(worker);
    }
    await Promise.all([...this.#live].map((worker) => worker.started));
  }

  /** Hands `job` to `worker` as participant `slot`. */
  post(worker: PoolWorker, job: number, slot: number, task: Task): void {
    worker.task = task;
    worker.endpoint.ref();
    this.#mailboxes.post(worker.mailbox, job, slot);
  }

  /**
   * Takes `job` back from `worker` if the worker has not picked it up yet (it swaps kJob for 0 when
   * it does). True if revoked: the worker will never touch the job.
   */
  revoke(worker: PoolWorker, job: number): boolean {
    if (!worker.alive) return false;
    const revoked = this.#mailboxes.revoke(worker.mailbox, job);
    if (revoked) worker.task = undefined;
    return revoked;
  }

  /** The worker's task is over; it waits for the next one without keeping the process alive. */
  release(worker: PoolWorker): void {
    worker.task = undefined;
    if (!worker.alive) return;
    worker.endpoint.unref();
    this.#idle.push(worker);
  }

  /** Asks every thread to exit and resolves once all are gone. */
  async close(): Promise<void> {
    this.#closing = true;
    const workers = [...this.#live];
    for (const worker of workers) this.#mailboxes.exit(worker.mailbox);
    await Promise.all(workers.map((worker) => worker.endpoint.terminate()));
  }

  #spawn(): PoolWorker {
    const { platform, arena, module, onFinished, fuzz } = this.#options;
    // A thread is only started when every live one is busy, each under its own permit, so a mailbox is
    // free unless one was kept from a worker that may still be running (see #exited).
    const mailbox = this.#mailboxes.take();
    let endpoint: WorkerEndpoint;
    try {
      endpoint = platform.spawn();
    } catch (error) {
      // new Worker() itself refused (a Content-Security-Policy, say): the mailbox is still free.
      this.#mailboxes.give(mailbox);
      this.#failed(error);
      throw this.#broken ?? couldNotStart(error);
    }
    let started!: { resolve: () => void; reject: (error: Error) => void };
    const worker: PoolWorker = {
      endpoint, mailbox, ready: false, alive: true, task: undefined,
      started: new Promise<void>((resolve, reject) => { started = { resolve, reject }; }),
    };
    worker.started.catch(() => undefined); // awaited only by prestart()
    this.#live.add(worker);
    endpoint.unref();
    let startupError: Error | undefined;
    const deadline = setTimeout(() => {
      startupError = notReadyInTime(this.#options.startupMs ?? kStartupMs);
      void endpoint.terminate();
    }, this.#options.startupMs ?? kStartupMs);
    (deadline as { unref?: () => void }).unref?.();
    endpoint.onMessage((message) => {
      const reply = message as WorkerMessage;
      if (reply.type === kReady) {
        clearTimeout(deadline);
        worker.ready = true;
        this.#failures = 0;
        started.resolve();
      } else if (reply.type === kFinished) {
        onFinished(reply.ticket);
      }
    });
    endpoint.onExit((error, gone) => {
      clearTimeout(deadline);
      const why = startupError ?? error;
      started.reject(endedBeforeReady(why));
      this.#exited(worker, why, gone);
    });
    const init: InitMessage = {
      type: kInit, module, memory: arena.memory, mailbox,
      fuzz: fuzz === undefined ? undefined : (fuzz + 0x9e3779b9 * ++this.#spawned) >>> 0,
    };
    endpoint.postMessage(init);
    return worker;
  }

  // One more worker failed to start; after kStartupAttempts in a row the pool is broken for good.
  #failed(error: unknown): void {
    if (this.#closing || ++this.#failures < kStartupAttempts) return;
    this.#broken = startsFailed(kStartupAttempts, error);
    reportWorkerFailure(this.#broken);
  }

  #exited(worker: PoolWorker, error: Error | undefined, gone: boolean): void {
    worker.alive = false;
    this.#live.delete(worker);
    const at = this.#idle.indexOf(worker);
    if (at !== -1) this.#idle.splice(at, 1);
    // A thread that may still be running keeps its mailbox for good: reusing it could hand it a task.
    if (gone) this.#mailboxes.give(worker.mailbox);
    if (!worker.ready) this.#failed(error);
    const task = worker.task;
    worker.task = undefined;
    task?.lost(error ?? workerExit('worker exited'), gone);
  }
}
