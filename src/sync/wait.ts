// Waiting for a shared Int32 slot to change, without ever blocking the calling thread.
//
// `Atomics.waitAsync` is the right tool (Node 16+, Chromium 87+, Safari 16.4+, Firefox 145+). Where it
// is missing the slot is polled on a timer that backs off from 1 ms to 16 ms: slower to wake, but it
// never blocks, and the engine itself does not rely on it there (its workers post a message instead).

type WaitAsync = (typedArray: Int32Array, index: number, value: number, timeout?: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

const waitAsyncImpl = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** True where `Atomics.waitAsync` exists. */
export const hasWaitAsync: boolean = typeof waitAsyncImpl === 'function';

const settled = Promise.resolve();

/**
 * Resolves once `slot[index]` may no longer equal `value` (a wake-up can be spurious: callers re-check).
 * Resolves at once if it already differs.
 */
export function changed(slot: Int32Array, index: number, value: number): Promise<void> {
  if (waitAsyncImpl === undefined) return poll(slot, index, value);
  const result = waitAsyncImpl(slot, index, value);
  return result.async ? result.value.then(() => undefined) : settled;
}

/**
 * Holds the event loop open until the returned function is called. A pending `Atomics.waitAsync`
 * does not keep a Node event loop alive, so a worker whose only pending work is such a wait would
 * simply exit; public waits hold one of these for as long as somebody is waiting. (A timer that never
 * fires; harmless where there is no such notion, as in browsers.)
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 2 ** 30);
  return () => clearInterval(timer);
}

// Like a pending Atomics.waitAsync, a poll never keeps a Node process alive by itself (its timers are
// unref'd); the waits that must, hold a keepAlive() for as long as they wait.
function poll(slot: Int32Array, index: number, value: number): Promise<void> {
  return new Promise((resolve) => {
    let delay = 1;
    const check = (): void => {
      if (Atomics.load(slot, index) !== value) return resolve();
      delay = Math.min(delay * 2, 16);
      (setTimeout(check, delay) as { unref?: () => void }).unref?.();
    };
    check();
  });
}
