// The pool and what jobs need from the engine, made together on the first sum that runs on workers:
// the round tickets, and the rounds waiting for a "finished" message that carries one.
import type { Platform } from '../endpoint/types.js';
import type { Arena } from '../memory/arena.js';
import type { Semaphore } from '../sync/semaphore.js';
import { Pool } from './pool.js';

/** What a job needs from its engine. */
export interface JobContext {
  readonly arena: Arena;
  readonly pool: Pool;
  readonly permits: Semaphore;
  /** A ticket for a new round: never the ticket of a round still in progress. */
  ticket(): number;
  /**
   * Settles when a participant posts "round finished" for `ticket` (only without Atomics.waitAsync).
   * `forget()` ends the registration, by whatever path the round ended.
   */
  finished(ticket: number): { readonly promise: Promise<void>; forget(): void };
}

/** How the engine's workers are set up. */
export interface WorkersOptions {
  readonly platform: Platform;
  readonly arena: Arena;
  readonly module: WebAssembly.Module;
  /** Byte address of `limit` consecutive mailboxes, allocated once by the engine. */
  readonly mailboxes: number;
  readonly limit: number;
  /** The engine's bound: one permit per worker. */
  readonly permits: Semaphore;
  /** Tests only: the schedule fuzzer's seed, and the start-up deadline (ms). */
  readonly fuzz: number | undefined;
  readonly startupMs: number | undefined;
}

/** A job context with the rounds now waiting for a message (for the test seam). */
export interface Workers extends JobContext {
  waiting(): number;
}

/** The pool and the job context; starts no thread yet (the pool starts them as jobs take them). */
export function createWorkers({ permits, ...options }: WorkersOptions): Workers {
  /** Rounds waiting for a "finished" message, by ticket (only without Atomics.waitAsync). */
  const finished = new Map<number, () => void>();
  let tickets = 0;
  const pool = new Pool({ ...options, onFinished: (ticket) => finished.get(ticket)?.() });
  return {
    arena: options.arena,
    pool,
    permits,
    // Int32 tickets (they travel in the job block), never 0, unique among rounds in progress.
    ticket: () => (tickets = (tickets + 1) | 0) || (tickets = 1),
    finished: (ticket) => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      finished.set(ticket, resolve);
      return { promise, forget: () => finished.delete(ticket) };
    },
    waiting: () => finished.size,
  };
}
