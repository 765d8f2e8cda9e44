// The kernels as the JavaScript side calls them: one Kernel type, and the shape of an instance's
// exports indexed by kind (made by kernelsOf() in src/kinds/kinds.ts, beside the export names).

/** A kernel export: `(ptr, length) -> partial`, or `(ptr, length, out)` writing its partial at `out`. */
export type Kernel = (ptr: number, length: number, out?: number) => number | bigint | undefined;

/** A kind's kernel1: one chunk's sum, as a number. */
export type OneChunk = (ptr: number, length: number) => number;

/**
 * A kernel instance's exports, indexed by Kind.id (an array, not a property lookup per call): `sum`
 * gives a chunk's partial, `one` one chunk's sum as a number (undefined for kinds without a kernel1).
 */
export interface Kernels {
  readonly sum: readonly Kernel[];
  readonly one: readonly (OneChunk | undefined)[];
}

/** A kernel instance and the memory it works in. */
export interface KernelMemory {
  readonly kernels: Kernels;
  /** The memory's buffer as of now. */
  buffer(): ArrayBufferLike;
  /** Byte address of a block for a kernel's out-parameter (kOutBytes). */
  readonly out: number;
}
