// The native contenders, as a Node-API addon that bench/native/build.js compiles on the fly with
// `gcc -O3 -march=native -fopenmp`:
//   sum(view, threads)    an OpenMP sum of a Float64Array, Float32Array or Int32Array, in place
//   probe(view, threads)  a memory-read probe: reads every byte of the view as fast as it can
// Both read the very bytes the JavaScript side benchmarks (no copy), so they share its pages and
// alignment. The sum is what a careful C programmer would write: each thread takes one contiguous
// block and keeps four independent vector running sums (so it is bound by memory, not by the latency
// of one add chain); f32 is widened to double and i32 to int64, as the wasm kernels do.
#include <node_api.h>
#include <omp.h>
#include <stdint.h>
#include <string.h>

// GCC vector types: 32 bytes (AVX2 with -march=native here; GCC lowers them on narrower targets).
typedef double f64x4 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef int64_t i64x4 __attribute__((vector_size(32)));
typedef uint64_t u64x4 __attribute__((vector_size(32)));

// Below this many elements (of 8 bytes, for the probe) the calling thread does all the work: waking
// a team costs more than it saves, and a native programmer would make the same choice.
#define PARALLEL_MIN 32768

// memcpy loads: unaligned-safe, and GCC turns them into single vector loads.
#define LOAD(type, p) ({ type v_; memcpy(&v_, (p), sizeof v_); v_; })

// One thread's block: four independent vector running sums, sixteen elements a step, then a scalar
// tail. `widen` turns four loaded elements into four lanes of the accumulator type.
#define BLOCK_SUM(name, T, Acc, In4, Acc4, widen)                        \
  static Acc name(const T *x, size_t n) {                                \
    Acc4 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};                         \
    size_t i = 0;                                                        \
    for (; i + 16 <= n; i += 16) {                                       \
      a0 += widen(LOAD(In4, x + i));                                     \
      a1 += widen(LOAD(In4, x + i + 4));                                 \
      a2 += widen(LOAD(In4, x + i + 8));                                 \
      a3 += widen(LOAD(In4, x + i + 12));                                \
    }                                                                    \
    Acc4 a = (a0 + a1) + (a2 + a3);                                      \
    Acc s = (a[0] + a[1]) + (a[2] + a[3]);                               \
    for (; i < n; i++) s += x[i];                                        \
    return s;                                                            \
  }

#define SAME(v) (v)
#define TO_F64(v) __builtin_convertvector((v), f64x4)
#define TO_I64(v) __builtin_convertvector((v), i64x4)
BLOCK_SUM(block_f64, double, double, f64x4, f64x4, SAME)
BLOCK_SUM(block_f32, float, double, f32x4, f64x4, TO_F64)
BLOCK_SUM(block_i32, int32_t, int64_t, i32x4, i64x4, TO_I64)

// The probe: integer adds of 64-bit words, four vectors per step. An add costs far less than the
// load that feeds it, so this runs at the speed the memory system delivers bytes to the cores.
static uint64_t block_read(const uint8_t *p, size_t bytes) {
  u64x4 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
  size_t i = 0;
  for (; i + 128 <= bytes; i += 128) {
    a0 += LOAD(u64x4, p + i);
    a1 += LOAD(u64x4, p + i + 32);
    a2 += LOAD(u64x4, p + i + 64);
    a3 += LOAD(u64x4, p + i + 96);
  }
  u64x4 a = (a0 + a1) + (a2 + a3);
  uint64_t s = a[0] + a[1] + a[2] + a[3];
  for (; i < bytes; i++) s += p[i];
  return s;
}

// Thread t of k takes elements [n*t/k, n*(t+1)/k): contiguous blocks, as schedule(static) would.
#define SPLIT(n, lo, hi)                                                   \
  size_t k_ = (size_t)omp_get_num_threads(), t_ = (size_t)omp_get_thread_num(); \
  size_t lo = (n) * t_ / k_, hi = (n) * (t_ + 1) / k_

