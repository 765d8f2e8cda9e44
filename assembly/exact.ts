// Exact summation: the real sum of the inputs, with no rounding at all, kept in a fixed-point
// "superaccumulator" that the host merges and rounds once (src/kinds/exact.ts).
//
// The accumulator (EXACT_BYTES bytes at `acc`, allocated by the host; the kernel writes all of it;
// its layout and flags are in assembly/layout.ts, which the host imports too):
//
//   0       4       8                                                         544
//   | flags | (pad) | digit 0 | digit 1 | ...                      | digit 66 |
//
//   value = sum over k of digit[k] * 2^(32k - 1074)
//
// Every finite double is an integer multiple of 2^-1074 (the smallest subnormal) below 2^1024, so a
// fixed-point number with its lowest bit at 2^-1074 holds any of them, and any sum of them, exactly.
// A digit carries 32 bits of the value in a 64-bit slot (the idea of Neal's "small superaccumulator",
// arXiv:1505.05571): the spare high bits absorb billions of additions before carries must be
// propagated. On return the digits are normalized: digits 0..65 in [0, 2^32), digit 66 signed.
// 67 digits reach past 2^1069: room for 2^45 inputs of the largest magnitude.
//
// Flags: NaN seen, +Infinity seen, -Infinity seen, and "not every input was -0" (a zero sum is -0 only
// when every input was -0). That last one is known for free when the digits are not all zero; only
// when they are does the kernel look for an input with its sign bit clear.
//
// How the digits are filled fast. Inputs go in blocks of BLOCK elements, on two grids picked per
// block: if every input of the block is below 2^(g - 1022) in magnitude (g: a biased exponent), the
// units are u1 = 2^(g - 1073) and u2 = u1 * 2^-52 (never finer than 2^-1074). Adding C = 1.5 * 2^52 * u
// to x rounds x to the grid u: with |x| <= 2^51 u, t = fl(x + C) lies in [2^52 u, 2^53 u], so t - C is
// x rounded to a multiple of u, exactly, and x - (t - C) is the exact remainder, at most u / 2 (the
// extraction of Rump, Ogita and Oishi). Better still, the bit pattern of t is the bit pattern of C plus
// that multiple (doubles in one binade are consecutive integers as bit patterns), so integer-adding the
// bits of t sums the multiples exactly; the block's count times the bits of C comes off at the end. The
// remainder goes through the same step on the finer grid u2; if anything is left after that (an input
// more than about 100 bits below the block's largest, or a NaN), the block is not added that way.
// Each step is an f64 add, two f64 subs and an i64 add: straight-line SIMD with no memory traffic
// beyond the input, instead of a table update per input as in Neal's large superaccumulator.
//
// The grids are guessed from the previous block's largest magnitude (with one binade of headroom), and
// the same pass measures this block's, so the input is read once, streaming from memory while the
// arithmetic runs. A wrong guess (a larger input than the grids reach, or a remainder left) costs a
// second pass on the block's own grids; if that leaves a remainder too, only the inputs that do are
// added one by one.

import {
  EXACT_BYTES as ACC_BYTES, EXACT_DIGITS, EXACT_DIGITS_AT, EXACT_NAN, EXACT_NEG_INF, EXACT_NOT_ALL_NEGATIVE_ZERO,
  EXACT_POS_INF,
} from './layout';

// The layout's numbers (assembly/layout.ts), in the types the code below computes with.
const EXACT_BYTES: usize = <usize>ACC_BYTES;
const DIGITS: i32 = EXACT_DIGITS;
const DIGITS_AT: usize = <usize>EXACT_DIGITS_AT;

const NAN: i32 = EXACT_NAN;
const POS_INF: i32 = EXACT_POS_INF;
const NEG_INF: i32 = EXACT_NEG_INF;
const NOT_ALL_NEGATIVE_ZERO: i32 = EXACT_NOT_ALL_NEGATIVE_ZERO;

/** Inputs per block: few enough for the grids' integer sums never to overflow (see settle). */
const BLOCK: usize = 2048;
/** Grid exponents from this one up would need a carrier (or a t) beyond the double range. */
const GRID_LIMIT: i32 = 2044;
/** In the result of grids(): the block was added. */
const ADDED: i32 = 1 << 12;
/** In the result of careful(): most inputs were added one by one (data of very different scales). */
const MOSTLY_ONE_BY_ONE: i32 = 1 << 8;
/** Blocks at most that skip the grids after blocks that went mostly one by one. */
const SKIP_MAX: i32 = 16;
/** Digit additions between two carry propagations: each adds less than 2^32 to a digit of 63 bits. */
const CARRY_EVERY: i32 = 1 << 28;

