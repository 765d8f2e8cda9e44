import { defineConfig } from 'tsup';

// One build, four entries, all written flat into dist/ beside the .wasm files: every
// `new URL('./…', import.meta.url)` (workers, kernels) resolves against whichever file holds it, entry
// or shared chunk, so they must all sit in the same folder. Entry names are stable (worker.js and
// worker.browser.js are named in the endpoints); only shared chunks carry hashes.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    worker: 'src/worker/node.ts',
    browser: 'src/browser.ts',
    'worker.browser': 'src/worker/browser.ts',
  },
  format: ['esm'],
  target: 'es2022',
  // Neutral: node: built-ins stay external imports in the Node files, and nothing Node-only is
  // injected into the browser ones (the browser graph imports no built-ins; a test checks it).
  platform: 'neutral',
  dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts' } },
  splitting: true,
  sourcemap: false,
  clean: false,
  treeshake: true,
});