// The parallel sum over a block sum: one team, one contiguous block per thread. Small inputs skip
// OpenMP altogether: even `parallel if (0)` costs about 0.6 µs in libgomp, several times the sum.
#define PARALLEL_SUM(name, T, Acc, block)                                 \
  static Acc name(const T *x, size_t n, int threads) {                    \
    if (n < PARALLEL_MIN) return block(x, n);                             \
    Acc s = 0;                                                            \
    _Pragma("omp parallel num_threads(threads) reduction(+ : s)")         \
    {                                                                     \
      SPLIT(n, lo, hi);                                                   \
      s += block(x + lo, hi - lo);                                        \
    }                                                                     \
    return s;                                                             \
  }

PARALLEL_SUM(sum_f64, double, double, block_f64)
PARALLEL_SUM(sum_f32, float, double, block_f32)
PARALLEL_SUM(sum_i32, int32_t, int64_t, block_i32)

static uint64_t read_all(const uint8_t *p, size_t bytes, int threads) {
  if (bytes < PARALLEL_MIN * sizeof(double)) return block_read(p, bytes);
  uint64_t s = 0;
#pragma omp parallel num_threads(threads) reduction(+ : s)
  {
    // Split on 128-byte steps so every thread but the last reads whole vectors.
    size_t steps = bytes / 128;
    SPLIT(steps, lo, hi);
    size_t end = t_ + 1 == k_ ? bytes : hi * 128;
    s += block_read(p + lo * 128, end - lo * 128);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Node-API glue: argument checks, then one of the functions above.

#define CHECK(env, call)                                                    \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error((env), NULL, "native bench: " #call " failed");      \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

typedef struct {
  napi_typedarray_type type;
  size_t length;
  void *data;
  int threads;
} Args;

// Reads (view, threads); returns 0 after throwing a TypeError when they are not what is expected.
static int read_args(napi_env env, napi_callback_info info, Args *out) {
  size_t argc = 2;
  napi_value argv[2];
  bool is_typed = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2
      || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed) {
    napi_throw_type_error(env, NULL, "Expected (typedArray, threads)");
    return 0;
  }
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, argv[0], &out->type, &out->length, &out->data, &buffer, &offset) != napi_ok
      || napi_get_value_int32(env, argv[1], &out->threads) != napi_ok || out->threads < 1) {
    napi_throw_type_error(env, NULL, "Expected `threads` to be an integer from 1 and up");
    return 0;
  }
  return 1;
}

static napi_value js_sum(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, &a)) return NULL;
  napi_value result;
  switch (a.type) {
    case napi_float64_array:
      CHECK(env, napi_create_double(env, sum_f64(a.data, a.length, a.threads), &result));
      return result;
    case napi_float32_array:
      CHECK(env, napi_create_double(env, sum_f32(a.data, a.length, a.threads), &result));
      return result;
    case napi_int32_array:
      CHECK(env, napi_create_bigint_int64(env, sum_i32(a.data, a.length, a.threads), &result));
      return result;
    default:
      napi_throw_type_error(env, NULL, "Expected a Float64Array, Float32Array or Int32Array");
      return NULL;
  }
}

static napi_value js_probe(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, &a)) return NULL;
  size_t width = 1;
  switch (a.type) {
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: width = 8; break;
    case napi_float32_array: case napi_int32_array: case napi_uint32_array: width = 4; break;
    case napi_int16_array: case napi_uint16_array: width = 2; break;
    default: width = 1;
  }
  // The checksum goes back to JavaScript so the compiler cannot drop the reads.
  napi_value result;
  CHECK(env, napi_create_bigint_uint64(env, read_all(a.data, a.length * width, a.threads), &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"sum", NULL, js_sum, NULL, NULL, NULL, napi_enumerable, NULL},
    {"probe", NULL, js_probe, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, 2, props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
