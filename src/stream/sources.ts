// Every kind of source a streamed sum reads, behind one small reader: chunks one at a time, the total
// size when the source knows it, and a way to stop it (cancel a ReadableStream with the reason,
// destroy a Node Readable, return an iterator, close a file). Also the check of each chunk.
import {
  bytesWithoutType, chunkOfOtherType, detachedChunk, mixedChunks, notAChunk, notASource, responseAlreadyRead,
} from '../errors.js';
import { kindOf, placeOf, type Kind } from '../kinds.js';

/** What `next()` gives after the last chunk. */
export const kEnd: unique symbol = Symbol('end');

export interface Reader {
  /** Bytes the source will give in all, when it says (files, Blobs, a Response's Content-Length). */
  readonly totalBytes: number | undefined;
  /** Opens what must be opened (a file) before the first read. */
  start?(): Promise<void>;
  /** The next chunk, or kEnd. */
  next(): Promise<unknown>;
  /** Reads straight into `view` (files); resolves with the bytes read, 0 at the end. */
  readInto?(view: Uint8Array): Promise<number>;
  /**
   * Stops the source after an abort or a failure. Resolves once nothing will write into our buffers
   * again (a file read in flight is waited for); never rejects.
   */
  cancel(reason: unknown): Promise<void>;
  /** After the last chunk: releases what the reader holds. */
  close(): Promise<void>;
}

/** Internal sources (a file) carry their own reader under this key. */
export const kOpenReader: unique symbol = Symbol('parallel-sum.reader');

type AnyObject = Record<PropertyKey, unknown>;
const isObject = (value: unknown): value is AnyObject =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

const isBytes = (value: unknown): boolean => value instanceof ArrayBuffer
  || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) || ArrayBuffer.isView(value);

/** The reader of `source`, or a TypeError naming `source`. Takes hold of it (locks a ReadableStream). */
export function openSource(source: unknown): Reader {
  if (!isObject(source)) throw notASource(source);
  const open = source[kOpenReader];
  if (typeof open === 'function') return open.call(source) as Reader;
  if (isBytes(source)) return fromIterator([source][Symbol.iterator](), undefined);
  if (typeof source.getReader === 'function') return fromStream(source.getReader() as StreamReader, undefined);
  if (typeof source.stream === 'function' && typeof source.size === 'number') {
    return fromStream((source.stream() as { getReader(): StreamReader }).getReader(), source.size);
  }
  if ('bodyUsed' in source && 'body' in source && isObject(source.headers)) return fromResponse(source);
  if (typeof source.pipe === 'function' && typeof source.destroy === 'function' && Symbol.asyncIterator in source) {
    const readable = source as AnyObject & { destroy(): void };
    return { ...fromIterator((source[Symbol.asyncIterator] as () => Iterator<unknown>).call(source), undefined),
      cancel: async () => { readable.destroy(); } };
  }
  const iterate = (source[Symbol.asyncIterator] ?? source[Symbol.iterator]) as (() => Iterator<unknown>) | undefined;
  if (typeof iterate === 'function' && typeof source !== 'string') return fromIterator(iterate.call(source), undefined);
  throw notASource(source);
}

interface StreamReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

function fromStream(reader: StreamReader, totalBytes: number | undefined): Reader {
  return {
    totalBytes,
    next: async () => {
      const { done, value } = await reader.read();
      return done ? kEnd : value;
    },
    // Not awaited: a source whose cancel never settles must not hold up the rejection.
    cancel: async (reason) => { reader.cancel(reason).catch(() => {}); },
    close: async () => { reader.releaseLock(); },
  };
}

function fromResponse(response: AnyObject): Reader {
  if (response.bodyUsed === true) {
    throw responseAlreadyRead();
  }
  // Content-Length counts the bytes on the wire: with a Content-Encoding they are not the body's.
  const headers = response.headers as { get(name: string): string | null };
  const length = headers.get('content-length');
  const total = length !== null && headers.get('content-encoding') === null && /^\d+$/.test(length) ? Number(length) : undefined;
  const body = response.body as { getReader(): StreamReader } | null;
  return body === null ? fromIterator([][Symbol.iterator](), 0) : fromStream(body.getReader(), total);
}

function fromIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>, totalBytes: number | undefined): Reader {
  return {
    totalBytes,
    next: async () => {
      const step = await iterator.next();
      return step.done === true ? kEnd : step.value;
    },
    cancel: async () => {
      try {
        // Not awaited: an async generator stuck in a read finishes its return() only after that read.
        Promise.resolve(iterator.return?.()).catch(() => {});
      } catch {
        // a return() that throws: the iterator is given up all the same
      }
    },
    close: async () => {},
  };
}

/**
 * The bytes of one chunk. With `type`, any TypedArray of that type or of a 1-byte type, an
 * ArrayBuffer or a DataView is taken as raw bytes. Without, the chunk must be a TypedArray (not bytes:
 * a Uint8Array, Buffer, ArrayBuffer or DataView), of the same type as the chunks before it (`seen`).
 */
export function chunkBytes(chunk: unknown, type: Kind | undefined, seen: Kind | undefined, argument = 'source'):
  { bytes: Uint8Array; kind: Kind | undefined } {
  if (chunk instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && chunk instanceof SharedArrayBuffer)) {
    if (type === undefined) throw bytesWithoutType('an ArrayBuffer');
    return { bytes: new Uint8Array(chunk), kind: type };
  }
  if (chunk instanceof DataView) {
    if (type === undefined) throw bytesWithoutType('a DataView');
    return { bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), kind: type };
  }
  const kind = kindOf(chunk);
  if (kind === undefined) throw notAChunk(argument, chunk);
  const place = placeOf(chunk as Float64Array);
  if (place === undefined) throw detachedChunk(argument);
  const bytes = new Uint8Array(place.buffer, place.byteOffset, place.length * kind.bytes);
  if (type !== undefined) {
    if (kind.bytes === 1 || kind.name === type.name) return { bytes, kind: type };
    throw chunkOfOtherType(argument, type.name, kind.name);
  }
  if (kind.name === 'Uint8Array') throw bytesWithoutType('a Uint8Array (bytes)');
  if (seen !== undefined && kind.name !== seen.name) throw mixedChunks(kind.name, seen.name);
  return { bytes, kind };
}