const M52: u64 = (1 << 52) - 1;

// ---------------------------------------------------------------------------------------------------
// Digits

/** Adds v * 2^p (p: bit position above 2^-1074) into the digits, as three pieces of at most 32 bits. */
// @ts-ignore: decorator
@inline function deposit(acc: usize, v: i64, p: i32): void {
  const s = <i64>(p & 31);
  const at = acc + DIGITS_AT + (<usize>(p >> 5) << 3);
  const lo = v << s;                  // bits 0..63 of v * 2^s
  const hi = (v >> 1) >> (63 - s);    // bits 64.. of it, signed (v >> (64 - s) without a shift by 64)
  store<i64>(at, load<i64>(at) + (lo & 0xffffffff));
  store<i64>(at, load<i64>(at, 8) + <i64>(<u64>lo >> 32), 8);
  store<i64>(at, load<i64>(at, 16) + hi, 16);
}

/** Carries: every digit but the last into [0, 2^32), the last keeps the sign. The value is unchanged. */
function normalize(acc: usize): void {
  const end = acc + DIGITS_AT + (<usize>(DIGITS - 1) << 3);
  for (let at = acc + DIGITS_AT; at < end; at += 8) {
    const d = load<i64>(at);
    const carry = d >> 32;
    store<i64>(at, d & 0xffffffff);
    store<i64>(at, load<i64>(at, 8) + carry, 8);
  }
}

/** Adds one input exactly; returns its flags. The slow path: inputs the grids cannot hold, tails. */
// @ts-ignore: decorator
@inline function addOne(acc: usize, x: f64): i32 {
  const u = reinterpret<u64>(x);
  const biased = <i32>(u >> 52) & 0x7ff;
  const sign = <i64>u >> 63;          // 0 or -1: branch-free negation below (signs are often random)
  const mantissa = u & M52;
  if (biased == 0x7ff) return mantissa != 0 ? NAN : sign < 0 ? NEG_INF : POS_INF;
  // x = significand * 2^(biased - 1075) for normal numbers, mantissa * 2^-1074 for subnormals.
  const significand = <i64>(biased == 0 ? mantissa : mantissa | (<u64>1 << 52));
  deposit(acc, (significand ^ sign) - sign, max(biased - 1, 0));
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Blocks

/** Two inputs as f64x2 lanes: f64 as they are, f32 widened (exactly). */
// @ts-ignore: decorator
@inline function pair<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// @ts-ignore: decorator
@inline function one<T>(p: usize): f64 {
  return <f64>load<T>(p);
}

/** 1.5 * 2^52 * u for the grid whose carrier 1.5 * 2^c has biased exponent b = c + 1023. */
// @ts-ignore: decorator
@inline function carrier(b: i32): f64 {
  return reinterpret<f64>((<u64>b << 52) | (<u64>1 << 51));
}

/** The biased exponent of the largest magnitude in [p, end) (NaN is skipped; the grids catch it). */
function magnitude<T>(p: usize, end: usize): i32 {
  let m: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let m0 = f64x2.splat(0), m1 = m0;
    for (let q = p; q < end; q += 4 * sizeof<T>()) {
      m0 = f64x2.pmax(m0, f64x2.abs(pair<T>(q)));
      m1 = f64x2.pmax(m1, f64x2.abs(pair<T>(q + 2 * sizeof<T>())));
    }
    const mm = f64x2.pmax(m0, m1);
    m = max(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1));
  } else {
    for (let q = p; q < end; q += sizeof<T>()) {
      const a = abs(one<T>(q));
      if (a > m) m = a;
    }
  }
  return <i32>(reinterpret<u64>(m) >> 52);
}

/**
 * Adds the inputs in [p, end) (a multiple of 4 of them, at most BLOCK) on the grids of exponent g
 * (g < GRID_LIMIT), in one pass that also measures their largest magnitude. Returns that magnitude's
 * biased exponent, plus ADDED if the block was added: only if no input was beyond the grids' reach
 * (above g) and none left a remainder. Otherwise nothing was added.
 */
