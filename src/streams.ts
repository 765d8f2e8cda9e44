// The public side of streamed sums: their options and signatures, the checks of every argument, and
// the entry that hands a checked call to the machinery in src/stream/ (which imports nothing from here).
import { fileWithoutType, rangeError, typeError } from './errors.js';
import { kindOfConstructor } from './kinds.js';
import type { StreamHost } from './stream/host.js';
import { openSource, kOpenReader, type Reader } from './stream/sources.js';
import { runStream, type CheckedStream } from './stream/sum-stream.js';
import type { FilePath, StreamProgress, StreamSource } from './stream/types.js';
import { checkCallOptions, checkOptions, type Precision } from './validate.js';

/** The element types whose sums are bigints. */
export type BigIntArrayConstructor = BigInt64ArrayConstructor | BigUint64ArrayConstructor;

/** The element types whose sums are numbers. */
export type NumberArrayConstructor =
  | Float64ArrayConstructor | Float32ArrayConstructor
  | Int8ArrayConstructor | Uint8ArrayConstructor | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;

export interface StreamOptions {
  /**
   * The element type. With it, chunks are raw little-endian bytes of that type (TypedArrays of that
   * type, or of any 1-byte type, are taken as their bytes), and an element may be split across chunks
   * at any byte. Without it, chunks must be TypedArrays of one element type.
   */
  type?: NumberArrayConstructor | BigIntArrayConstructor;
  /** Cancels the sum: reading stops, the source is stopped, and the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Worker threads at most for this call; capped at the engine's `maxWorkers`. */
  maxWorkers?: number;
  /** As for `sum`: the same bits as `sum` of all the data, in either precision. */
  precision?: Precision;
  /** Called at most every 100 ms while reading, and once at the end. An exception it throws ends the sum. */
  onProgress?: (progress: StreamProgress) => void;
}

/** Options of `sumFile`: those of `sumStream` (`type` required), and a byte range. */
export interface FileOptions extends StreamOptions {
  type: NumberArrayConstructor | BigIntArrayConstructor;
  /** First byte to read. Default: 0. */
  offset?: number;
  /** Bytes to read. Default: to the end of the file. */
  length?: number;
}

/** `sumStream` on the default engine. */
export interface SumStreamFunction {
  (source: StreamSource, options: StreamOptions & { type: BigIntArrayConstructor }): Promise<bigint>;
  (source: StreamSource, options: StreamOptions & { type: NumberArrayConstructor }): Promise<number>;
  (source: StreamSource, options?: StreamOptions): Promise<number | bigint>;
}

/** `sumFile` (Node). */
export interface SumFileFunction {
  (path: FilePath, options: FileOptions & { type: BigIntArrayConstructor }): Promise<bigint>;
  (path: FilePath, options: FileOptions & { type: NumberArrayConstructor }): Promise<number>;
  (path: FilePath, options: FileOptions): Promise<number | bigint>;
}

/** The options of sumStream (and the common part of sumFile's). */
export function checkStreamOptions(options: unknown): CheckedStream {
  const { type, onProgress, signal, maxWorkers, precision } = checkOptions<StreamOptions>(options);
  const call = checkCallOptions({ signal, maxWorkers, precision });
  const kind = type === undefined ? undefined : kindOfConstructor(type);
  if (type !== undefined && kind === undefined) throw typeError('type', 'a TypedArray constructor such as Float64Array', type);
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('onProgress', 'a function', onProgress);
  return { type: kind, ...call, onProgress };
}

/** sumStream: the options checked, then the source taken over and read to the end (or stopped). */
export async function sumStreamOn(host: StreamHost, source: unknown, options: unknown): Promise<number | bigint> {
  const checked = checkStreamOptions(options);
  host.enter();
  try {
    return await runStream(host, openSource(source), checked);
  } finally {
    host.leave();
  }
}

const isHandle = (value: unknown): boolean => typeof value === 'object' && value !== null
  && typeof (value as { fd?: unknown }).fd === 'number' && typeof (value as { read?: unknown }).read === 'function'
  && typeof (value as { stat?: unknown }).stat === 'function';

/** A byte offset or length: a safe integer from 0 up. */
function checkBytes(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const expected = 'an integer number of bytes from 0 up';
  if (typeof value !== 'number') throw typeError(name, expected, value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(name, expected, value);
  return value;
}

/**
 * sumFile's arguments checked, as a source for sumStream: `open(path, offset, length)` makes the
 * reader (Node's, src/stream/file.ts; the entry that has files passes it).
 */
export function fileSourceOf(path: unknown, options: unknown,
  open: (path: FilePath, offset: number, length: number | undefined) => Reader): StreamSource {
  if (!isHandle(path) && typeof path !== 'string' && !(typeof URL === 'function' && path instanceof URL)) {
    throw typeError('path', 'a path (a string or a file: URL) or a FileHandle', path);
  }
  const { type, offset, length } = checkOptions<FileOptions>(options);
  if (type === undefined) throw fileWithoutType();
  checkStreamOptions(options);
  const first = checkBytes(offset, 'offset') ?? 0;
  const count = checkBytes(length, 'length');
  return { [kOpenReader]: () => open(path as FilePath, first, count) } as unknown as StreamSource;
}

