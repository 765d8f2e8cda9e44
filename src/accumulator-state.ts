// The portable state of a mergeable accumulator: a versioned, little-endian byte string that any
// process, thread or machine can read back, whatever its own byte order or version of this package.
//
//   0        4         5        6           7        8                12
//   | "PSUM" | version | type   | precision | flags  | words (u32 LE) | word 0 | word 1 | ... (u32 LE each)
//
// The value is an integer in two's complement over `words` 32-bit words, least significant first:
// for float types (precision exact) the exact sum in units of 2^-1074, with `flags` saying whether a
// NaN, +Infinity or -Infinity was added and whether anything but -0 was; for integer types the exact
// sum itself (flags 0). Integer addition is associative, so merges in any order give the same value.
import { notAState, stateVersion } from './errors.js';
import { kindOfConstructor, type Kind } from './kinds.js';
import type { Precision } from './validate.js';

const kMagic = [0x50, 0x53, 0x55, 0x4d]; // "PSUM"
/** The format version written by this release; states of any other version are refused. */
export const kStateVersion = 1;
const kHeaderBytes = 12;

/** Type codes, fixed by the format (never reorder: states on disk name their type by position). */
const kTypes = ['Float64Array', 'Float32Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'] as const;

export interface State {
  /** The element type's kind (not the exact kind). */
  kind: Kind;
  precision: Precision;
  flags: number;
  units: bigint;
}

export function encodeState({ kind, precision, flags, units }: State): Uint8Array {
  const words: number[] = [];
  // Two's complement, least significant word first, until the rest is all sign (and the sign bit of
  // the last word written agrees with it).
  let rest = units;
  do {
    words.push(Number(BigInt.asUintN(32, rest)));
    rest >>= 32n;
  } while (!((rest === 0n && words[words.length - 1]! < 2 ** 31) || (rest === -1n && words[words.length - 1]! >= 2 ** 31)));
  const out = new Uint8Array(kHeaderBytes + 4 * words.length);
  const view = new DataView(out.buffer);
  out.set(kMagic, 0);
  out[4] = kStateVersion;
  out[5] = kTypes.indexOf(kind.name as (typeof kTypes)[number]);
  out[6] = precision === 'exact' ? 1 : 0;
  out[7] = flags;
  view.setUint32(8, words.length, true);
  words.forEach((word, i) => view.setUint32(kHeaderBytes + 4 * i, word, true));
  return out;
}

export function decodeState(state: unknown): State {
  if (!(state instanceof Uint8Array)) throw notAState(state === null ? 'null' : typeof state === 'object' ? 'another object' : typeof state);
  if (state.length < kHeaderBytes || kMagic.some((byte, i) => state[i] !== byte)) {
    throw notAState(`${state.length} bytes that do not start with one's header`);
  }
  const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
  if (state[4] !== kStateVersion) {
    throw stateVersion(kStateVersion, state[4]!);
  }
  const name = kTypes[state[5]!];
  const kind = name === undefined ? undefined : kindOfConstructor((globalThis as Record<string, unknown>)[name]);
  if (kind === undefined) throw notAState(`an unknown type code ${state[5]}`);
  if (state[6]! > 1 || state[7]! > 15) throw notAState('a corrupt header');
  // Float sums have a state only when exact (a fast one depends on how its data was cut).
  if (state[6] === 0 && state[5]! <= 1) throw notAState('the state of a fast float sum, which has none');
  const words = view.getUint32(8, true);
  if (words === 0 || state.length !== kHeaderBytes + 4 * words) {
    throw notAState(`${state.length} bytes, where its header says ${kHeaderBytes + 4 * words}`);
  }
  let units = 0n;
  for (let i = words - 1; i >= 0; i--) units = (units << 32n) | BigInt(view.getUint32(kHeaderBytes + 4 * i, true));
  units = BigInt.asIntN(32 * words, units);
  return { kind, precision: state[6] === 1 ? 'exact' : 'fast', flags: state[7]!, units };
}
