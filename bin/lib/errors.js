// The errors the command line raises itself; CliError is the one it expects (bad usage or input).

/** Bad arguments or bad input: the tool prints `parallel-sum: <message>` and exits with 1. */
export class CliError extends Error {
  name = 'CliError';
}

/** A text-parsing worker thread died (it never should: its parser returns errors, never throws). */
export class TextWorkerError extends Error {
  name = 'TextWorkerError';
}
