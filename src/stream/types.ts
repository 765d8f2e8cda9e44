// The shapes of what streamed sums read and report: sources, described structurally (no DOM or Node
// types needed to compile against them: a WHATWG ReadableStream, a Blob or File and a fetch Response
// all fit these, and a Node Readable is an AsyncIterable), progress reports, and file handles.

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

/** A FileHandle from `fs.promises.open`, as far as `sumFile` uses it. */
export interface FileHandleLike {
  readonly fd: number;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
}

/** What `sumFile` reads: a path, a `file:` URL, or an open FileHandle (left open). */
export type FilePath = string | URL | FileHandleLike;
