// Summation kernels: `(ptr, len) -> partial` over memory imported from the host.
//
// Rules that keep these safe to instantiate once per thread on one shared memory:
// - no allocation and no static data (the runtime is `stub` and no data segment is emitted),
// - every input and output is a pointer the host allocated.
// Pointers are 32-bit (usize) byte addresses anywhere in the 4 GiB memory; the host never hands out a
// block that ends past 2^32 - 64 (src/memory/arena.ts, kTopBytes), so an end pointer such as
// `ptr + (len << 3)` never wraps to 0.
//
// Every kernel has a SIMD body and a scalar body (`ASC_FEATURE_SIMD` picks one at compile time).
// The floating-point kernels keep the same eight running sums in both bodies, in the same lanes, and
// combine them in the same order, so the SIMD and scalar builds give bit-identical results.
//
// Floating-point running sums start at -0.0, the identity of IEEE addition (+0.0 is not: +0 + -0 = +0),
// so a sum of nothing or of only -0 is -0, as with Math.sumPrecise.

// ---------------------------------------------------------------------------------------------------
// f64: four f64x2 running sums, eight elements per step.
//
//   step i:  [x0 x1 | x2 x3 | x4 x5 | x6 x7]
//             acc0    acc1    acc2    acc3
//   end:     s = (acc0 + acc1) + (acc2 + acc3), lane-wise;  r = s.lane0 + s.lane1;  r += tail

export function sum_f64(ptr: usize, len: usize): f64 {
  const body = len & ~(<usize>7);
  let r: f64;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(-0.0), a1 = a0, a2 = a0, a3 = a0;
    for (let p = ptr, end = ptr + (body << 3); p < end; p += 64) {
      a0 = f64x2.add(a0, v128.load(p));
      a1 = f64x2.add(a1, v128.load(p, 16));
      a2 = f64x2.add(a2, v128.load(p, 32));
      a3 = f64x2.add(a3, v128.load(p, 48));
    }
    const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
    r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  } else {
    let l0 = -0.0, h0 = -0.0, l1 = -0.0, h1 = -0.0, l2 = -0.0, h2 = -0.0, l3 = -0.0, h3 = -0.0;
    for (let p = ptr, end = ptr + (body << 3); p < end; p += 64) {
      l0 += load<f64>(p);      h0 += load<f64>(p, 8);
      l1 += load<f64>(p, 16);  h1 += load<f64>(p, 24);
      l2 += load<f64>(p, 32);  h2 += load<f64>(p, 40);
      l3 += load<f64>(p, 48);  h3 += load<f64>(p, 56);
    }
    r = ((l0 + l1) + (l2 + l3)) + ((h0 + h1) + (h2 + h3));
  }
  for (let i = body; i < len; i++) r += load<f64>(ptr + (i << 3));
  return r;
}

// ---------------------------------------------------------------------------------------------------
// f32: each element is widened to f64 before it is added (no f32 rounding at all), with the same lane
// layout as sum_f64: step i covers eight floats, [x0 x1] -> acc0, [x2 x3] -> acc1, ...

export function sum_f32(ptr: usize, len: usize): f64 {
  const body = len & ~(<usize>7);
  let r: f64;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(-0.0), a1 = a0, a2 = a0, a3 = a0;
    for (let p = ptr, end = ptr + (body << 2); p < end; p += 32) {
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v128.load64_zero(p)));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v128.load64_zero(p, 16)));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(v128.load64_zero(p, 24)));
    }
    const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
    r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  } else {
    let l0 = -0.0, h0 = -0.0, l1 = -0.0, h1 = -0.0, l2 = -0.0, h2 = -0.0, l3 = -0.0, h3 = -0.0;
    for (let p = ptr, end = ptr + (body << 2); p < end; p += 32) {
      l0 += <f64>load<f32>(p);      h0 += <f64>load<f32>(p, 4);
      l1 += <f64>load<f32>(p, 8);   h1 += <f64>load<f32>(p, 12);
      l2 += <f64>load<f32>(p, 16);  h2 += <f64>load<f32>(p, 20);
      l3 += <f64>load<f32>(p, 24);  h3 += <f64>load<f32>(p, 28);
    }
    r = ((l0 + l1) + (l2 + l3)) + ((h0 + h1) + (h2 + h3));
  }
  for (let i = body; i < len; i++) r += <f64>load<f32>(ptr + (i << 2));
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Integers up to 32 bits: exact i64 sums (integer addition is associative, so lane order is free).
// 8- and 16-bit lanes are first added pairwise into i32 lanes, which are flushed into i64 running sums
// every FLUSH steps, long before they could overflow: a step adds at most 4 * 255 (8-bit) or
// 2 * 65535 (16-bit) to an i32 lane, and FLUSH * 2^17 < 2^31.

