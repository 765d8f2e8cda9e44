// Go's sync.WaitGroup over shared memory: add, done, and wait (workers) or waitAsync (any thread).
import { rangeError, typeError, waitGroupCounter } from '../errors.js';
import { checkSignal, onAbort } from './abort.js';
import { changed, keepAlive } from './wait.js';
import { newSharedState, sharedState } from './shared.js';

// Layout of a WaitGroup's shared state: one Int32, the counter.
const kCounter = 0;

/**
 * Go's `sync.WaitGroup` over shared memory: `add(n)` before starting work, `done()` when a piece ends,
 * `wait()` (blocking; workers only) or `waitAsync()` (any thread) until the counter is back at zero.
 * Hand `wg.state` to another thread and rebuild it there with `WaitGroup.from(state)`.
 */
export class WaitGroup {
  /** The shared counter; post it to a worker and call `WaitGroup.from(state)` there. */
  readonly state: Int32Array;
  readonly #index: number;
  // The one pending wait on the counter that every waitAsync() on this object shares: an aborted
  // waitAsync leaves it for the next one instead of leaving a registration of its own behind.
  #change: Promise<void> | undefined;

  /**
   * `new WaitGroup()`: a fresh counter at zero.
   * `new WaitGroup(other.state)`: the same WaitGroup as `other`, typically in another thread.
   * `new WaitGroup(int32, index)`: a WaitGroup kept in slot `index` of a shared Int32Array of yours.
   */
  constructor(state?: Int32Array, index = 0) {
    if (state === undefined) {
      this.state = newSharedState(1);
      this.#index = kCounter;
      return;
    }
    this.state = sharedState(state, 1, 'state');
    if (!Number.isInteger(index) || index < 0 || index >= state.length) {
      throw rangeError('index', `an integer from 0 to ${state.length - 1}`, index);
    }
    this.#index = index;
  }

  /** The same as `new WaitGroup(state, index)`. */
  static from(state: Int32Array, index = 0): WaitGroup {
    return new WaitGroup(state, index);
  }

  /** The counter now: how many pieces of work have not called `done()` yet. */
  get count(): number {
    return Atomics.load(this.state, this.#index);
  }

  /**
   * Adds `delta` (may be negative) to the counter. Throws a RangeError, leaving the counter as it was,
   * if it would drop below zero: the refused value is never stored, so no other thread can see it.
   * Returns true when this call brought the counter to zero.
   */
  add(delta = 1): boolean {
    if (!Number.isSafeInteger(delta)) throw typeError('delta', 'an integer', delta);
    for (let seen = Atomics.load(this.state, this.#index); ;) {
      const now = seen + delta;
      if (now < 0 || now > 0x7fff_ffff) throw waitGroupCounter(now, delta);
      const before = Atomics.compareExchange(this.state, this.#index, seen, now);
      if (before !== seen) {
        seen = before;
        continue;
      }
      if (now === 0 && delta !== 0) Atomics.notify(this.state, this.#index);
      return now === 0;
    }
  }

  /** One piece of work is done. Returns true when it was the last one. */
  done(): boolean {
    return this.add(-1);
  }

  /**
   * Blocks this thread until the counter is zero, or `timeout` ms pass (returns false then).
   * Only where blocking is allowed: worker threads, and Node's main thread.
   */
  wait(timeout = Infinity): boolean {
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
      throw typeError('timeout', 'a number of milliseconds from 0 and up', timeout);
    }
    const deadline = performance.now() + timeout;
    for (let value; (value = Atomics.load(this.state, this.#index)) !== 0;) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.state, this.#index, value, left);
    }
    return true;
  }

  /** Resolves when the counter is zero; rejects with `signal.reason` if `signal` aborts first. */
  async waitAsync({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    checkSignal(signal);
    signal?.throwIfAborted();
    if (Atomics.load(this.state, this.#index) === 0) return;
    let forget = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (signal !== undefined) forget = onAbort(signal, () => reject(signal.reason));
    });
    aborted.catch(() => undefined); // raced below; never an unhandled rejection between two races
    const release = keepAlive();
    try {
      for (let value; (value = Atomics.load(this.state, this.#index)) !== 0;) {
        this.#change ??= changed(this.state, this.#index, value).then(() => { this.#change = undefined; });
        await Promise.race([this.#change, aborted]);
      }
    } finally {
      release();
      forget();
    }
  }
}
