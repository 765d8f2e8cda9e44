// Exact summation: the real sum of the inputs, with no rounding at all, kept in a fixed-point
// "superaccumulator" that the host merges and rounds once (src/exact.ts).
//
// The accumulator (EXACT_BYTES bytes at `acc`, allocated by the host; the kernel writes all of it):
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
// 67 digits reach 2^1070, room for 2^46 inputs of the largest magnitude.
//
// Flags: NaN seen, +Infinity seen, -Infinity seen, and "an input with its sign bit clear was seen"
// (a zero sum is -0 only when every input was -0).
//
// How the digits are filled fast. Inputs go in blocks of BLOCK elements. A first pass finds the
// block's largest magnitude, 2^e <= m < 2^(e+1), and picks two grids: units u1 = 2^(e-50) and
// u2 = u1 * 2^-52 (never finer than 2^-1074). Adding C = 1.5 * 2^52 * u to x rounds x to the grid u:
// with |x| <= 2^51 u, t = fl(x + C) lies in [2^52 u, 2^53 u], so t - C is x rounded to a multiple of u,
// exactly, and x - (t - C) is the exact remainder, at most u / 2 (the extraction of Rump, Ogita and
// Oishi). Better still, the bit pattern of t is the bit pattern of C plus that multiple (doubles in one
// binade are consecutive integers as bit patterns), so integer-adding the bits of t sums the multiples
// exactly; the block's count times the bits of C comes off at the end. The remainder goes through the
// same step on the finer grid u2; if anything is left after that (an input more than about 104 bits
// below the block's largest, or a NaN), the block is summed again one input at a time.
// Each step is an f64 add, two f64 subs and an i64 add: straight-line SIMD with no memory traffic
// beyond the input, instead of a table update per input as in Neal's large superaccumulator.

/** Bytes of one accumulator (src/memory/layout.ts: kExactBytes). */
const EXACT_BYTES: usize = 544;

const DIGITS: i32 = 67;
const DIGITS_AT: usize = 8;

const NAN: i32 = 1;
const POS_INF: i32 = 2;
const NEG_INF: i32 = 4;
const POSITIVE: i32 = 8;

