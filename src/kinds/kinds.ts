// The element types parallel-sum adds up, and how each is summed and combined.
import { kExactBytes } from '../memory/layout.js';

/** How the partial sums of one kind are stored and combined. */
export type PartialKind =
  | 'float'   // f64 per chunk, combined pairwise in chunk order -> number
  | 'int'     // i64 per chunk (exact), combined exactly -> number, rounded once
  | 'wide'    // i128 per chunk as (lo: u64, hi: i64) (exact), combined exactly -> bigint
  | 'exact';  // a superaccumulator per chunk (kExactBytes), merged exactly, rounded once -> number

export type NumericArrayConstructor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => NumericArray;

export interface Kind {
  readonly id: number;
  readonly ctor: NumericArrayConstructor;
  readonly name: string;
  readonly bytes: number;
  readonly kernel: string;            // export of the wasm module (assembly/index.ts)
  /** The export that returns one chunk's sum as a number (for 'float' and 'int' kinds). */
  readonly kernel1: string | undefined;
  readonly partial: PartialKind;
}

export type NumericArray =
  | Float64Array | Float32Array
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array;

export type BigIntArray = BigInt64Array | BigUint64Array;

const table: Array<[string, number, string, PartialKind]> = [
  ['Float64Array', 8, 'sum_f64', 'float'],
  ['Float32Array', 4, 'sum_f32', 'float'],
  ['Int8Array', 1, 'sum_i8', 'int'],
  ['Uint8Array', 1, 'sum_u8', 'int'],
  ['Uint8ClampedArray', 1, 'sum_u8', 'int'],
  ['Int16Array', 2, 'sum_i16', 'int'],
  ['Uint16Array', 2, 'sum_u16', 'int'],
  ['Int32Array', 4, 'sum_i32', 'int'],
  ['Uint32Array', 4, 'sum_u32', 'int'],
  ['BigInt64Array', 8, 'sum_i64', 'wide'],
  ['BigUint64Array', 8, 'sum_u64', 'wide'],
  // precision: 'exact' (src/exact.ts). Picked by exactKind(), never by the element type alone.
  ['Float64Array', 8, 'exact_f64', 'exact'],
  ['Float32Array', 4, 'exact_f32', 'exact'],
];

/** Every kind, indexed by id (the id travels to workers in the job block). */
export const kinds: readonly Kind[] = table.map(([name, bytes, kernel, partial], id) => Object.freeze({
  id, name, bytes, kernel, partial,
  kernel1: partial === 'float' ? kernel : partial === 'int' ? `${kernel}_f64` : undefined,
  ctor: (globalThis as unknown as Record<string, NumericArrayConstructor>)[name]!,
}));

const byType = kinds.filter((kind) => kind.partial !== 'exact');
const byName = new Map(byType.map((kind) => [kind.name, kind]));
const constructors = new Map<unknown, Kind>(byType.map((kind) => [kind.ctor, kind]));
const exactKinds = new Map(kinds.filter((kind) => kind.partial === 'exact').map((kind) => [kind.name, kind]));

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

/** Bytes of one partial sum. */
export function partialBytes(kind: Kind): number {
  return kind.partial === 'wide' ? 16 : kind.partial === 'exact' ? kExactBytes : 8;
}

/** The Float64Array kind, for `number[]` inputs. */
export const float64: Kind = byName.get('Float64Array')!;
