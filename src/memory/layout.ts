// Sizes of the blocks every room agrees on: the chunk, the exact accumulator, a kernel's out block. The
// slots of the engine header, the mailboxes and the job block are the worker protocol's
// (src/parallel/protocol.ts).
//
// Addresses are byte offsets in [0, 4 GiB). Stored in an Int32 slot, one at or above 2 GiB reads back
// negative: read address slots with `>>> 0`, and turn an address into an index with `>>> 2` (or
// `>>> 3`), never `>> 2`, which is negative from 2 GiB on.
import { EXACT_BYTES } from '../../assembly/layout.js';

/** Bytes summed per chunk. Fixed, never derived from the worker count: it fixes the result's bits. */
export const kChunkBytes = 256 * 1024;

/**
 * Bytes of one exact-mode accumulator: a chunk's partial in exact mode, written whole by the kernel.
 * Its layout is assembly/layout.ts, the one file both languages compile:
 *
 *   0       4       8                                         544
 *   | flags | pad   | digit 0 | digit 1 | ...       | digit 66 |      value = sum of digit[k] * 2^(32k - 1074)
 */
export const kExactBytes = EXACT_BYTES;

/** Bytes reserved for a kernel's out-parameter (a wide kernel writes 16, an exact one kExactBytes). */
export const kOutBytes = 1024;