function grids<T>(acc: usize, p: usize, end: usize, g: i32): i32 {
  const b1 = g + 2, b2 = max(g - 50, 1);
  const c1 = carrier(b1), c2 = carrier(b2);
  // x = (t1 - C1) + (t2 - C2) + rest: the bit patterns of t1 and t2 are summed; every rest must be 0.
  let m: f64, s1: i64, s2: i64, bad: bool;
  if (ASC_FEATURE_SIMD) {
    const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2);
    let s1a = i64x2.splat(0), s1b = s1a, s2a = s1a, s2b = s1a, rest = s1a;
    let m0 = f64x2.splat(0), m1 = m0;
    for (let q = p; q < end; q += 4 * sizeof<T>()) {
      const x0 = pair<T>(q), x1 = pair<T>(q + 2 * sizeof<T>());
      m0 = f64x2.pmax(m0, f64x2.abs(x0));
      m1 = f64x2.pmax(m1, f64x2.abs(x1));
      const t0 = f64x2.add(x0, C1), t1 = f64x2.add(x1, C1);
      const r0 = f64x2.sub(x0, f64x2.sub(t0, C1)), r1 = f64x2.sub(x1, f64x2.sub(t1, C1));
      const u0 = f64x2.add(r0, C2), u1 = f64x2.add(r1, C2);
      rest = v128.or(rest, v128.or(f64x2.ne(r0, f64x2.sub(u0, C2)), f64x2.ne(r1, f64x2.sub(u1, C2))));
      s1a = i64x2.add(s1a, t0);
      s1b = i64x2.add(s1b, t1);
      s2a = i64x2.add(s2a, u0);
      s2b = i64x2.add(s2b, u1);
    }
    const mm = f64x2.pmax(m0, m1), s1v = i64x2.add(s1a, s1b), s2v = i64x2.add(s2a, s2b);
    m = max(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1));
    s1 = i64x2.extract_lane(s1v, 0) + i64x2.extract_lane(s1v, 1);
    s2 = i64x2.extract_lane(s2v, 0) + i64x2.extract_lane(s2v, 1);
    bad = v128.any_true(rest);
  } else {
    let s1a: i64 = 0, s1b: i64 = 0, s2a: i64 = 0, s2b: i64 = 0;
    m = 0;
    bad = false;
    for (let q = p; q < end; q += 2 * sizeof<T>()) {
      const x0 = one<T>(q), x1 = one<T>(q + sizeof<T>());
      // One compare per input: a NaN must not hide its neighbour (it is caught as a remainder).
      const a0 = abs(x0), a1 = abs(x1);
      if (a0 > m) m = a0;
      if (a1 > m) m = a1;
      const t0 = x0 + c1, t1 = x1 + c1;
      const r0 = x0 - (t0 - c1), r1 = x1 - (t1 - c1);
      const u0 = r0 + c2, u1 = r1 + c2;
      bad = bad | (r0 != u0 - c2) | (r1 != u1 - c2);
      s1a += reinterpret<i64>(t0);
      s1b += reinterpret<i64>(t1);
      s2a += reinterpret<i64>(u0);
      s2b += reinterpret<i64>(u1);
    }
    s1 = s1a + s1b;
    s2 = s2a + s2b;
  }
  const top = <i32>(reinterpret<u64>(m) >> 52);
  if (top > g || bad) return top;
  const count = <i64>((end - p) / sizeof<T>());
  settle(acc, s1, count, b1);
  settle(acc, s2, count, b2);
  return top | ADDED;
}

/**
 * The grids of exponent g (at least the block's largest magnitude's) one input at a time: an input
 * that leaves a remainder (far below the block's largest, or NaN) is added by itself, the others as
 * in grids().
 */
function careful<T>(acc: usize, p: usize, end: usize, g: i32): i32 {
  const b1 = g + 2, b2 = max(g - 50, 1);
  const c1 = carrier(b1), c2 = carrier(b2);
  let s1: i64 = 0, s2: i64 = 0, count: i64 = 0;
  let flags = 0;
  const n = <i64>((end - p) / sizeof<T>());
  for (let q = p; q < end; q += sizeof<T>()) {
    const x = one<T>(q);
    const t = x + c1;
    const r = x - (t - c1);
    const u = r + c2;
    if (r == u - c2) {
      s1 += reinterpret<i64>(t);
      s2 += reinterpret<i64>(u);
      count++;
    } else {
      flags |= addOne(acc, x);
    }
  }
  settle(acc, s1, count, b1);
  settle(acc, s2, count, b2);
  return count * 2 < n ? flags | MOSTLY_ONE_BY_ONE : flags;
}

