// Turning per-chunk partial sums into one result, always in chunk order, so the result depends only
// on the data and the chunk size, never on which thread summed which chunk or when.

/**
 * Pairwise (cascade) sum of `partials[0..count)`: a fixed binary tree over chunk order. Its rounding
 * error grows with log2(chunks) instead of chunks. The sum of nothing is -0, the identity of IEEE
 * addition, so all-(-0) input keeps its sign.
 */
export function combineFloat(partials: Float64Array, count = partials.length): number {
  if (count === 0) return -0;
  return pairwise(partials, 0, count);
}

function pairwise(p: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 2) return n === 1 ? p[from]! : p[from]! + p[from + 1]!;
  const mid = from + (n >> 1);
  return pairwise(p, from, mid) + pairwise(p, mid, to);
}

/** Exact sum of i64 partials, as a bigint. */
export function combineInt(partials: BigInt64Array, count = partials.length): bigint {
  let total = 0n;
  for (let i = 0; i < count; i++) total += partials[i]!;
  return total;
}

/** Exact sum of i128 partials stored as (lo: u64, hi: i64) pairs of BigUint64/BigInt64 words. */
export function combineWide(words: BigUint64Array, count = words.length / 2): bigint {
  let lo = 0n;
  let hi = 0n;
  for (let i = 0; i < count; i++) {
    lo += words[2 * i]!;
    hi += BigInt.asIntN(64, words[2 * i + 1]!);
  }
  return (hi << 64n) + lo;
}