/** Inputs per block: small enough to stay in L1 between the two passes, and for sums not to overflow. */
const BLOCK: usize = 2048;
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
function addOne(acc: usize, x: f64): i32 {
  const u = reinterpret<u64>(x);
  const biased = <i32>(u >> 52) & 0x7ff;
  const sign = <i64>u >> 63;          // 0 or -1: branch-free negation below (signs are often random)
  const mantissa = u & M52;
  if (biased == 0x7ff) return mantissa != 0 ? NAN : sign < 0 ? NEG_INF : POS_INF | POSITIVE;
  // x = significand * 2^(biased - 1075) for normal numbers, mantissa * 2^-1074 for subnormals.
  const significand = <i64>(biased == 0 ? mantissa : mantissa | (<u64>1 << 52));
  deposit(acc, (significand ^ sign) - sign, max(biased - 1, 0));
  return sign < 0 ? 0 : POSITIVE;
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

/**
 * Adds n inputs (n a multiple of 4, at most BLOCK) at p; returns their flags, or -1 if their largest
 * magnitude is beyond the grids' reach (2^1021 and up, infinities): then nothing was added.
 */
function block<T>(acc: usize, p: usize, n: usize): i32 {
  const end = p + n * sizeof<T>();
  const step = 4 * sizeof<T>();
  const half = 2 * sizeof<T>();

  // Pass 1: the largest magnitude (NaN is skipped here and caught in pass 2), and the AND of all
  // inputs, whose sign bit says whether every input was negative (or -0).
  let m: f64, all: i64;
  if (ASC_FEATURE_SIMD) {
    let m0 = f64x2.splat(0), m1 = m0, a0 = i64x2.splat(-1), a1 = a0;
    for (let q = p; q < end; q += step) {
      const x0 = pair<T>(q), x1 = pair<T>(q + half);
      m0 = f64x2.pmax(m0, f64x2.abs(x0));
      m1 = f64x2.pmax(m1, f64x2.abs(x1));
      a0 = v128.and(a0, x0);
      a1 = v128.and(a1, x1);
    }
    const mm = f64x2.pmax(m0, m1), aa = v128.and(a0, a1);
    m = max(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1));
    all = i64x2.extract_lane(aa, 0) & i64x2.extract_lane(aa, 1);
  } else {
    m = 0;
    all = -1;
    for (let q = p; q < end; q += sizeof<T>()) {
      const x = one<T>(q);
      const a = abs(x);
      if (a > m) m = a;
      all &= reinterpret<i64>(x);
    }
  }
  const flags = all < 0 ? 0 : POSITIVE;

  // The grids. m >= 2^1021 (or infinite) would need a carrier beyond the double range.
  const e = <i32>(reinterpret<u64>(m) >> 52);
  if (e >= 2044) return -1;
  const b1 = e + 2, b2 = max(e - 50, 1);
  const c1 = carrier(b1), c2 = carrier(b2);

  // Pass 2: x = (t1 - C1) + (t2 - C2) + rest; the bit patterns of t1 and t2 are summed; every rest
  // must be 0, else the block is done again input by input (the SIMD sums are then dropped).
  if (ASC_FEATURE_SIMD) {
    const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2);
    let s1a = i64x2.splat(0), s1b = s1a, s2a = s1a, s2b = s1a, rest = s1a;
    for (let q = p; q < end; q += step) {
      const x0 = pair<T>(q), x1 = pair<T>(q + half);
      const t0 = f64x2.add(x0, C1), t1 = f64x2.add(x1, C1);
      const r0 = f64x2.sub(x0, f64x2.sub(t0, C1)), r1 = f64x2.sub(x1, f64x2.sub(t1, C1));
      const u0 = f64x2.add(r0, C2), u1 = f64x2.add(r1, C2);
      rest = v128.or(rest, v128.or(f64x2.ne(r0, f64x2.sub(u0, C2)), f64x2.ne(r1, f64x2.sub(u1, C2))));
      s1a = i64x2.add(s1a, t0);
      s1b = i64x2.add(s1b, t1);
      s2a = i64x2.add(s2a, u0);
      s2b = i64x2.add(s2b, u1);
    }
    if (!v128.any_true(rest)) {
      const s1 = i64x2.add(s1a, s1b), s2 = i64x2.add(s2a, s2b);
      settle(acc, i64x2.extract_lane(s1, 0) + i64x2.extract_lane(s1, 1), <i64>n, b1);
      settle(acc, i64x2.extract_lane(s2, 0) + i64x2.extract_lane(s2, 1), <i64>n, b2);
      return flags;
    }
  }
  return flags | careful<T>(acc, p, end, b1, b2);
}

/**
 * Pass 2 one input at a time, on the same grids: an input whose rest is not 0 (more than about 104 bits
 * below the block's largest, or NaN) is added by itself, the others as in the SIMD loop.
 */
function careful<T>(acc: usize, p: usize, end: usize, b1: i32, b2: i32): i32 {
  const c1 = carrier(b1), c2 = carrier(b2);
  let s1: i64 = 0, s2: i64 = 0, count: i64 = 0;
  let flags = 0;
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
  return flags;
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

function exact<T>(ptr: usize, len: usize, acc: usize): void {
  for (let at = acc, end = acc + EXACT_BYTES; at < end; at += 8) store<i64>(at, 0);
  let flags = 0;
  let pending = 0;
  const whole = len & ~(<usize>3);
  for (let i: usize = 0; i < whole; i += BLOCK) {
    const n = min(BLOCK, whole - i);
    const p = ptr + i * sizeof<T>();
    const got = block<T>(acc, p, n);
    if (got >= 0) flags |= got;
    else for (let q = p, end = p + n * sizeof<T>(); q < end; q += sizeof<T>()) flags |= addOne(acc, one<T>(q));
    // At most one deposit per input and two per block.
    pending += <i32>n + 2;
    if (pending >= CARRY_EVERY) {
      normalize(acc);
      pending = 0;
    }
  }
  for (let i = whole; i < len; i++) flags |= addOne(acc, one<T>(ptr + i * sizeof<T>()));
  normalize(acc);
  store<i32>(acc, flags);
}

/** Writes the exact sum of `len` doubles at `ptr` into the accumulator at `acc`. */
export function exact_f64(ptr: usize, len: usize, acc: usize): void {
  exact<f64>(ptr, len, acc);
}

/** Writes the exact sum of `len` floats at `ptr` into the accumulator at `acc`. */
export function exact_f32(ptr: usize, len: usize, acc: usize): void {
  exact<f32>(ptr, len, acc);
}
