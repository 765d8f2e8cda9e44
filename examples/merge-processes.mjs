// Sum one file in several processes and merge their exact partial sums in any order:
//
//   npm run build && node examples/merge-processes.mjs
//
// Each child process adds its slice of the file to an exact accumulator and prints the accumulator's
// state (a small, portable Uint8Array) in base64. The parent merges the states in a random order and
// gets the correctly rounded sum of the whole file: the same bits as summing it in one piece, whatever
// the split and the order. Any other transport (HTTP, a queue, a Spark or Dask reduce) works the same.
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Accumulator, defaultEngine, sumFile } from '../dist/index.js';

const [role, file, start, end] = process.argv.slice(2);

if (role === 'child') {
  // Sum bytes [start, end) of the file: a stream of pieces, elements split across pieces anywhere.
  const acc = defaultEngine().accumulator(Float64Array, { precision: 'exact' });
  if (Number(end) > Number(start)) {
    for await (const piece of createReadStream(file, { start: Number(start), end: Number(end) - 1 })) await acc.add(piece);
  }
  process.stdout.write(Buffer.from(acc.state()).toString('base64'));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'merge-processes-'));
  try {
    // 2 million doubles of very different sizes: the order of a plain sum changes its result.
    const data = new Float64Array(2_000_000).map((_, i) => (Math.random() - 0.5) * 10 ** ((i % 40) - 20));
    const path = join(dir, 'data.f64');
    writeFileSync(path, new Uint8Array(data.buffer));

    // Four slices at element boundaries, one child process each.
    const processes = 4;
    const bounds = Array.from({ length: processes + 1 }, (_, i) => Math.round((i * data.length) / processes) * 8);
    const self = fileURLToPath(import.meta.url);
    const run = promisify(execFile);
    const states = await Promise.all(bounds.slice(1).map(async (to, i) => {
      const { stdout } = await run(process.execPath, [self, 'child', path, String(bounds[i]), String(to)]);
      return new Uint8Array(Buffer.from(stdout, 'base64'));
    }));
    console.log(`${processes} states of ${states.map((s) => s.length).join(', ')} bytes`);

    // Merge in a random order.
    const order = states.map((s) => [Math.random(), s]).sort((a, b) => a[0] - b[0]).map(([, s]) => s);
    const merged = Accumulator.from(order[0]);
    for (const state of order.slice(1)) merged.merge(state);

    const whole = await sumFile(path, { type: Float64Array, precision: 'exact' });
    let naive = 0;
    for (const x of data) naive += x;
    console.log(`merged from ${processes} processes: ${merged.result()}`);
    console.log(`whole file, exact:           ${whole}`);
    console.log(`plain loop (rounded often):  ${naive}`);
    console.log(merged.result() === whole ? 'same bits' : 'DIFFERENT');
    process.exitCode = merged.result() === whole ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
