// A counting semaphore over shared memory (Go's x/sync/semaphore shape), usable from every thread.
import { overReleased, rangeError } from '../errors.js';
import { checkSignal, onAbort } from './abort.js';
import { changed, keepAlive } from './wait.js';
import { newSharedState, sharedState } from './shared.js';

// Layout of a Semaphore's shared state: two Int32s.
const kAvailable = 0; // permits free now
const kLimit = 1;     // permits in all; release() may never push kAvailable above it
const kWords = 2;

interface Waiter {
  resolve: () => void;
  /** Unsubscribes from the waiter's signal (a no-op without one). */
  forget: () => void;
}

const none = (): void => undefined;

/**
 * A counting semaphore over shared memory, shaped like Go's `x/sync/semaphore`: `acquire()` waits for
 * a permit, `tryAcquire()` takes one only if it is free now, `release()` gives one back.
 *
 * Waiters on one Semaphore object are served first in, first out, and `tryAcquire()` does not jump
 * that queue. Across threads (each with its own `Semaphore.from(state)`) the order is not specified.
 */
export class Semaphore {
  /** The shared state; post it to a worker and call `Semaphore.from(state)` there. */
  readonly state: Int32Array;
  #queue: Waiter[] = [];
  #pumping = false;
  /** Wakes the pump: called by a change of the shared counter, a local hand-off, or an abort. */
  #wake: (() => void) | undefined;
  // This object's one pending wait on the shared counter, kept across wake-ups and pump runs rather
  // than abandoned: an abandoned Atomics.waitAsync stays registered (about 0.5 KB each, until a
  // notify), so a fresh one per wake-up would grow without bound under load.
  #waiting = false;

  /**
   * `new Semaphore(n)`: a semaphore with `n` permits, all free.
   * `new Semaphore(other.state)`: the same semaphore as `other`, typically in another thread.
   */
  constructor(permits: number | Int32Array) {
    if (typeof permits !== 'number') {
      const shared = sharedState(permits, kWords, 'permits');
      const limit = Atomics.load(shared, kLimit);
      if (limit < 1) throw rangeError('permits', 'the state of a Semaphore (a limit of 1 or more)', limit);
      this.state = shared;
      return;
    }
    if (!Number.isInteger(permits) || permits < 1 || permits > 0x7fff_ffff) {
      throw rangeError('permits', 'an integer from 1 to 2147483647', permits);
    }
    this.state = newSharedState(kWords);
    this.state[kAvailable] = permits;
    this.state[kLimit] = permits;
  }

  /** The same as `new Semaphore(state)`. */
  static from(state: Int32Array): Semaphore {
    return new Semaphore(state);
  }

  /** Permits in all. */
  get limit(): number {
    return Atomics.load(this.state, kLimit);
  }

  /** Permits free now. */
  get available(): number {
    return Atomics.load(this.state, kAvailable);
  }

  /** Callers of `acquire()` on this object still waiting. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Takes a permit if one is free and nobody here is queued before us. */
  tryAcquire(): boolean {
    return this.#queue.length === 0 && this.#take();
  }

  /** Resolves with a permit; rejects with `signal.reason` if `signal` aborts first (no permit is kept). */
  acquire({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      checkSignal(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, forget: none };
      if (signal !== undefined) {
        waiter.forget = onAbort(signal, () => {
          const at = this.#queue.indexOf(waiter);
          if (at === -1) return; // granted meanwhile
          this.#queue.splice(at, 1);
          this.#wake?.();
          reject(signal.reason);
        });
      }
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /** Gives a permit back. Throws a RangeError if that would make more permits than the limit. */
  release(): void {
    // Hand the permit straight to the first local waiter: FIFO, and no wake-up round trip.
    const waiter = this.#queue.shift();
    if (waiter !== undefined) {
      this.#grant(waiter);
      this.#wake?.();
      return;
    }
    for (;;) {
      const available = Atomics.load(this.state, kAvailable);
      const limit = Atomics.load(this.state, kLimit);
      if (available >= limit) {
        throw overReleased(limit);
      }
      if (Atomics.compareExchange(this.state, kAvailable, available, available + 1) === available) break;
    }
    // Wake every waiter in every thread, not one: a thread's pump may be parked in a wait that
    // nobody needs any more (its queue emptied by a local hand-off), and a wake-up given to it alone
    // would be lost. Each re-checks the counter and at most one takes the permit.
    Atomics.notify(this.state, kAvailable);
  }

  #take(): boolean {
    for (let available = Atomics.load(this.state, kAvailable); available > 0;) {
      const seen = Atomics.compareExchange(this.state, kAvailable, available, available - 1);
      if (seen === available) return true;
      available = seen;
    }
    return false;
  }

  #grant(waiter: Waiter): void {
    waiter.forget();
    waiter.resolve();
  }

  // Permits released by other threads arrive through the shared counter: one loop per object waits
  // for it to leave zero while anyone here is queued, and serves the queue in order. A wake-up (a local
  // hand-off or an abort) wakes it early so it ends, and stops holding the event loop, once the queue
  // is empty; its wait on the counter stays pending and is reused by the next run.
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    const release = keepAlive();
    try {
      while (this.#queue.length > 0) {
        if (this.#take()) {
          this.#grant(this.#queue.shift()!);
          continue;
        }
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          if (this.#waiting) return;
          this.#waiting = true;
          void changed(this.state, kAvailable, 0).then(() => {
            this.#waiting = false;
            this.#wake?.();
          });
        });
        this.#wake = undefined;
      }
    } finally {
      release();
      this.#pumping = false;
    }
  }
}
