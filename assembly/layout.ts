// The exact accumulator's layout: the one source of these numbers for both languages. The kernels
// compile it as AssemblyScript (assembly/exact.ts) and export it (assembly/index.ts); the engine
// imports the same file as TypeScript (src/memory/layout.ts, src/kinds/exact.ts). Plain integer
// constants only, valid in both languages, so no number is written twice.
//
//   0       4       8                                                         544
//   | flags | (pad) | digit 0 | digit 1 | ...                      | digit 66 |
//
//   value = sum over k of digit[k] * 2^(32k + EXACT_LOWEST)

/** Bytes of one accumulator: a chunk's partial in exact mode, written whole by the kernel. */
export const EXACT_BYTES = 544;
/** Digits, each a 64-bit slot carrying 32 bits of the value (the spare bits absorb carries). */
export const EXACT_DIGITS = 67;
/** Byte offset of digit 0 in the accumulator. */
export const EXACT_DIGITS_AT = 8;
/** Digit 0 counts units of 2^EXACT_LOWEST, the smallest subnormal double. */
export const EXACT_LOWEST = -1074;

// Flags: the accumulator's first Int32.
/** A NaN was seen. */
export const EXACT_NAN = 1;
/** +Infinity was seen. */
export const EXACT_POS_INF = 2;
/** -Infinity was seen. */
export const EXACT_NEG_INF = 4;
/** Not every input was -0: a zero sum is +0. */
export const EXACT_NOT_ALL_NEGATIVE_ZERO = 8;
