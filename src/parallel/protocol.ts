// The worker protocol, in one module both sides import: every message between the calling thread and
// a worker, and every shared-memory slot they agree on (the engine header, the mailboxes, the job
// block). All offsets are Int32 slots (byte offset / 4) from the start of their block; every block is
// 64-byte aligned (src/memory/arena.ts).
//
// Addresses are byte offsets in [0, 4 GiB). Stored in an Int32 slot, one at or above 2 GiB reads back
// negative: read address slots with `>>> 0`, and turn an address into an index with `>>> 2` (or
// `>>> 3`), never `>> 2`, which is negative from 2 GiB on.

// Messages, namespaced so they can share a port with anything else.
export const kInit = 'parallel-sum:init';
export const kReady = 'parallel-sum:ready';
export const kFinished = 'parallel-sum:done';

/** The first and only message the calling thread posts to a worker. */
export interface InitMessage {
  type: typeof kInit;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  mailbox: number;  // byte address of this worker's mailbox
  /** Tests only: the schedule fuzzer's seed for this worker (see fuzz.ts). */
  fuzz?: number;
}

/** The worker's answer once its kernels are instantiated and it sleeps on its mailbox. */
export interface ReadyMessage {
  type: typeof kReady;
}

/** What the last participant of a round posts when the calling thread has no Atomics.waitAsync. */
export interface FinishedMessage {
  type: typeof kFinished;
  /** The round's ticket (never the job's address: addresses are reused, tickets are not). */
  ticket: number;
}

/** Every message a worker posts. */
export type WorkerMessage = ReadyMessage | FinishedMessage;

// Engine header: one block per engine, the calling thread's own slots.
//
//   [ kCallerChunks ]
export const kCallerChunks = 0; // chunks the calling thread summed beside the workers since the engine started (stats)
export const kHeaderBytes = 64;

// Mailbox: one block per worker, its own cache line. The calling thread writes kSlot and kJob, then
// bumps kSeq and notifies it; the worker sleeps in Atomics.wait on kSeq between tasks, and takes the
// task by swapping kJob for 0 (so the calling thread can revoke a task not yet taken, with a CAS).
// kChunksDone is written by the worker alone: each participant counts its own chunks on its own cache
// line, and stats() adds them up (one shared counter bounced between every core, once per chunk).
//
//   [ kSeq | kJob | kSlot | kChunksDone ]
export const kSeq = 0;          // task number; a change means "look at kJob"
export const kJob = 1;          // byte address of the job block; 0: nothing (taken or revoked); kExit
export const kSlot = 2;         // the worker's participant number in that job
export const kChunksDone = 3;   // chunks this mailbox's workers summed (kept when a worker is replaced)
export const kExit = -1;        // kJob value that ends the worker
export const kMailboxBytes = 64;

// Job: one block per call that runs on workers.
//
//   0        4        8       12       16       20       24       28       32       36       40       44       48   64
//   | cursor | cancel | kernel | chunks | chunkN | data   | length | parts  | status | notify | round  | ticket | ... |
//   64: chunk counters, one per round (kRounds)           128: running[slot] flags, one per participant
//   then: partials (8, 16 or kExactBytes bytes per chunk), then status (one Int32 per chunk)
export const kCursor = 0;       // next chunk to claim (Atomics.add)
export const kCancel = 1;       // 1: stop at the next chunk boundary
export const kKernel = 2;       // which kernel (src/kinds/kinds.ts)
export const kChunks = 3;       // number of chunks
export const kChunkLength = 4;  // elements per chunk (the last one may be shorter)
export const kData = 5;         // byte address of the first element
export const kLength = 6;       // elements in all
export const kPartials = 7;     // byte address of the partial sums, one per chunk, in chunk order
export const kStatus = 8;       // byte address of the chunk states (kDone once its partial is stored)
export const kNotify = 9;       // 1: the last worker out also posts a message (no Atomics.waitAsync)
export const kRound = 10;       // the round in progress: its counter is kWaitGroups + kRound
export const kTicket = 11;      // the round's ticket, never reused by the engine: the "finished" message carries it
export const kWaitGroups = 16;  // chunks left to store, a fresh WaitGroup per round (a dead worker's stale count is never reused)
export const kRounds = 4;       // at most this many rounds: the first, and recoveries after a worker died
export const kRunning = 32;     // running[slot]: 1 until that participant's last write to the job
export const kJobHeaderBytes = 128;

/** A chunk's state once its partial is stored. */
export const kDone = 1;

/** Bytes of a job block for `chunks` chunks, `slots` participants and `partialBytes` per partial. */
export function jobBytes(chunks: number, slots: number, partialBytes: number): number {
  return kJobHeaderBytes + slots * 4 + chunks * (partialBytes + 4) + 64;
}
