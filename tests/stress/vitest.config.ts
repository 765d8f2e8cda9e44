import { defineConfig } from 'vitest/config';

// `npm run stress` (tests/stress/run.mjs) runs tests/stress/suite.stress.ts once per project: with
// Atomics.waitAsync, and in a process where it was deleted before the package was imported (the
// "finished"-message wake-up of runtimes without it). One file at a time: the scenarios measure memory
// and load, and the machine may have two cores.
export default defineConfig({
  test: {
    include: ['tests/stress/suite.stress.ts'],
    pool: 'forks',
    fileParallelism: false,
    // The soak scenario measures the heap after full collections.
    execArgv: ['--expose-gc'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'waitAsync', env: { STRESS_WAKE_UP: 'waitAsync' } } },
      {
        extends: true,
        test: { name: 'message', env: { STRESS_WAKE_UP: 'message' }, setupFiles: ['tests/setup/no-wait-async.ts'] },
      },
    ],
  },
});