const FLUSH: usize = 4096;

// @ts-ignore: decorator
@inline function widen(acc: v128, lanes: v128): v128 {
  return i64x2.add(i64x2.add(acc, i64x2.extend_low_i32x4_s(lanes)), i64x2.extend_high_i32x4_s(lanes));
}

// @ts-ignore: decorator
@inline function total(a: v128): i64 {
  return i64x2.extract_lane(a, 0) + i64x2.extract_lane(a, 1);
}

// 32-bit lanes: two per load, widened to i64 as they are loaded; eight elements per step.
// @ts-ignore: decorator
@inline function sum32<T>(ptr: usize, len: usize): i64 {
  let body: usize = 0;
  let r: i64 = 0;
  if (ASC_FEATURE_SIMD) {
    body = len & ~(<usize>7);
    let a0 = i64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (let p = ptr, end = ptr + (body << 2); p < end; p += 32) {
      if (isSigned<T>()) {
        a0 = i64x2.add(a0, v128.load32x2_s(p));
        a1 = i64x2.add(a1, v128.load32x2_s(p, 8));
        a2 = i64x2.add(a2, v128.load32x2_s(p, 16));
        a3 = i64x2.add(a3, v128.load32x2_s(p, 24));
      } else {
        a0 = i64x2.add(a0, v128.load32x2_u(p));
        a1 = i64x2.add(a1, v128.load32x2_u(p, 8));
        a2 = i64x2.add(a2, v128.load32x2_u(p, 16));
        a3 = i64x2.add(a3, v128.load32x2_u(p, 24));
      }
    }
    r = total(i64x2.add(i64x2.add(a0, a1), i64x2.add(a2, a3)));
  }
  for (let i = body; i < len; i++) r += <i64>load<T>(ptr + (i << 2));
  return r;
}

// The 8- or 16-bit lanes of one vector of T, added pairwise (twice for 8-bit) into four i32 lanes.
// @ts-ignore: decorator
@inline function pairsToI32<T>(v: v128): v128 {
  if (sizeof<T>() == 1) {
    return isSigned<T>()
      ? i32x4.extadd_pairwise_i16x8_s(i16x8.extadd_pairwise_i8x16_s(v))
      // Pairwise sums of two u8 are at most 510: the i16 -> i32 step may read them as unsigned.
      : i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v));
  }
  return isSigned<T>() ? i32x4.extadd_pairwise_i16x8_s(v) : i32x4.extadd_pairwise_i16x8_u(v);
}

// 8- and 16-bit lanes: 32 bytes per step into two i32x4 running sums, flushed into i64 every FLUSH steps.
// @ts-ignore: decorator
@inline function sumNarrow<T>(ptr: usize, len: usize): i64 {
  const shift = alignof<T>(); // log2 of the element size
  let body: usize = 0;
  let r: i64 = 0;
  if (ASC_FEATURE_SIMD) {
    body = len & ~((<usize>32 >> shift) - 1);
    let wide = i64x2.splat(0);
    for (let p = ptr, end = ptr + (body << shift); p < end; ) {
      const stop = min(end, p + FLUSH * 32);
      let a0 = i32x4.splat(0), a1 = a0;
      for (; p < stop; p += 32) {
        a0 = i32x4.add(a0, pairsToI32<T>(v128.load(p)));
        a1 = i32x4.add(a1, pairsToI32<T>(v128.load(p, 16)));
      }
      wide = widen(widen(wide, a0), a1);
    }
    r = total(wide);
  }
  for (let i = body; i < len; i++) r += <i64>load<T>(ptr + (i << shift));
  return r;
}

export function sum_i32(ptr: usize, len: usize): i64 {
  return sum32<i32>(ptr, len);
}

export function sum_u32(ptr: usize, len: usize): i64 {
  return sum32<u32>(ptr, len);
}

export function sum_i16(ptr: usize, len: usize): i64 {
  return sumNarrow<i16>(ptr, len);
}

export function sum_u16(ptr: usize, len: usize): i64 {
  return sumNarrow<u16>(ptr, len);
}

export function sum_i8(ptr: usize, len: usize): i64 {
  return sumNarrow<i8>(ptr, len);
}

