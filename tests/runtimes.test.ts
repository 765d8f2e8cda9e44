// The runtime matrix: the packed package, installed as a user installs it, runs the Node-API subset
// (tests/runtimes/subset.mjs) on Node 20.10.0 (the engines minimum), Node 22, Node 24, Bun and Deno:
// number[] and alloc'd sums with the workers really used, abort mid-sum, exact mode, the worker
// bound, exit with and without close(), and no worker error events. docs/runtimes.md says what each
// runtime needs. The Node binaries are fetched on first use (tests/fixtures/runtimes.ts); where they
// cannot run (not Linux x64) their suites skip loudly, and under CI=true they fail instead.
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, packedApp, root, run } from './fixtures/packed.js';
import {
  bunBinary, denoBinary, lines, nodeBinariesMissing, nodeBinary, nodeReleases, spawnRuntime, type Outcome,
} from './fixtures/runtimes.js';

const ci = process.env.CI === 'true';
const scripts = ['subset.mjs', 'dispose.mjs'];
// dispose.mjs as TypeScript 5.2+ compiles it for target ES2022: `await using` becomes a try/finally
// that calls Symbol.asyncDispose, which Node has had since 20.4.
const downlevel = ts.transpileModule(readFileSync(join(root, 'tests/runtimes/dispose.mjs'), 'utf8'),
  { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
const copyScripts = async (app: string) => {
  await Promise.all(scripts.map((file) => copyFile(join(root, 'tests/runtimes', file), join(app, file))));
  await writeFile(join(app, 'dispose-ts.mjs'), downlevel);
  // The file the subset sums with sumFile and streams (Deno may read the app, not write to it).
  const values = new Float64Array(kStreamDoubles).map((_, i) => i % 7);
  await writeFile(join(app, 'values.f64'), new Uint8Array(values.buffer));
};
const kStreamDoubles = 12 * 32768; // 3 MiB: one buffer of the ring, summed on the workers
const kLarge = 8 << 20; // the subset's large view, in doubles
const kChunkBytes = 256 * 1024;

// One packed tarball; npm installs it for Node and Deno (Deno runs from the app's package.json and
// node_modules, and cannot install a tarball itself), Bun's own installer for Bun.
let packed: Awaited<ReturnType<typeof packedApp>>;
let bunApp: string;
beforeAll(async () => {
  packed = await packedApp('runtimes');
  await copyScripts(packed.app);
  bunApp = join(packed.dir, 'bun-app');
  await mkdir(bunApp);
  await writeFile(join(bunApp, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run(bunBinary, ['add', packed.tarball], { cwd: bunApp, env: { ...cleanEnv(), NO_COLOR: '1' } });
  await copyScripts(bunApp);
}, 120_000);
afterAll(() => packed?.remove());

interface Runtime {
  name: string;
  /** The command that runs a script, e.g. [deno, 'run', '--allow-read']. */
  command(): Promise<string[]>;
  app(): string;
  version: string;
  /** Whether it has explicit resource management (`await using`). */
  awaitUsing: boolean;
}

/** What a run printed, with its whole output in the failure message when it is not one clean run. */
function expectClean(outcome: Outcome): Array<Record<string, unknown>> {
  const story = `exit ${outcome.code} ${outcome.signal ?? ''}${outcome.timedOut ? ' (timed out: it did not exit on its own)' : ''}\n`
    + `stdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
  expect(outcome.timedOut, story).toBe(false);
  expect(outcome.code, story).toBe(0);
  expect(outcome.stderr, story).toBe('');
  const printed = lines(outcome);
  // The last line is the exit hook's: the worker error events of the whole run.
  expect(printed.at(-1), story).toEqual({ exit: { workerErrors: [], workersCreated: expect.any(Number) } });
  return printed;
}

function matrix(runtime: Runtime): void {
  let command: string[];
  const exec = async (mode: string, timeout?: number, script = 'subset.mjs') => {
    const [bin, ...args] = command;
    return spawnRuntime(bin!, [...args, script, ...(mode ? [mode] : [])], runtime.app(), timeout);
  };
  let report: Record<string, any>;
  beforeAll(async () => {
    command = await runtime.command();
    const printed = expectClean(await exec('suite', 120_000));
    expect(printed).toHaveLength(2);
    report = printed[0]!;
  }, 300_000);

  it(`is ${runtime.name} ${runtime.version}, on the parallel path`, () => {
    expect(report.runtime).toEqual({ name: runtime.name, version: runtime.version });
    expect(report.capabilities).toMatchObject({ sharedMemory: true, path: 'parallel' });
  });

  it('sums number[] on the calling thread', () => {
    expect(report.numbers).toEqual({ small: 36, large: 1_000_000, sync: 1_000_000 });
  });

  it("sums alloc'd views on the workers: every chunk counted, the engine's and the default engine's threads started", () => {
    expect(report.alloc).toEqual({
      f64: sumMod7(kLarge), i32: -3 * 2 * kLarge, big: `${BigInt(kLarge) << 62n}n`,
      chunks: 3 * (kLarge * 8) / kChunkBytes, expectedChunks: 3 * (kLarge * 8) / kChunkBytes, workers: 2,
      // f64.subarray(7, 7 + 7 * kLarge / 8): whole cycles of 0..6, 21 each.
      subarray: 21 * (kLarge / 8), defaultEngine: 0.25 * 2 * kLarge, defaultWorkers: expect.any(Number),
    });
    expect(report.alloc.defaultWorkers).toBeGreaterThan(0);
  });

  it('sums exactly in exact mode, on the workers (after the memory grew under them) and on the calling thread', () => {
    // 1e300, then kLarge - 2 ones, then -1e300: exactly kLarge - 2; fast mode loses the ones.
    expect(report.exact).toEqual({
      workers: kLarge - 2, chunks: (kLarge * 8) / kChunkBytes, fast: expect.any(Number), local: 1, sync: 2.7755575615628914e-17, grew: true,
    });
    expect(report.exact.fast).not.toBe(kLarge - 2);
  });

  it('sums a stream, a file (the whole and a range) and exact accumulators, merged from their states', () => {
    const sum = sumMod7(kStreamDoubles);
    expect(report.streams).toEqual({
      inMemory: sum, streamed: sum, streamChunks: (kStreamDoubles * 8) / kChunkBytes, file: sum, range: 1 + 2, exact: sum, merged: 2 * sum,
    });
  });

  it('stops a sum when aborted mid-way, rejecting with the reason, and sums correctly afterwards', () => {
    const { attempts, preAbortedWithReason, afterwards, expected } = report.abort;
    const last = attempts.at(-1);
    expect(last, JSON.stringify(attempts)).toMatchObject({ rejectedWithReason: true });
    expect(last.atAbort).toBeGreaterThan(0);
    expect(last.after).toBeLessThan(last.total);
    expect(preAbortedWithReason).toBe(true);
    expect(afterwards).toBe(expected);
  });

  it('keeps to maxWorkers: 2 with six large calls at once', () => {
    const { max, made, sums, elements } = report.bound;
    expect(max).toEqual({ workers: 2, busy: 2, queued: expect.any(Number) });
    expect(max.queued).toBeGreaterThan(0);
    expect(made).toBe(2);
    expect(sums).toEqual([0, 1, 2, 3, 4, 5].map((i) => i * elements));
  });

  it('reports no fallback and no worker error event', () => {
    expect(report.fallback).toEqual({ engine: null, default: null });
    expect(report.workerErrors).toEqual([]);
  });

  it('exits after close()', async () => {
    const printed = expectClean(await exec('close', 30_000));
    expect(printed.slice(0, -1)).toEqual([{ sum: 2 * kLarge, workers: 2 }, { closed: true }]);
  });

  it('exits on its own without close(), after a sum still running when the script ends', async () => {
    const printed = expectClean(await exec('no-close', 30_000));
    expect(printed.slice(0, -1)).toEqual([{ sum: 2 * kLarge, workers: 2 }, { default: 3 * kLarge }, { pending: 4 * kLarge }]);
  });

  if (runtime.awaitUsing) {
    it('closes an engine at the end of an `await using` block', async () => {
      const outcome = await exec('', 30_000, 'dispose.mjs');
      expect(outcome.stderr).toBe('');
      expect(lines(outcome)).toEqual([{ sum: kLarge, workers: 2 }, { afterBlock: 0, closed: true }]);
    });
  } else {
    it('has no `await using`: a SyntaxError (README: it needs Node 24)', async () => {
      const outcome = await exec('', 30_000, 'dispose.mjs');
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderr).toMatch(/SyntaxError/);
    });
  }

  it('closes an engine at the end of an `await using` block compiled by TypeScript for ES2022', async () => {
    expect(downlevel).not.toMatch(/^\s*await using/m);
    const outcome = await exec('', 30_000, 'dispose-ts.mjs');
    expect(outcome.stderr).toBe('');
    expect(lines(outcome)).toEqual([{ sum: kLarge, workers: 2 }, { afterBlock: 0, closed: true }]);
  });

  // Without this, "no worker error events" could pass on a runtime whose Worker never emits them.
  it('would see a worker error event here', async () => {
    const outcome = await exec('probe', 30_000);
    expect(lines(outcome).at(-1), outcome.stderr).toMatchObject({ exit: { workerErrors: [expect.stringContaining('probe')] } });
  });
}

/** 0 + 1 + ... + 6 repeated: the sum of i % 7 for i < n. */
function sumMod7(n: number): number {
  const whole = Math.floor(n / 7);
  let sum = whole * 21;
  for (let i = whole * 7; i < n; i++) sum += i % 7;
  return sum;
}

const nodeMissing = nodeBinariesMissing();
for (const release of nodeReleases) {
  const skip = nodeMissing !== undefined && !ci;
  describe.skipIf(skip)(skip ? `Node ${release.version}: SKIPPED, ${nodeMissing}` : `Node ${release.version} (${release.why})`, () => {
    matrix({
      name: 'node', version: release.version, awaitUsing: release.awaitUsing, app: () => packed.app, command: async () => [await nodeBinary(release)],
    });
  });
}

describe('Bun (devDependency bun)', () => {
  matrix({
    name: 'bun', version: readVersion('bun'), awaitUsing: true, app: () => bunApp, command: async () => [bunBinary],
  });
});

describe('Deno (devDependency deno), with --allow-read and nothing else', () => {
  const deno = [denoBinary, 'run', '--no-prompt', '--allow-read'];
  matrix({ name: 'deno', version: readVersion('deno'), awaitUsing: true, app: () => packed.app, command: async () => deno });

  it('needs read permission: without it the kernels cannot be read', async () => {
    const outcome = await spawnRuntime(denoBinary, ['run', '--no-prompt', 'subset.mjs', 'close'], packed.app, 30_000);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/NotCapable: Requires read access to ".*parallel-sum\/dist\/kernels-.*\.wasm"/);
  });

  it('needs read access to the package only', async () => {
    const outcome = await spawnRuntime(denoBinary,
      ['run', '--no-prompt', '--allow-read=node_modules/parallel-sum', 'subset.mjs', 'close'], packed.app, 30_000);
    expect(expectClean(outcome).slice(0, -1)).toEqual([{ sum: 2 * kLarge, workers: 2 }, { closed: true }]);
  });
});

function readVersion(name: 'bun' | 'deno'): string {
  // The devDependency's own package.json: the binary must say the same (the first test of each).
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
