// The element types parallel-sum adds up: the one table that says, per kind, which kernels sum it and
// which partial strategy stores and combines its chunks' partials. Adding a kind touches this table,
// the kernel (assembly/) and the tests.
import { kChunkBytes } from '../memory/layout.js';
import type { Kernel, Kernels, OneChunk } from './kernels.js';
import { mirrorArray } from './mirror.js';
import { exactPartials, floatPartials, intPartials, widePartials, type PartialStrategy } from './partials.js';

/** How a view of one kind is made over a buffer (the TypedArray constructor, as the engine calls it). */
type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => NumericArray;

export interface Kind {
  readonly id: number;
  readonly ctor: ViewConstructor;
  readonly name: string;
  readonly bytes: number;
  readonly kernel: string;            // export of the wasm module (assembly/index.ts)
  /** The export that returns one chunk's sum as a number, where the kind has one. */
  readonly kernel1: string | undefined;
  /** How its partial sums are stored and combined. */
  readonly partials: PartialStrategy;
  /** Picked by `precision: 'exact'` (exactKind()), never by the element type alone. */
  readonly exact: boolean;
  /**
   * The kernel's JavaScript twin, where the kind has one: a `number[]` is read element by element
   * anyway (to refuse non-numbers), so the twin sums as it reads, to the same bits as the kernel.
   */
  readonly mirror: ((array: readonly unknown[], from: number, to: number) => number) | undefined;
}

export type NumericArray =
  | Float64Array | Float32Array
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array;

export type BigIntArray = BigInt64Array | BigUint64Array;

type Row = [name: string, bytes: number, kernel: string, kernel1: string | undefined, partials: PartialStrategy];

// Float partials are f64s combined pairwise in chunk order; integer partials are exact (i64, or i128
// for the 64-bit kinds) and added exactly; the exact kinds' partials are superaccumulators.
const table: Row[] = [
  ['Float64Array', 8, 'sum_f64', 'sum_f64', floatPartials],
  ['Float32Array', 4, 'sum_f32', 'sum_f32', floatPartials],
  ['Int8Array', 1, 'sum_i8', 'sum_i8_f64', intPartials],
  ['Uint8Array', 1, 'sum_u8', 'sum_u8_f64', intPartials],
  ['Uint8ClampedArray', 1, 'sum_u8', 'sum_u8_f64', intPartials],
  ['Int16Array', 2, 'sum_i16', 'sum_i16_f64', intPartials],
  ['Uint16Array', 2, 'sum_u16', 'sum_u16_f64', intPartials],
  ['Int32Array', 4, 'sum_i32', 'sum_i32_f64', intPartials],
  ['Uint32Array', 4, 'sum_u32', 'sum_u32_f64', intPartials],
  ['BigInt64Array', 8, 'sum_i64', undefined, widePartials],
  ['BigUint64Array', 8, 'sum_u64', undefined, widePartials],
  // precision: 'exact' (src/kinds/exact.ts). Picked by exactKind(), never by the element type alone.
  ['Float64Array', 8, 'exact_f64', undefined, exactPartials],
  ['Float32Array', 4, 'exact_f32', undefined, exactPartials],
];

/** Every kind, indexed by id (the id travels to workers in the job block). */
export const kinds: readonly Kind[] = table.map(([name, bytes, kernel, kernel1, partials], id) => {
  const exact = partials === exactPartials;
  return Object.freeze({
    id, name, bytes, kernel, kernel1, partials, exact,
    // sum_f64's twin (src/kinds/mirror.ts); a number[] is only ever summed as Float64Array.
    mirror: kernel === 'sum_f64' ? mirrorArray : undefined,
    ctor: (globalThis as unknown as Record<string, ViewConstructor>)[name]!,
  });
});

/**
 * Indexes a kernel instance's exports by kind: the one loop that maps export names to kernels, for
 * the calling thread and the workers alike.
 */
export function kernelsOf(exports: WebAssembly.Exports): Kernels {
  return {
    sum: kinds.map((kind) => exports[kind.kernel] as Kernel),
    one: kinds.map((kind) => (kind.kernel1 === undefined ? undefined : exports[kind.kernel1] as OneChunk)),
  };
}

const byType = kinds.filter((kind) => !kind.exact);
const byName = new Map(byType.map((kind) => [kind.name, kind]));
const constructors = new Map<unknown, Kind>(byType.map((kind) => [kind.ctor, kind]));
const exactKinds = new Map(kinds.filter((kind) => kind.exact).map((kind) => [kind.name, kind]));

// The intrinsic accessors of %TypedArray%.prototype. A TypedArray's own `buffer`, `length` or
// `subarray` may be overridden by a subclass (or its species be another constructor); these read the
// view's internal slots whatever it is, so no user code runs while a sum reads its input.
const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as object;
const intrinsic = (name: PropertyKey) => Object.getOwnPropertyDescriptor(typedArrayPrototype, name)!;
// [@@toStringTag] is the spec's brand check: the element type's name for a TypedArray (of any realm,
// or a subclass), undefined for anything else.
const typedArrayTag = intrinsic(Symbol.toStringTag).get!;
const bufferOf = intrinsic('buffer').get!;
const byteOffsetOf = intrinsic('byteOffset').get!;
const lengthOf = intrinsic('length').get!;
const includes = intrinsic('includes').value as (this: unknown, value: unknown) => boolean;

/** The kind of a TypedArray, or undefined for anything else (DataView included). */
export function kindOf(value: unknown): Kind | undefined {
  const tag = typedArrayTag.call(value) as string | undefined;
  return tag === undefined ? undefined : byName.get(tag);
}

/** Where a TypedArray's elements are, read from its internal slots (never from getters it overrides). */
export interface Place {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly length: number;
}

/**
 * The buffer, byte offset and length of `view` (a TypedArray), now. Undefined if the view cannot be
 * read: its buffer is detached, or it is a fixed-length view on a resizable buffer shrunk below it.
 */
export function placeOf(view: NumericArray): Place | undefined {
  const length = lengthOf.call(view) as number;
  // A detached or out-of-bounds view reads as length 0; includes() is the one test that tells it from
  // a truly empty view without writing (it validates the view before it looks at anything).
  if (length === 0) {
    try {
      includes.call(view, 0);
    } catch {
      return undefined;
    }
  }
  return { buffer: bufferOf.call(view) as ArrayBufferLike, byteOffset: byteOffsetOf.call(view) as number, length };
}

/** The kind a TypedArray constructor makes, or undefined. */
export function kindOfConstructor(ctor: unknown): Kind | undefined {
  return constructors.get(ctor);
}

/**
 * The kind that sums `kind`'s elements exactly: the superaccumulator kernels for floats; integer kinds
 * are exact already (their partials are exact and combined exactly), so they are their own.
 */
export function exactKind(kind: Kind): Kind {
  return exactKinds.get(kind.name) ?? kind;
}

/** Elements per chunk for `kind`. */
export const chunkLength = (kind: Kind): number => kChunkBytes / kind.bytes;

/**
 * Whether `length` elements of `kind` are summed by one call of its kernel1, which returns the sum:
 * the one place that decides it, for views from alloc() and for sums on the calling thread.
 */
export function fitsOneChunk(kind: Kind, length: number): boolean {
  return kind.kernel1 !== undefined && length > 0 && length <= chunkLength(kind);
}

/** The Float64Array kind, for `number[]` inputs. */
export const float64: Kind = byName.get('Float64Array')!;
