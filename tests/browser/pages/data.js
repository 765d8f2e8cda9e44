// Deterministic test data, generated the same way in the page and in Node, so that a sum computed in
// Chromium can be compared bit for bit with the same sum computed by the Node build.

/** The element types the browser tests cover, by constructor name. */
export const types = [
  'Float64Array', 'Float32Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

// mulberry32: a small 32-bit PRNG; good enough to make sums whose rounding depends on the order.
// Also the Node tests' generator (tests/fixtures/data.ts).
export function random32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Fills `view` from `seed`. Floats mix signs and magnitudes (so the order of additions shows in the
 * last bits); integers cover their whole range; 64-bit integers too.
 */
export function fill(view, seed) {
  const next = random32(seed);
  const name = view.constructor.name;
  if (name === 'Float64Array' || name === 'Float32Array') {
    for (let i = 0; i < view.length; i++) {
      const scale = 2 ** ((next() % 40) - 20);
      view[i] = ((next() / 2 ** 32) - 0.5) * scale;
    }
  } else if (name === 'BigInt64Array' || name === 'BigUint64Array') {
    for (let i = 0; i < view.length; i++) {
      const word = (BigInt(next()) << 32n) | BigInt(next());
      view[i] = name === 'BigInt64Array' ? BigInt.asIntN(64, word) : word;
    }
  } else {
    for (let i = 0; i < view.length; i++) view[i] = next();
  }
  return view;
}

/**
 * A reference sum: exact (as a decimal string) for integer types, and for floats a compensated
 * (Neumaier) sum with a bound on how far any order of additions may stray from it.
 */
export function reference(view) {
  const name = view.constructor.name;
  if (name !== 'Float64Array' && name !== 'Float32Array') {
    let exact = 0n;
    for (let i = 0; i < view.length; i++) exact += BigInt(view[i]);
    return { exact: String(exact) };
  }
  let sum = 0, compensation = 0, magnitude = 0;
  for (let i = 0; i < view.length; i++) {
    const x = view[i];
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
    magnitude += Math.abs(x);
  }
  return { approx: sum + compensation, tolerance: view.length * 2 ** -52 * magnitude };
}

/** Elements of `type` for about `mib` MiB plus an odd tail, so sums span many chunks and a tail. */
export function lengthFor(type, mib) {
  const bytes = globalThis[type].BYTES_PER_ELEMENT;
  return Math.floor((mib * 2 ** 20) / bytes) + 13;
}
