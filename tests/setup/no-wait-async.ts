// Setup for the "message" project (vitest.config.ts): the engine suites run again as in a runtime with
// no Atomics.waitAsync (older Firefox and Safari, some runtimes), where the calling thread learns
// that workers finished from a message. Runs before the test file imports the package, which decides
// at import time which mechanism it uses; tests/engine/wake-up.test.ts checks that it did.
delete (Atomics as { waitAsync?: unknown }).waitAsync;
