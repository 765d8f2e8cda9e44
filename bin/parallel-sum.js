#!/usr/bin/env node
// parallel-sum: the command line, a thin shell over the package's public API. Prints the sum on
// stdout and nothing else; exit 0 done, 1 bad usage or input (one line on stderr), 130 on Ctrl-C.
import { createRequire } from 'node:module';
import { ParallelSum } from 'parallel-sum';
import { kUsage, readArgs } from './lib/args.js';
import { CliError } from './lib/errors.js';
import { formatJson, formatText } from './lib/output.js';
import { sumInputs } from './lib/sum.js';

/** 128 + SIGINT (2), as shells report a command ended by Ctrl-C. */
const kInterrupted = 130;

/** @param {string[]} argv @param {AbortSignal} signal @returns {Promise<number>} the exit code */
async function main(argv, signal) {
  const args = readArgs(argv);
  if (args.command === 'help') {
    process.stdout.write(`${kUsage}\n`);
    return 0;
  }
  if (args.command === 'version') {
    const { version } = /** @type {{ version: string }} */ (createRequire(import.meta.url)('parallel-sum/package.json'));
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const engine = new ParallelSum({ maxWorkers: args.workers });
  try {
    const { inputs, total } = await sumInputs(engine, args, signal, process.stderr);
    const precision = args.exact ? 'exact' : 'fast';
    process.stdout.write(args.json
      ? formatJson({ type: args.type, text: args.text, precision, inputs, total })
      : formatText(inputs, total));
    return 0;
  } finally {
    await engine.close();
  }
}

/** The one line to print for a failure, or undefined if it is not a bad input. @param {unknown} error */
function badInput(error) {
  if (error instanceof CliError) return error.message;
  // fs errors (ENOENT, EACCES, EISDIR, …) as Node words them, naming the file.
  if (error instanceof Error && typeof (/** @type {{ code?: unknown }} */ (error).code) === 'string' && 'syscall' in error) return error.message;
  // The package's argument checks: a byte count that is not whole elements, a range past the end.
  if (error instanceof TypeError || error instanceof RangeError) return error.message;
  return undefined;
}

// A reader that went away (`parallel-sum … | true`) is not an error of the sum: no stack trace.
process.stdout.on('error', (error) => {
  if (/** @type {{ code?: string }} */ (error).code !== 'EPIPE') throw error;
});

const controller = new AbortController();
// The first Ctrl-C aborts: reading stops, workers are closed, and the exit code is 130. A second one
// does not wait for that.
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(kInterrupted);
  controller.abort();
});

main(process.argv.slice(2), controller.signal).then(
  (code) => { process.exitCode = code; },
  (error) => {
    if (controller.signal.aborted) {
      process.exitCode = kInterrupted;
      return;
    }
    const message = badInput(error);
    process.stderr.write(`parallel-sum: ${message ?? `internal error: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exitCode = 1;
  },
);
