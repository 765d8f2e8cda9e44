// A streamed sum in motion: reads a source into the ring, chunk by chunk, with backpressure, progress
// reports and cancellation, and gives the same bits as `sum` of all the data. Every exit path (the end,
// an abort, a source error, bad input) stops the source, waits until no worker is on a buffer, and
// frees the ring. Its arguments were checked by src/streams.ts.
import { bytesLeftOver } from '../errors.js';
import { exactKind, type Kind } from '../kinds.js';
import type { LocalContext } from '../local.js';
import { onAbort } from '../sync/abort.js';
import type { StreamHost } from './host.js';
import { Pump } from './pump.js';
import { Ring } from './ring.js';
import { Sink } from './sink.js';
import { chunkBytes, kEnd, type Reader } from './sources.js';
import type { StreamProgress } from './types.js';

/** onProgress is called at most this often while reading (and once at the end). */
const kProgressMs = 100;

/** A call's checked options. */
export interface CheckedStream {
  /** The element type's kind, if `type` was given. */
  type: Kind | undefined;
  precision: 'fast' | 'exact';
  signal: AbortSignal | undefined;
  maxWorkers: number | undefined;
  onProgress: ((progress: StreamProgress) => void) | undefined;
}

/** The sum of everything `reader` gives; `reader` is read to the end or stopped. */
export async function runStream(host: StreamHost, reader: Reader, { type, precision, signal, maxWorkers, onProgress }: CheckedStream):
  Promise<number | bigint> {
  let forget: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) reject(signal.reason);
    else forget = onAbort(signal, () => reject(signal.reason));
  });
  aborted.catch(() => {});
  // Each await on the source or the engine also ends at the abort: a source that never answers
  // cannot keep the call from rejecting.
  const race = <T>(promise: Promise<T>): Promise<T> => (signal === undefined ? promise : Promise.race([promise, aborted]));
  let pump: Pump | undefined;
  let local: LocalContext | undefined;
  let kind = type;
  const progress = new Progress(onProgress, reader);
  try {
    signal?.throwIfAborted();
    await race(reader.start?.() ?? Promise.resolve());
    local = await race(host.load());
    const open = (of: Kind): Pump => new Pump(host, local!, new Sink(precision === 'exact' ? exactKind(of) : of),
      new Ring(host.arena, host.ring, reader.totalBytes), { signal, maxWorkers });
    if (kind !== undefined) pump = open(kind);
    for (;;) {
      if (reader.readInto !== undefined && pump !== undefined) {
        const n = await race(reader.readInto(await pump.room()));
        if (n === 0) break;
        pump.commit(n);
        progress.add(n, kind!);
        continue;
      }
      const chunk = await race(reader.next());
      if (chunk === kEnd) break;
      const { bytes, kind: of } = chunkBytes(chunk, type, kind);
      kind ??= of;
      pump ??= open(kind!);
      // Not raced: a write waits only for sums, which end at the abort by themselves.
      await pump.write(bytes);
      progress.add(bytes.length, kind!);
    }
    await reader.close();
    if (pump === undefined) {
      progress.end(undefined);
      return -0; // no type and no chunk: the sum of nothing, as for an empty number[]
    }
    const left = pump.pending % pump.sink.kind.bytes;
    if (left !== 0) {
      throw bytesLeftOver(kind!.name, kind!.bytes, progress.bytes, left);
    }
    await pump.end(0);
    const result = pump.sink.result();
    pump.close();
    progress.end(kind!);
    return result;
  } catch (error) {
    await reader.cancel(error);
    await pump?.abandon();
    throw error;
  } finally {
    forget?.();
  }
}

/** onProgress, throttled to one call per kProgressMs while reading. */
class Progress {
  bytes = 0;
  readonly #report: ((progress: StreamProgress) => void) | undefined;
  readonly #reader: Reader;
  #last = performance.now();

  constructor(report: ((progress: StreamProgress) => void) | undefined, reader: Reader) {
    this.#report = report;
    this.#reader = reader;
  }

  add(n: number, kind: Kind): void {
    this.bytes += n;
    if (this.#report === undefined) return;
    const now = performance.now();
    if (now - this.#last < kProgressMs) return;
    this.#last = now;
    this.#call(kind);
  }

  end(kind: Kind | undefined): void {
    if (this.#report !== undefined) this.#call(kind);
  }

  #call(kind: Kind | undefined): void {
    const elements = kind === undefined ? 0 : Math.floor(this.bytes / kind.bytes);
    this.#report!({ bytes: this.bytes, elements, totalBytes: this.#reader.totalBytes });
  }
}
