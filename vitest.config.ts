import { defineConfig } from 'vitest/config';

// The engine suites run twice, once with each way the calling thread learns that workers finished:
// Atomics.waitAsync ("waitAsync"), and the message the last worker posts where it is missing
// ("message"). Both are paths users reach; a defect in either was once invisible to the tests.
const engine = 'tests/engine/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'waitAsync',
          include: ['tests/**/*.test.ts'],
          // Finds the browsers, and under CI=true fails the run unless each of them ran (browser
          // tests run in this project only).
          globalSetup: ['tests/global-setup.ts'],
          typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'message',
          include: [engine],
          setupFiles: ['tests/setup/no-wait-async.ts'],
        },
      },
    ],
  },
});
