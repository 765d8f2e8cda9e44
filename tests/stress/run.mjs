// `npm run stress`: the stress suite (tests/stress/suite.stress.ts) in both wake-up modes, one after
// the other, each in its own vitest run (the "message" mode's process deletes Atomics.waitAsync before
// it imports the package), then a summary of every scenario's counts and timings.
//
//   npm run stress                      the full suite (a few minutes)
//   npm run stress -- --quick           the short form (tests/stress.test.ts runs it in `npm test`)
//   npm run stress -- --only=fuzz,soak  some scenarios
//   npm run stress -- --mode=message    one wake-up mode
//   npm run stress -- --seed=N          the fuzz scenario replays seed N only
//   npm run stress -- --seeds=N         the fuzz scenario runs N seeds per mode (default 600)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const known = /^--(quick|only=.+|mode=(waitAsync|message)|seeds?=\d+)$/;
const unknown = args.filter((a) => !known.test(a));
if (unknown.length > 0) {
  console.error(`run.mjs: unknown argument ${unknown.join(' ')} (expected --quick, --only=a,b, --mode=waitAsync|message, --seed=N, --seeds=N)`);
  process.exit(2);
}
// The suite tests dist/, as users get it: say so when it is missing or older than the sources.
const built = join(root, 'dist', 'index.js');
if (!existsSync(built)) {
  console.error('run.mjs: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const newest = (dir) => Math.max(...readdirSync(dir, { recursive: true })
  .map((file) => statSync(join(dir, String(file)))).filter((s) => s.isFile()).map((s) => s.mtimeMs));
if (Math.max(newest(join(root, 'src')), newest(join(root, 'assembly'))) > statSync(built).mtimeMs) {
  console.warn('run.mjs: warning: dist/ is older than src/ or assembly/; `npm run build` to test the current code');
}
const quick = args.includes('--quick');
const modes = option('mode') ? [option('mode')] : ['waitAsync', 'message'];
const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-stress-'));
const report = join(dir, 'report.jsonl');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

const started = Date.now();
let failed = false;
for (const mode of modes) {
  const env = { ...process.env, STRESS_REPORT: report, STRESS_QUICK: quick ? '1' : '0' };
  if (option('only')) env.STRESS_ONLY = option('only');
  if (option('seed')) env.STRESS_SEED = option('seed');
  if (option('seeds')) env.STRESS_SEEDS = option('seeds');
  console.log(`\n== stress, ${mode} wake-up${quick ? ', quick' : ''} ==`);
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'tests/stress/vitest.config.ts', '--project', mode],
    { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}

let lines = [];
try {
  lines = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
} catch {
  // no scenario finished
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n== summary${quick ? ' (quick)' : ''} ==`);
for (const { mode, scenario, ms, facts } of lines) {
  const detail = Object.entries(facts).map(([key, value]) => `${key} ${value}`).join(', ');
  console.log(`${mode.padEnd(9)} ${scenario.padEnd(10)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${detail}`);
}
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s: ${lines.length} scenario runs passed${failed ? '; FAILED (see above)' : ''}`);
process.exit(failed ? 1 : 0);
