// The shared state behind the sync primitives: checking a caller's Int32Array, or making a fresh one.
import { noSharedMemory, rangeError, typeError } from '../errors.js';

/** True for an Int32Array whose memory can be shared with other threads. */
export function isSharedInt32(value: unknown): value is Int32Array {
  return value instanceof Int32Array
    && typeof SharedArrayBuffer === 'function'
    && value.buffer instanceof SharedArrayBuffer;
}

/** Checks that `state` is a shared Int32Array of at least `words` elements. */
export function sharedState(state: unknown, words: number, argument: string): Int32Array {
  if (!isSharedInt32(state)) {
    throw typeError(argument, 'an Int32Array on a SharedArrayBuffer', state);
  }
  if (state.length < words) {
    throw rangeError(`${argument}.length`, `at least ${words}`, state.length);
  }
  return state;
}

/** A fresh zeroed shared Int32Array, or a clear error where SharedArrayBuffer is unavailable. */
export function newSharedState(words: number): Int32Array {
  if (typeof SharedArrayBuffer !== 'function') {
    throw noSharedMemory();
  }
  return new Int32Array(new SharedArrayBuffer(words * 4));
}
