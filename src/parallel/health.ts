// What this runtime has shown about starting workers, for capabilities(): the first engine whose
// workers could not start (a worker script the server sends without Cross-Origin-Embedder-Policy, a
// Content-Security-Policy that forbids workers) records why, and the parallel path is reported off.

let failure: Error | undefined;

/** Records that an engine's workers failed to start (the first such error is kept). */
export function reportWorkerFailure(error: Error): void {
  failure ??= error;
}

/** Why workers could not start here, if an engine found that out; undefined while none has. */
export function workerFailure(): Error | undefined {
  return failure;
}

/** What capabilities() and stats() say when workers failed to start: why, with the cause's message. */
export function failureReason(failure: Error): string {
  const cause = failure.cause instanceof Error ? `: ${failure.cause.message}` : '';
  return `workers failed to start${cause}`;
}