export function sum_u8(ptr: usize, len: usize): i64 {
  return sumNarrow<u8>(ptr, len);
}

// The same sums returned as f64, for a host that sums one chunk and wants a number: exact while the
// sum is below 2^53 in magnitude, which it is for up to 2^21 elements of at most 32 bits (a chunk holds
// at most 2^18). Spares the host the BigInt that an i64 result becomes.

export function sum_i32_f64(ptr: usize, len: usize): f64 {
  return <f64>sum32<i32>(ptr, len);
}

export function sum_u32_f64(ptr: usize, len: usize): f64 {
  return <f64>sum32<u32>(ptr, len);
}

export function sum_i16_f64(ptr: usize, len: usize): f64 {
  return <f64>sumNarrow<i16>(ptr, len);
}

export function sum_u16_f64(ptr: usize, len: usize): f64 {
  return <f64>sumNarrow<u16>(ptr, len);
}

export function sum_i8_f64(ptr: usize, len: usize): f64 {
  return <f64>sumNarrow<i8>(ptr, len);
}

export function sum_u8_f64(ptr: usize, len: usize): f64 {
  return <f64>sumNarrow<u8>(ptr, len);
}

// ---------------------------------------------------------------------------------------------------
// 64-bit integers: exact 128-bit sums. Each lane keeps (hi, lo); adding x to lo carries out when the
// unsigned result is below x, and a signed x also adds its sign (0 or -1) to hi.
// Writes lo at out and hi at out + 8 (hi is signed; the value is hi * 2^64 + lo, lo unsigned).

// @ts-ignore: decorator
@inline function carries(sum: v128, addend: v128): v128 {
  // Unsigned a < b, as a signed compare after flipping the sign bits: -1 in a lane that carried.
  const bias = i64x2.splat(i64.MIN_VALUE);
  return i64x2.lt_s(v128.xor(sum, bias), v128.xor(addend, bias));
}

// @ts-ignore: decorator
@inline function sum128(ptr: usize, len: usize, out: usize, signed: bool): void {
  let body: usize = 0;
  let l: i64 = 0, h: i64 = 0;
  if (ASC_FEATURE_SIMD) {
    body = len & ~(<usize>3);
    let lo0 = i64x2.splat(0), hi0 = lo0, lo1 = lo0, hi1 = lo0;
    for (let p = ptr, end = ptr + (body << 3); p < end; p += 32) {
      const x0 = v128.load(p), x1 = v128.load(p, 16);
      lo0 = i64x2.add(lo0, x0);
      lo1 = i64x2.add(lo1, x1);
      hi0 = i64x2.sub(hi0, carries(lo0, x0));
      hi1 = i64x2.sub(hi1, carries(lo1, x1));
      if (signed) {
        hi0 = i64x2.add(hi0, i64x2.shr_s(x0, 63));
        hi1 = i64x2.add(hi1, i64x2.shr_s(x1, 63));
      }
    }
    const lo = i64x2.add(lo0, lo1);
    const hi = i64x2.sub(i64x2.add(hi0, hi1), carries(lo, lo1));
    const l1 = i64x2.extract_lane(lo, 1);
    l = i64x2.extract_lane(lo, 0) + l1;
    h = i64x2.extract_lane(hi, 0) + i64x2.extract_lane(hi, 1) + <i64>(<u64>l < <u64>l1);
  }
  for (let i = body; i < len; i++) {
    const x = load<i64>(ptr + (i << 3));
    l += x;
    h += <i64>(<u64>l < <u64>x);
    if (signed) h += x >> 63;
  }
  store<i64>(out, l);
  store<i64>(out, h, 8);
}

export function sum_i64(ptr: usize, len: usize, out: usize): void {
  sum128(ptr, len, out, true);
}

export function sum_u64(ptr: usize, len: usize, out: usize): void {
  sum128(ptr, len, out, false);
}

// ---------------------------------------------------------------------------------------------------
// Exact sums (precision: 'exact'): a superaccumulator per chunk, merged and rounded by the host.

export { exact_f64, exact_f32 } from './exact';

// The exact accumulator's layout, as exported globals: a host can read the layout of the build it
// loaded (the engine compiles in the same file, assembly/layout.ts; a test checks every build agrees).
export {
  EXACT_BYTES, EXACT_DIGITS, EXACT_DIGITS_AT, EXACT_LOWEST,
  EXACT_NAN, EXACT_POS_INF, EXACT_NEG_INF, EXACT_NOT_ALL_NEGATIVE_ZERO,
} from './layout';
