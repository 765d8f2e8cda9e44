// Turning per-chunk partial sums into one result, always in chunk order, so the result depends only
// on the data and the chunk size, never on which thread summed which chunk or when.

/**
 * Pairwise (cascade) sum of `partials[0..count)`: a fixed binary tree over chunk order. Its rounding
 * error grows with log2(chunks) instead of chunks. The sum of nothing is -0, the identity of IEEE
 * addition, so all-(-0) input keeps its sign.
 *
 * The tree's shape does not depend on how many partials are still to come: a range of n partials
 * splits after the largest power of two below n, so its left side is always a complete tree. That is
 * the shape a stream can build as its chunks arrive (PartialTree below: a binary counter of complete
 * trees, folded from the smallest at the end), so a stream and an array give the same bits. Each
 * partial still goes through at most ⌈log₂ count⌉ additions.
 */
export function combineFloat(partials: Float64Array, count = partials.length): number {
  if (count === 0) return -0;
  return pairwise(partials, 0, count);
}

function pairwise(p: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 2) return n === 1 ? p[from]! : p[from]! + p[from + 1]!;
  // The largest power of two below n (n >= 3 here, so n - 1 >= 2).
  const mid = from + 2 ** (31 - Math.clz32(n - 1));
  return pairwise(p, from, mid) + pairwise(p, mid, to);
}

/**
 * combineFloat's tree, built one partial at a time: a stack of complete trees of decreasing size
 * (the binary digits of the count). A new partial merges with the top while the two are the same
 * size; the result folds the stack from the smallest tree up, the earlier partials always on the left.
 */
export class PartialTree {
  #values: number[] = [];
  #sizes: number[] = [];

  /** Adds the next partial in chunk order. */
  push(partial: number): void {
    const values = this.#values, sizes = this.#sizes;
    let value = partial, size = 1;
    while (sizes.length > 0 && sizes[sizes.length - 1] === size) {
      value = values.pop()! + value;
      size += sizes.pop()!;
    }
    values.push(value);
    sizes.push(size);
  }

  /** The sum of every partial pushed, then of `more` (not pushed): combineFloat's bits. */
  result(more?: Float64Array): number {
    let values = this.#values;
    if (more !== undefined && more.length > 0) {
      const copy = this.copy();
      for (const partial of more) copy.push(partial);
      values = copy.#values;
    }
    if (values.length === 0) return -0;
    let total = values[values.length - 1]!;
    for (let i = values.length - 2; i >= 0; i--) total = values[i]! + total;
    return total;
  }

  copy(): PartialTree {
    const tree = new PartialTree();
    tree.#values = this.#values.slice();
    tree.#sizes = this.#sizes.slice();
    return tree;
  }
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