/**
 * Deposits the sum of `count` multiples of a grid's unit, given the sum of their carried bit patterns.
 * Each |multiple| <= 2^51, so up to BLOCK of them stay below 2^62 once the carriers' bits come off
 * (wrapping i64 arithmetic is exact modulo 2^64, and the true result is in range). The unit of the grid
 * with carrier exponent b is 2^(b - 1075), bit position b - 1 above 2^-1074.
 */
// @ts-ignore: decorator
@inline function settle(acc: usize, bits: i64, count: i64, b: i32): void {
  deposit(acc, bits - count * reinterpret<i64>(carrier(b)), b - 1);
}

/** Adds each input in [p, end) by itself; returns their flags. */
function each<T>(acc: usize, p: usize, end: usize): i32 {
  let flags = 0;
  for (let q = p; q < end; q += sizeof<T>()) flags |= addOne(acc, one<T>(q));
  return flags;
}

function exact<T>(ptr: usize, len: usize, acc: usize): void {
  for (let at = acc, end = acc + EXACT_BYTES; at < end; at += 8) store<i64>(at, 0);
  let flags = 0;
  let pending = 0;
  // The grids for the next block: one binade above the last block's largest magnitude, so that a
  // block of similar data is added in one pass. None yet: the first block is measured first.
  let guess = GRID_LIMIT;
  // Where most inputs go one by one (values of very different scales side by side), the grids are a
  // wasted pass: after such a block the next ones go one by one at once, twice as many each time
  // (up to SKIP_MAX), with a try of the grids in between.
  let skip = 0, backoff = 0;
  const whole = len & ~(<usize>3);
  for (let i: usize = 0; i < whole; i += BLOCK) {
    const p = ptr + i * sizeof<T>();
    const end = p + min(BLOCK, whole - i) * sizeof<T>();
    pending += <i32>((end - p) / sizeof<T>()) + 4;    // at most one deposit per input, four per block
    if (pending >= CARRY_EVERY) {
      normalize(acc);
      pending = 0;
    }
    if (skip > 0) {
      flags |= each<T>(acc, p, end);
      skip--;
      guess = GRID_LIMIT;
      continue;
    }
    const tried = guess < GRID_LIMIT;
    const got = tried ? grids<T>(acc, p, end, guess) : magnitude<T>(p, end);
    const top = got & (ADDED - 1);
    // Grids that reached every input but left a remainder are not worth a second pass one binade
    // lower: then the inputs that leave one are added one by one.
    const near = tried && top <= guess && top >= guess - 1;
    guess = top + 1;
    if ((got & ADDED) != 0) {
      backoff = 0;
    } else if (top >= GRID_LIMIT) {
      flags |= each<T>(acc, p, end);
      backoff = 0;
    } else if (!near && (grids<T>(acc, p, end, top) & ADDED) != 0) {
      backoff = 0;
    } else {
      const slow = careful<T>(acc, p, end, top);
      flags |= slow & (MOSTLY_ONE_BY_ONE - 1);
      backoff = (slow & MOSTLY_ONE_BY_ONE) != 0 ? min(max(2 * backoff, 1), SKIP_MAX) : 0;
      skip = backoff;
    }
  }
  flags |= each<T>(acc, ptr + whole * sizeof<T>(), ptr + len * sizeof<T>());
  normalize(acc);
  if (nonzero(acc) || someNotNegative<T>(ptr, len)) flags |= NOT_ALL_NEGATIVE_ZERO;
  store<i32>(acc, flags);
}

function nonzero(acc: usize): bool {
  for (let at = acc + DIGITS_AT, end = at + (<usize>DIGITS << 3); at < end; at += 8) {
    if (load<i64>(at) != 0) return true;
  }
  return false;
}

/** Whether an input has its sign bit clear (+0 and up, or a NaN so signed). */
function someNotNegative<T>(ptr: usize, len: usize): bool {
  for (let q = ptr, end = ptr + len * sizeof<T>(); q < end; q += sizeof<T>()) {
    if (reinterpret<i64>(one<T>(q)) >= 0) return true;
  }
  return false;
}

/** Writes the exact sum of `len` doubles at `ptr` into the accumulator at `acc`. */
export function exact_f64(ptr: usize, len: usize, acc: usize): void {
  exact<f64>(ptr, len, acc);
}

/** Writes the exact sum of `len` floats at `ptr` into the accumulator at `acc`. */
export function exact_f32(ptr: usize, len: usize, acc: usize): void {
  exact<f32>(ptr, len, acc);
}
