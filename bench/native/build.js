// Compiles bench/native/sum.c into a Node-API addon on the fly and loads it. The build goes to the
// system's temp directory, named by a hash of the source, flags and Node version, so a second run
// reuses it and nothing lands in the work tree. Where gcc or Node's headers are missing, the suite
// runs without the native contenders and says why.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./sum.c', import.meta.url));
export const kFlags = ['-O3', '-march=native', '-fopenmp', '-shared', '-fPIC'];

/**
 * @typedef {{ sum(view: ArrayBufferView, threads: number): number | bigint,
 *   probe(view: ArrayBufferView, threads: number): bigint }} Addon
 * @typedef {{ ok: true, addon: Addon, compiler: string, command: string, ompWaitPolicy: string }
 *   | { ok: false, reason: string }} Native
 */

/** @returns {Native} */
export function loadNative() {
  const gcc = process.env.CC ?? 'gcc';
  const version = spawnSync(gcc, ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) {
    return { ok: false, reason: `no C compiler (\`${gcc} --version\` failed): native OpenMP contenders skipped` };
  }
  const headers = nodeHeaders();
  if (headers === undefined) {
    return { ok: false, reason: 'Node\'s C headers (node_api.h) not found: native OpenMP contenders skipped' };
  }
  const compiler = version.stdout.split('\n')[0]?.trim() ?? gcc;
  const hash = createHash('sha256').update(readFileSync(source)).update(kFlags.join(' '))
    .update(compiler).update(process.version).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'parallel-sum-bench');
  const out = join(dir, `sum-${hash}.node`);
  const args = [...kFlags, '-I', headers, '-o', out, source];
  const command = `${gcc} ${kFlags.join(' ')} bench/native/sum.c`;
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const built = spawnSync(gcc, args, { encoding: 'utf8' });
    if (built.status !== 0) {
      return { ok: false, reason: `\`${command}\` failed: ${(built.stderr || String(built.error)).trim().slice(0, 500)}` };
    }
  }
  // libgomp reads this once, when it loads. Passive: a team that finishes sleeps at once instead of
  // spinning for milliseconds, which would steal a core from the contender timed next.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  const module = { exports: /** @type {Partial<Addon>} */ ({}) };
  try {
    process.dlopen(module, out);
  } catch (error) {
    return { ok: false, reason: `could not load the native addon: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { sum, probe } = module.exports;
  if (typeof sum !== 'function' || typeof probe !== 'function') {
    return { ok: false, reason: `the native addon ${out} exports no sum() and probe()` };
  }
  return { ok: true, addon: { sum, probe }, compiler, command, ompWaitPolicy: process.env.OMP_WAIT_POLICY };
}

// Node's headers: next to the binary in a normal install (<prefix>/include/node), or where npm was
// told to find them.
function nodeHeaders() {
  const candidates = [
    resolve(dirname(process.execPath), '..', 'include', 'node'),
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'node_api.h')));
}
