// The benchmark suite: `npm run bench` (full, minutes) or `npm run bench:quick` (under a minute).
//   --quick           fewer sizes and samples, same phases and outputs
//   --docs            also rewrite docs/performance.md and the README's Performance section from this run
//   --name <name>     results file name (default: the profile's), bench/results/<name>.json
//   --only <a,b,...>  run only these phases (cold, throughput, scaling, threshold, small, abort, memory, exact)
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { kHeadline, profiles } from './config.js';
import { contenders } from './contenders.js';
import { fixtures } from './fixture.js';
import { loadKernel } from './kernel.js';
import { abort, cold, small } from './latency.js';
import { machine } from './machine.js';
import { memory } from './memory.js';
import { loadNative } from './native/build.js';
import { notes } from './notes.js';
import { writeCharts } from './report/charts.js';
import * as print from './report/console.js';
import { writeDocs } from './report/docs.js';
import { scaling } from './scaling.js';
import { loadTf } from './tf.js';
import { threshold } from './threshold.js';
import { throughput } from './throughput.js';

// tfjs-backend-wasm's Emscripten glue turns any unhandled rejection into a crash by rethrowing it;
// say which promise it was first (this listener is registered before tf loads, so it runs first).
process.on('unhandledRejection', (reason, promise) => {
  console.error('bench: unhandled rejection:', reason, promise, new Error('reported here').stack);
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kPhases = ['cold', 'throughput', 'scaling', 'threshold', 'small', 'abort', 'memory', 'exact'];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    docs: { type: 'boolean', default: false },
    name: { type: 'string' },
    only: { type: 'string' },
  },
});
const profile = profiles[args.quick ? 'quick' : 'full'];
const phases = new Set(args.only?.split(',') ?? kPhases);
for (const p of phases) if (!kPhases.includes(p)) throw new Error(`Unknown phase "${p}"; phases: ${kPhases.join(', ')}`);

checkBuild();
const { ParallelSum } = await import('parallel-sum');
const native = loadNative();
const tf = await loadTf();
/** @type {import('./fixture.js').Tools} */
const tools = {
  ParallelSum,
  engine: new ParallelSum({ maxWorkers: profile.threads }),
  kernel: undefined,
  native,
  tf,
  threads: profile.threads,
  contenders: contenders(profile.threads),
};
// The same object, completed: the fixtures read `env.kernel` once it is loaded (after the cold phase).
/** @type {import('./fixture.js').Env} */
const env = Object.assign(tools, { fixtures: fixtures(tools, [['f64', kHeadline]]) });

/** @type {import('./types.js').Results} */
const results = {
  schema: 1,
  name: args.name ?? profile.name,
  profile: profile.name,
  command: command(),
  date: new Date().toISOString(),
  machine: machine(),
  config: profile,
  contenders: env.contenders.map(({ id, label, group, single, reference = false }) => ({ id, label, group, single, reference })),
  native: native.ok ? { ok: true, compiler: native.compiler, command: native.command, ompWaitPolicy: native.ompWaitPolicy }
    : { ok: false, reason: native.reason },
  tf: tf.ok ? { ok: true, version: tf.version, simd: tf.simd, threads: tf.threads } : { ok: false, reason: tf.reason },
  notes: [],
  throughput: [],
  phaseSeconds: {},
};
results.notes = notes(results);
console.log(`parallel-sum bench (${profile.name}): ${results.machine.cpu}, ${results.machine.availableParallelism} threads, `
  + `Node ${results.machine.node}, load ${results.machine.loadAverage.join(' ')}`);
if (!native.ok) console.log(`note: ${native.reason}`);
if (!tf.ok) console.log(`note: ${tf.reason}`);

// Cold first: it wants a process in which no engine has run and no kernel was compiled yet.
/** @type {import('./types.js').Latency} */
const latency = {};
await phase('cold', async () => { latency.cold = await cold(env, profile); });
// Only now: compiling the same .wasm bytes earlier could let the cold phase's compile hit V8's cache.
env.kernel = await loadKernel();
await phase('throughput', async () => {
  results.throughput = await throughput(env, profile, (entry) => print.printCase(results, entry));
});
await phase('scaling', async () => { results.scaling = await scaling(env, profile); print.printScaling(results.scaling); });
await phase('threshold', async () => { results.threshold = await threshold(env, profile); print.printThreshold(results.threshold); });
await phase('small', async () => { latency.small = await small(env, profile); });
await phase('abort', async () => { latency.abort = await abort(env, profile); });
if (Object.keys(latency).length > 0) {
  results.latency = latency;
  print.printLatency(latency);
}
await phase('memory', async () => { results.memory = await memory(env, profile); print.printMemory(results.memory); });
await phase('exact', async () => {
  const file = new URL('./exact.js', import.meta.url);
  if (!existsSync(file)) return;
  const { benchExact } = await import(file.href);
  const report = await benchExact({ quick: args.quick });
  results.exact = report;
  print.printExact(report);
});

env.fixtures.disposeAll();
await env.engine.close();
// Load at the end too: a run that started quiet may not have stayed so.
results.machine.loadAverageEnd = machine().loadAverage;
print.printTargets(results);

const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const jsonFile = join(dir, `${results.name}.json`);
writeFileSync(jsonFile, `${JSON.stringify(results, null, 1)}\n`);
const charts = writeCharts(results, dir);
console.log(`\nwrote ${[`${results.name}.json`, ...charts].map((f) => `bench/results/${f}`).join(', ')} `
  + `in ${Math.round(performance.now() / 1000)} s`);
if (args.docs) {
  writeDocs(root, results, charts);
  console.log('rewrote docs/performance.md and the Performance section of README.md');
}
// tfjs keeps handles open; the figures are written, so end here.
process.exit(0);

/**
 * Runs phase `name` if it was asked for, and records how long it took.
 * @param {string} name
 * @param {() => Promise<void>} run
 */
async function phase(name, run) {
  if (!phases.has(name)) return;
  const t0 = performance.now();
  await run();
  results.phaseSeconds[name] = Math.round(performance.now() - t0) / 1000;
}

// How this run was started, to print next to its figures.
function command() {
  const event = process.env.npm_lifecycle_event;
  const argv = process.argv.slice(2);
  if (event === undefined) return ['node bench/run.js', ...argv].join(' ');
  const own = process.env.npm_lifecycle_script ?? '';
  const extra = argv.filter((a) => !own.split(/\s+/).includes(a));
  return `npm run ${event}${extra.length > 0 ? ` -- ${extra.join(' ')}` : ''}`;
}

// The suite measures dist/: say so when the sources are newer than the build.
function checkBuild() {
  const built = join(root, 'dist', 'index.js');
  if (!existsSync(built) || !existsSync(join(root, 'dist', 'kernels-simd.wasm'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  /** @param {string} dir */
  const newest = (dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => statSync(join(dir, f)).mtimeMs).reduce((a, b) => Math.max(a, b), 0);
  if (Math.max(newest(join(root, 'src')), newest(join(root, 'assembly'))) > statSync(built).mtimeMs) {
    console.warn('warning: src/ or assembly/ changed after the last build: run `npm run build` to measure them');
  }
}
