// What the suite uses that ships no types: core-js's polyfill, imported for its effect, and the
// Math.sumPrecise it installs (ES2026; absent from the ES2023 library these checks use).
declare module 'core-js/actual/math/sum-precise.js';

interface Math {
  sumPrecise?(values: Iterable<number>): number;
}
