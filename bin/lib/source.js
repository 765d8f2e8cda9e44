// Where the command line reads bytes from: a file (a path) or standard input, behind one small reader.
import { open } from 'node:fs/promises';
import { CliError } from './errors.js';

/**
 * @typedef {object} Reader
 * @property {(target: Uint8Array, at: number) => Promise<number>} read fills `target` from `at` as far
 *   as it can; the bytes read, 0 at the end
 * @property {number | undefined} size bytes in all, when known
 * @property {() => Promise<void>} close
 */

/**
 * A file opened for reading, and the range of it to read, checked: within the file, and whole
 * elements of `element` bytes (binary input) if given. Whoever opens it closes it.
 * @param {string} path @param {number} [offset] @param {number} [length] @param {{ bytes: number, name: string }} [element]
 * @returns {Promise<{ handle: import('node:fs/promises').FileHandle, start: number, end: number }>}
 */
export async function openRange(path, offset = 0, length = Infinity, element = undefined) {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    checkRange(path, size, offset, length);
    const end = Math.min(size, offset + length);
    const left = element === undefined ? 0 : (end - offset) % element.bytes;
    if (left !== 0 && element !== undefined) {
      throw new CliError(`${path}: ${end - offset} bytes are not whole ${element.name} elements of ${element.bytes} bytes: ${left} left over`);
    }
    return { handle, start: offset, end };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * A file's bytes from `offset`, `length` of them (all by default), read in order; checked as
 * openRange() checks them. @param {string} path @param {number} [offset] @param {number} [length]
 * @param {{ bytes: number, name: string }} [element] @returns {Promise<Reader>}
 */
export async function fileReader(path, offset = 0, length = Infinity, element = undefined) {
  const { handle, start, end } = await openRange(path, offset, length, element);
  let position = start;
  return {
    size: end - start,
    async read(target, at) {
      const want = Math.min(target.length - at, end - position);
      if (want <= 0) return 0;
      const { bytesRead } = await handle.read(target, at, want, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

/**
 * A stream's bytes (standard input). A read waiting for data settles when `signal` aborts: a pipe that
 * stays open and silent must not keep Ctrl-C from ending the command.
 * @param {NodeJS.ReadableStream} stream @param {AbortSignal} signal @returns {Reader}
 */
export function streamReader(stream, signal) {
  const chunks = stream[Symbol.asyncIterator]();
  /** @type {Uint8Array | undefined} */
  let left;
  return {
    size: undefined,
    async read(target, at) {
      if (left === undefined || left.length === 0) {
        const next = await abortable(chunks.next(), signal);
        if (next.done) return 0;
        left = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
      const n = Math.min(left.length, target.length - at);
      target.set(left.subarray(0, n), at);
      left = left.subarray(n);
      return n;
    },
    // Destroyed rather than closed through the iterator: its return() waits for a pending read, which
    // an open, silent pipe never ends.
    async close() {
      /** @type {{ destroy?: () => void }} */ (stream).destroy?.();
    },
  };
}

/**
 * Refuses a range that starts or ends past the end of the file (an `offset` exactly at the end is an
 * empty range). @param {string} path @param {number} size @param {number} offset @param {number} length
 */
export function checkRange(path, size, offset, length) {
  if (offset > size) throw new CliError(`${path}: --offset ${offset} is past the end of the file (${size} bytes)`);
  if (length !== Infinity && offset + length > size) {
    throw new CliError(`${path}: --offset ${offset} --length ${length} runs past the end of the file (${size} bytes)`);
  }
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts.
 * @template T @param {Promise<T>} promise @param {AbortSignal} signal @returns {Promise<T>}
 */
function abortable(promise, signal) {
  signal.throwIfAborted();
  /** @type {() => void} */
  let onAbort = () => {};
  const aborted = new Promise((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, aborted])).finally(() => signal.removeEventListener('abort', onAbort));
}
