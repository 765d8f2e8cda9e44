// AbortSignal handling shared by every waiting primitive and the engine: a brand check that only a
// real AbortSignal passes, and one 'abort' listener per signal however many calls wait on it.
import { typeError } from '../errors.js';

// The intrinsic `aborted` getter is a brand check: it throws for anything that is not an AbortSignal
// (an object that only claims to be one by its Symbol.toStringTag included), in every runtime.
const abortedGetter: ((this: unknown) => boolean) | undefined = typeof AbortSignal === 'function'
  ? Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get as (this: unknown) => boolean
  : undefined;

/** Throws a TypeError naming `argument` unless `signal` is undefined or a real AbortSignal. */
export function checkSignal(signal: unknown, argument = 'signal'): asserts signal is AbortSignal | undefined {
  if (signal === undefined) return;
  try {
    if (abortedGetter !== undefined && typeof signal === 'object' && signal !== null) {
      abortedGetter.call(signal);
      return;
    }
  } catch {
    // not a signal: fall through
  }
  throw typeError(argument, 'an AbortSignal', signal);
}

// Why one listener per signal: Node warns (MaxListenersExceededWarning) once an EventTarget has more
// than 10 listeners for one event, and one signal shared by many concurrent calls is a normal use.
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

function dispatch(this: AbortSignal): void {
  const set = subscribers.get(this);
  subscribers.delete(this);
  if (set !== undefined) for (const listener of set) listener();
}

/**
 * Calls `listener` once when `signal` aborts. Returns the function that unsubscribes it (call it when
 * the work ends, by any path); the signal's own listener goes once no subscriber is left.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let set = subscribers.get(signal);
  if (set === undefined) {
    set = new Set();
    subscribers.set(signal, set);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  // A wrapper, so the same function subscribed twice is two subscriptions.
  const entry = (): void => listener();
  set.add(entry);
  return () => {
    const current = subscribers.get(signal);
    if (current === undefined || !current.delete(entry) || current.size > 0) return;
    subscribers.delete(signal);
    signal.removeEventListener('abort', dispatch);
  };
}
