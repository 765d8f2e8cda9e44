// The progress bar: on stderr, only when stderr is a terminal and the input is large, redrawn at
// most every 100 ms, and erased at the end so nothing of it stays beside the result.

/** Inputs smaller than this finish before a bar would be worth reading. */
export const kProgressBytes = 64 << 20;
const kWidth = 30;

/**
 * A progress reporter for `total` bytes (undefined: unknown), or undefined if none should be shown.
 * @param {NodeJS.WriteStream} stream @param {number | undefined} total @param {string} name
 * @returns {{ update(bytes: number): void, done(): void } | undefined}
 */
export function progressBar(stream, total, name) {
  if (!stream.isTTY || (total !== undefined && total < kProgressBytes)) return undefined;
  const started = Date.now();
  let last = 0, drawn = false;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < 100 || (total === undefined && bytes < kProgressBytes)) return;
      last = now;
      const rate = bytes / Math.max(1e-3, (now - started) / 1000);
      let line = `${name} ${mib(bytes)}`;
      if (total !== undefined && total > 0) {
        const done = Math.min(1, bytes / total);
        const filled = Math.round(done * kWidth);
        line = `${name} [${'#'.repeat(filled)}${'.'.repeat(kWidth - filled)}] ${(done * 100).toFixed(0).padStart(3)}% ${mib(bytes)} / ${mib(total)}`;
      }
      stream.write(`\r\x1b[2K${line} ${mib(rate)}/s`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/** @param {number} bytes */
function mib(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
