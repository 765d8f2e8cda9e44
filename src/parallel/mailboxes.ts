// The workers' mailboxes in shared memory (layout in protocol.ts): where the calling thread posts a
// task, takes back one not yet picked up, or asks a worker to exit; and where each worker counts the
// chunks it summed.
import type { Arena } from '../memory/arena.js';
import { kChunksDone, kExit, kJob, kMailboxBytes, kSeq, kSlot } from './protocol.js';

export class Mailboxes {
  readonly #arena: Arena;
  /** Mailboxes not in use. */
  readonly #free: number[] = [];
  /** Every mailbox ever used: their chunk counters add up to the workers' chunks. */
  readonly #all: number[] = [];

  // The first `count` come allocated by the engine, all at once from `first`: small long-lived blocks
  // allocated one by one would fragment the memory users allocate in.
  constructor(arena: Arena, first: number, count: number) {
    this.#arena = arena;
    for (let i = count - 1; i >= 0; i--) this.#free.push(first + i * kMailboxBytes);
    this.#all.push(...this.#free);
  }

  /**
   * A mailbox for a new worker, with a fresh task state. Its chunk counter is kept: it counts for
   * stats() whichever thread wrote it.
   */
  take(): number {
    let mailbox = this.#free.pop();
    if (mailbox === undefined) {
      mailbox = this.#arena.allocZeroed(kMailboxBytes);
      this.#all.push(mailbox);
    }
    this.#box(mailbox).fill(0, 0, kChunksDone);
    return mailbox;
  }

  /** A mailbox no thread will read again. */
  give(mailbox: number): void {
    this.#free.push(mailbox);
  }

  /** Hands `job` to the worker at `mailbox` as participant `slot`. */
  post(mailbox: number, job: number, slot: number): void {
    const box = this.#box(mailbox);
    box[kSlot] = slot;
    Atomics.store(box, kJob, job);
    // The bump is what the worker sleeps on; Atomics are sequentially consistent, so a worker that
    // sees it also sees kSlot and kJob.
    Atomics.add(box, kSeq, 1);
    Atomics.notify(box, kSeq, 1);
  }

  /**
   * Takes `job` back if the worker has not picked it up yet (it swaps kJob for 0 when it does). True
   * if revoked: the worker will never touch the job.
   */
  revoke(mailbox: number, job: number): boolean {
    // kJob holds the address as an Int32: one at or above 2 GiB reads back negative, so compare the
    // Int32 form (job | 0), never the address itself.
    return Atomics.compareExchange(this.#box(mailbox), kJob, job | 0, 0) === (job | 0);
  }

  /** Asks the worker at `mailbox` to leave its serve loop. */
  exit(mailbox: number): void {
    const box = this.#box(mailbox);
    Atomics.store(box, kJob, kExit);
    Atomics.add(box, kSeq, 1);
    Atomics.notify(box, kSeq, 1);
  }

  /** Chunks summed by the workers so far: each counts its own, in its mailbox. */
  chunks(): number {
    const i32 = new Int32Array(this.#arena.buffer);
    let total = 0;
    for (const mailbox of this.#all) total += Atomics.load(i32, (mailbox >>> 2) + kChunksDone) >>> 0;
    return total;
  }

  #box(mailbox: number): Int32Array {
    return new Int32Array(this.#arena.buffer, mailbox, kMailboxBytes / 4);
  }
}
