// The ring in motion: bytes are written into the current buffer; a full buffer goes to the workers
// (or, small or without workers, to the calling thread) while the next one fills; partials come back
// in buffer order and go to the sink. At most the ring's buffers are in use, so a writer that awaits
// write() is never ahead of the sums by more than the ring holds (backpressure).
import { OutOfMemoryError } from '../errors.js';
import { runJob } from '../job.js';
import type { LocalContext } from '../local.js';
import { kChunkBytes } from '../memory/layout.js';
import type { StreamHost } from './host.js';
import { slotSource, type Ring, type Slot } from './ring.js';
import type { Part, Sink } from './sink.js';

export interface PumpOptions {
  signal: AbortSignal | undefined;
  maxWorkers: number | undefined;
}

export class Pump {
  readonly sink: Sink;
  readonly #host: StreamHost;
  readonly #local: LocalContext;
  readonly #ring: Ring;
  readonly #options: PumpOptions;
  #slot: Slot | undefined;
  #fill = 0;
  readonly #inflight: Array<{ slot: Slot; part: Promise<Part> }> = [];

  constructor(host: StreamHost, local: LocalContext, sink: Sink, ring: Ring, options: PumpOptions) {
    this.#host = host;
    this.#local = local;
    this.sink = sink;
    this.#ring = ring;
    this.#options = options;
  }

  /** Bytes written to the current buffer and not yet sent to be summed. */
  get pending(): number {
    return this.#fill;
  }

  /** The free part of the current buffer. When every buffer is in use, waits for the oldest sum. */
  async room(): Promise<Uint8Array> {
    if (this.#slot === undefined) {
      let slot = this.#ring.take();
      while (slot === undefined) {
        await this.#settleOldest();
        slot = this.#ring.take();
      }
      this.#slot = slot;
      this.#fill = 0;
    }
    return this.#slot.bytes.subarray(this.#fill);
  }

  /** Counts `n` bytes written into room(); a full buffer goes to be summed. */
  commit(n: number): void {
    this.#fill += n;
    if (this.#fill === this.#slot!.bytes.length) {
      this.#submit(this.#slot!, this.#fill);
      this.#slot = undefined;
    }
  }

  /** Copies `bytes` into the ring. */
  async write(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length;) {
      const room = await this.room();
      const n = Math.min(room.length, bytes.length - at);
      room.set(bytes.subarray(at, at + n));
      at += n;
      this.commit(n);
    }
  }

  /**
   * Sums what is left but the last `keep` bytes of the current buffer (a copy of them is returned),
   * then waits for every sum in flight. `keep` must leave whole elements to sum.
   */
  async end(keep: number): Promise<Uint8Array> {
    const slot = this.#slot;
    let rest = new Uint8Array(0);
    if (slot !== undefined) {
      this.#slot = undefined;
      const cut = this.#fill - keep;
      rest = slot.bytes.slice(cut, this.#fill);
      if (cut > 0) this.#submit(slot, cut);
      else this.#ring.give(slot);
    }
    while (this.#inflight.length > 0) await this.#settleOldest();
    return rest;
  }

  /** After a failure: waits until no worker is on any buffer, then frees the ring. Never rejects. */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.#inflight.splice(0).map(({ part }) => part));
    this.#slot = undefined;
    this.#ring.close();
  }

  /** After end(): frees the ring. */
  close(): void {
    this.#ring.close();
  }

  async #settleOldest(): Promise<void> {
    const { slot, part } = this.#inflight[0]!;
    this.sink.push(await part);
    this.#inflight.shift();
    this.#ring.give(slot);
  }

  #submit(slot: Slot, bytes: number): void {
    const part = this.#sum(slot, bytes / this.sink.kind.bytes);
    // Awaited in order later (or settled by abandon()); never an unhandled rejection meanwhile.
    part.catch(() => {});
    this.#inflight.push({ slot, part });
  }

  // The partials of the first `length` elements of `slot`: on workers when it is in shared memory and
  // large enough, else (or when the workers cannot start, or no job block fits) on this thread.
  async #sum(slot: Slot, length: number): Promise<Part> {
    const { sink } = this;
    const { signal, maxWorkers } = this.#options;
    const host = this.#host;
    if (slot.ptr >= 0 && length * sink.kind.bytes >= host.ring.workerBytes) {
      const jobs = host.jobs(this.#local);
      if (jobs !== undefined) {
        const workers = Math.min(maxWorkers ?? host.maxWorkers, host.maxWorkers);
        try {
          return await runJob(jobs, sink.kind, slot.ptr, length, { maxWorkers: workers, signal },
            (buffer, at, chunks) => sink.fromJob(buffer, at, chunks));
        } catch (error) {
          if (!(error instanceof OutOfMemoryError) && host.jobs(this.#local) !== undefined) throw error;
        }
      }
    }
    signal?.throwIfAborted();
    return sink.here(this.#local, slotSource(slot, length), length);
  }
}

/** Bytes of the current buffer an accumulator keeps for later: the tail after its last whole chunk. */
export const chunkTail = (pending: number): number => pending % kChunkBytes;
