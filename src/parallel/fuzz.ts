// Schedule fuzzing, for tests only: a participant that pauses for a random moment at the points where
// threads race (claiming a chunk, summing it, storing its partial, counting it done, taking a task,
// clearing its running flag), so that a stress run sees interleavings a quiet machine never shows.
// Driven by a seed, so a failing schedule's inputs can be replayed. Off unless a test turns it on
// through the engine's debug seam; then every participant gets its own seed.

/** Where a participant may pause. */
export const kPauseClaim = 0;
export const kPauseSum = 1;
export const kPauseStore = 2;
export const kPauseDone = 3;
export const kPauseTake = 4;
export const kPauseExit = 5;

export type Pause = (point: number) => void;

/**
 * A pause function from `seed`: at each call, no pause about half the time, a busy wait of up to
 * 50 µs most of the rest, and now and then one of up to a millisecond (long enough for the other
 * threads to run far ahead). Busy waits, not sleeps: the calling thread of a browser page may not block.
 */
export function fuzzer(seed: number): Pause {
  let s = (seed >>> 0) || 0x9e3779b9;
  return (point) => {
    // xorshift32, mixed with the point so each point has its own sequence of choices
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const r = ((s ^ Math.imul(point + 1, 0x85ebca6b)) >>> 0) / 2 ** 32;
    if (r < 0.5) return;
    const micros = r < 0.97 ? (r - 0.5) * 100 : (r - 0.97) * 33_000;
    const end = performance.now() + micros / 1000;
    while (performance.now() < end);
  };
}
