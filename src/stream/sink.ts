// Where a streamed sum's per-chunk partials go, in chunk order, and what they add up to. Float
// partials build combineFloat's tree as they come (src/kinds/combine.ts, PartialTree), so a stream gives the
// bits of the in-memory sum; integer and exact partials are exact, so they are added as integers (the
// exact ones as a count of 2^-1074 units, with the special-value flags beside it). What a kind's
// partials are and how they add up is its strategy's business (src/kinds/partials.ts).
import { PartialTree } from '../kinds/combine.js';
import type { Kind } from '../kinds/kinds.js';
import type { Part } from '../kinds/partials.js';
import type { LocalContext, Source } from '../local/place.js';
import { partsNow } from '../local/sum.js';

export type { Part } from '../kinds/partials.js';

export class Sink {
  readonly kind: Kind;
  /** Whether the partials are exact (integers, exact floats): then they add up, in any order, and merge. */
  readonly exact: boolean;
  #tree = new PartialTree();
  #units = 0n;
  #flags = 0;

  constructor(kind: Kind) {
    this.kind = kind;
    this.exact = kind.partials.total !== undefined;
  }

  /** Reads a job's partials (`chunks` of them at byte address `at`, in chunk order) out of its block. */
  fromJob(buffer: ArrayBufferLike, at: number, chunks: number): Part {
    return this.kind.partials.part(buffer, at, chunks);
  }

  /** Sums `length` elements of `source` on the calling thread, chunk by chunk as the workers would. */
  here(ctx: LocalContext, source: Source, length: number): Part {
    return partsNow(ctx, this.kind, source, length);
  }

  /** Adds the next chunks' partials, in chunk order. */
  push(part: Part): void {
    if (part.floats !== undefined) {
      for (const partial of part.floats) this.#tree.push(partial);
    } else {
      this.#units += part.units;
      this.#flags |= part.flags;
    }
  }

  /** The sum of every partial pushed, and then of `more`: a number, or a bigint for the 64-bit integer kinds. */
  result(more?: Part): number | bigint {
    const { total } = this.kind.partials;
    if (total === undefined) return this.#tree.result(more?.floats);
    return total(this.#units + (more?.units ?? 0n), this.#flags | (more?.flags ?? 0));
  }

  /** The exact total (mergeable kinds only): units of 2^-1074 for exact floats, of 1 for integers. */
  get units(): bigint {
    return this.#units;
  }

  get flags(): number {
    return this.#flags;
  }

  /** Adds another exact total (a merged state). */
  merge(units: bigint, flags: number): void {
    this.#units += units;
    this.#flags |= flags;
  }

  /** A function that puts the sink back as it is now (an add that fails leaves no trace). */
  snapshot(): () => void {
    const tree = this.#tree.copy(), units = this.#units, flags = this.#flags;
    return () => {
      this.#tree = tree;
      this.#units = units;
      this.#flags = flags;
    };
  }
}
