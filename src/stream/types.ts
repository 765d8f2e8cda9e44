// The public shapes of streamed sums: sources, options and progress reports. Sources are described
// structurally (no DOM or Node types needed to compile against them): a WHATWG ReadableStream, a Blob
// or File and a fetch Response all fit these, and a Node Readable is an AsyncIterable.
import type { NumericArrayConstructor } from '../engine.js';
import type { Precision } from '../validate.js';

/** One piece of a stream: a TypedArray, or raw bytes (an ArrayBuffer, a Uint8Array, a Node Buffer, a DataView). */
export type StreamChunk = ArrayBufferLike | ArrayBufferView;

/** The reader of a WHATWG ReadableStream, as far as `sumStream` uses it. */
export interface ReadableStreamReaderLike {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

/** A WHATWG `ReadableStream`. */
export interface ReadableStreamLike {
  getReader(): ReadableStreamReaderLike;
}

/** A `Blob` or `File`. */
export interface BlobLike {
  readonly size: number;
  stream(): ReadableStreamLike;
}

/** A fetch `Response`. */
export interface ResponseLike {
  readonly body: ReadableStreamLike | null;
  readonly bodyUsed: boolean;
  readonly headers: { get(name: string): string | null };
}

/**
 * What `sumStream` reads: an AsyncIterable or Iterable of chunks (a Node `Readable` is one), a
 * `ReadableStream`, a `Blob`/`File`, a `Response`, or a single chunk.
 */
export type StreamSource =
  | AsyncIterable<StreamChunk> | Iterable<StreamChunk> | ReadableStreamLike | BlobLike | ResponseLike | StreamChunk;

/** What `onProgress` is told: bytes and whole elements read so far, and the total when it is known. */
export interface StreamProgress {
  bytes: number;
  elements: number;
  /** Known for files, Blobs and Responses with a Content-Length (and no Content-Encoding). */
  totalBytes: number | undefined;
}

export interface StreamOptions {
  /**
   * The element type. With it, chunks are raw little-endian bytes of that type (TypedArrays of that
   * type, or of any 1-byte type, are taken as their bytes), and an element may be split across chunks
   * at any byte. Without it, chunks must be TypedArrays of one element type.
   */
  type?: NumericArrayConstructor;
  /** Cancels the sum: reading stops, the source is cancelled, and the promise rejects with `signal.reason`. */
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
  type: NumericArrayConstructor;
  /** First byte to read. Default: 0. */
  offset?: number;
  /** Bytes to read. Default: to the end of the file. */
  length?: number;
}

/** The element types whose sums are bigints. */
export type BigIntArrayConstructor = BigInt64ArrayConstructor | BigUint64ArrayConstructor;

/** The element types whose sums are numbers. */
export type NumberArrayConstructor = Exclude<NumericArrayConstructor, BigIntArrayConstructor>;

/** `sumStream` on the default engine. */
export interface SumStreamFunction {
  (source: StreamSource, options: StreamOptions & { type: BigIntArrayConstructor }): Promise<bigint>;
  (source: StreamSource, options: StreamOptions & { type: NumberArrayConstructor }): Promise<number>;
  (source: StreamSource, options?: StreamOptions): Promise<number | bigint>;
}

/** A FileHandle from `fs.promises.open`, as far as `sumFile` uses it. */
export interface FileHandleLike {
  readonly fd: number;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
}

/** What `sumFile` reads: a path, a `file:` URL, or an open FileHandle (left open). */
export type FilePath = string | URL | FileHandleLike;

/** `sumFile` (Node). */
export interface SumFileFunction {
  (path: FilePath, options: FileOptions & { type: BigIntArrayConstructor }): Promise<bigint>;
  (path: FilePath, options: FileOptions & { type: NumberArrayConstructor }): Promise<number>;
  (path: FilePath, options: FileOptions): Promise<number | bigint>;
}
