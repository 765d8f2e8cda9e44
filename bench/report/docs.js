// The README's Performance section, generated from a results JSON and written between its markers.
// Nothing in it is typed by hand: rerun the suite and the section follows.
import { readFileSync, writeFileSync } from 'node:fs';
import { byId, caseRows, headline, targets } from './derive.js';
import { bytes, count, duration, gbps, markdownTable, rate, ratio, spread } from './format.js';

const kOpen = '<!-- section:performance -->';
const kClose = '<!-- /section:performance -->';

/** Replaces what lies between the performance markers of `readmePath` with `body`. */
export function writeSection(readmePath, body) {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(kOpen);
  const end = text.indexOf(kClose);
  if (start === -1 || end < start) throw new Error(`${readmePath} has no ${kOpen} ... ${kClose} section`);
  writeFileSync(readmePath, `${text.slice(0, start + kOpen.length)}\n${body.trim()}\n${text.slice(end)}`);
}

/** The section's Markdown. `charts` are file names under bench/results/. */
export function section(results, charts) {
  const m = results.machine;
  const out = ['## Performance', ''];
  out.push(`Measured with \`${results.command}\` on ${results.date.slice(0, 10)}: ${m.cpu}, `
    + `${m.availableParallelism} threads, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node} (load average `
    + `${m.loadAverage[0]} at the start, ${m.loadAverageEnd?.[0] ?? '?'} at the end). Profile \`${results.profile}\`: every contender of a case runs in one process, in `
    + `${results.config.sampling.rounds} interleaved rounds after a warm-up; figures are medians, ± is half the `
    + 'interquartile range. Every contender\'s sum is checked against an exact reference before it is timed. '
    + `Raw figures: [\`bench/results/${results.name}.json\`](bench/results/${results.name}.json). `
    + 'Reproduce with `npm run bench` (several minutes; `npm run bench:quick` checks the suite in under one), '
    + 'then `npm run bench:report` to regenerate this section from the newest results.');
  if (results.profile !== 'full') out.push('', `> These figures come from the \`${results.profile}\` profile: fewer sizes and samples. Publish a full run.`);

  out.push('', '### Targets', '');
  for (const t of targets(results)) {
    const mark = t.met === true ? '✅ met' : t.met === false ? '❌ missed' : '⚪ not measured';
    out.push(`- ${mark}: ${t.goal}: ${t.detail}.`);
    for (const miss of t.misses ?? []) out.push(`  - ${miss}`);
  }

  const head = headline(results);
  if (head !== undefined) {
    out.push('', `### ${count(head.n)} doubles (${bytes(head.bytes)}), one run`, '');
    out.push(markdownTable(['contender', 'time', 'GB/s', 'vs JS loop', 'vs native'], caseRows(results, head)
      .map((r) => [r.label, `${duration(r.median)} ${spread(r)}`, rate(r.gbps), ratio(r.vsLoop), ratio(r.vsNative)])));
  }
  // The f64 and scaling charts in view; the other types' charts fold away with their tables.
  const image = (file) => `![${file.replace(/\.svg$/, '')}](bench/results/${file})`;
  const chartOf = (type) => charts.find((f) => f.endsWith(`-throughput-${type}.svg`));
  out.push('');
  for (const file of charts.filter((f) => f.endsWith('-throughput-f64.svg') || f.endsWith('-scaling.svg'))) {
    out.push(image(file), '');
  }

  const types = [...new Set(results.throughput.map((e) => e.type))];
  out.push('### Throughput by size (GB/s)', '');
  for (const type of types) {
    const table = sizeTable(results, type);
    if (type === 'f64') out.push(table, '');
    else {
      out.push('<details>', `<summary>${type}</summary>`, '', table, '');
      if (chartOf(type)) out.push(image(chartOf(type)), '');
      out.push('</details>', '');
    }
  }

  out.push(...latency(results.latency), ...memory(results.memory), ...threshold(results.threshold));
  if (results.exact !== undefined) out.push(...exact(results.exact));
  out.push(...notes(results));
  return out.join('\n');
}

function sizeTable(results, type) {
  const cases = results.throughput.filter((e) => e.type === type);
  const meta = byId(results);
  const ids = [...new Set(cases.flatMap((e) => e.results.map((r) => r.id)))];
  return markdownTable(['contender', ...cases.map((e) => count(e.n))], ids.map((id) => [
    meta.get(id)?.label ?? id,
    ...cases.map((e) => {
      const r = e.results.find((x) => x.id === id);
      return r === undefined ? '—' : rate(gbps(e.bytes, r.median));
    }),
  ]));
}

function latency(l) {
  if (l === undefined) return [];
  const out = ['### Latency', ''];
  const rows = [];
  if (l.small) {
    const label = { 'ps-shared': 'parallelSum, shared memory', 'ps-typed': 'parallelSum, plain TypedArray', 'ps-sync': 'sumSync, shared memory', kernel: 'SIMD kernel', 'js-loop': 'JS for loop' };
    for (const r of l.small.results) rows.push([`${count(l.small.n)} doubles: ${label[r.id] ?? r.id}`, duration(r.median), duration(r.p99)]);
  }
  if (l.cold) {
    rows.push([`cold first call, ${bytes(l.cold.bytes)}: first engine in the process (compiles the kernels)`, duration(l.cold.firstInProcessMs), '—']);
    if (l.cold.newEngine) rows.push([`cold first call, ${bytes(l.cold.bytes)}: a new engine (workers start)`, duration(l.cold.newEngine.median), duration(l.cold.newEngine.max) + ' (max)']);
    rows.push([`the same, second call (warm)`, duration(l.cold.warm.median), '—']);
    if (l.cold.prestarted) {
      rows.push([`a new engine: \`await engine.ready({ workers })\` (workers start)`, duration(l.cold.prestarted.ready.median), duration(l.cold.prestarted.ready.max) + ' (max)']);
      rows.push([`then its first call, ${bytes(l.cold.bytes)}`, duration(l.cold.prestarted.first.median), duration(l.cold.prestarted.first.max) + ' (max)']);
    }
  }
  for (const p of l.abort?.paths ?? []) {
    const where = p.id === 'ps-shared' ? 'workers, shared input' : 'calling thread, plain input';
    rows.push([`abort() to rejection, ${count(p.n)} doubles on the ${where} (${p.count} aborts)`, duration(p.median), duration(p.p99)]);
  }
  out.push(markdownTable(['what', 'p50', 'p99'], rows), '');
  return out;
}

function memory(mem) {
  if (mem === undefined) return [];
  return ['### Memory', '',
    `Peak RSS growth during one sum (${mem.method === 'vmhwm' ? 'the kernel\'s peak-RSS counter, reset before the sum' : 'RSS sampled every millisecond'}):`, '',
    markdownTable(['input', 'size', 'peak RSS growth', 'of input'], mem.rows.map((r) => [
      r.label, bytes(r.inputBytes), bytes(r.growthBytes), `${((100 * r.growthBytes) / r.inputBytes).toFixed(2)}%`])), ''];
}

function threshold(th) {
  if (th === undefined) return [];
  const c = th.crossover;
  return ['### Inline threshold', '',
    'Shared f64 inputs: the engine as shipped (the calling thread alone below its inline threshold, workers '
    + 'above), the parallel path '
    + `${th.forced ? 'forced at every size (through the engine\'s debug hook)' : 'of the shipped engine'} on all `
    + 'workers and on one (below 32 MiB that path is the calling thread together with the free workers, at most '
    + 'one per other CPU), and the single-thread kernel.', '',
    markdownTable(['size', 'shipped path', 'engine', 'workers', '1 worker', 'kernel'], th.rows.map((r) => [
      bytes(r.bytes), r.path, duration(r.engine.median), duration(r.workers.median), duration(r['one-worker'].median),
      duration(r.kernel.median)])), '',
    `The parallel path beats the kernel from ${c.measuredBytes ? bytes(c.measuredBytes) : 'none of the measured sizes'}; `
    + `lines fitted to both cross at ${c.modelledBytes !== undefined ? bytes(c.modelledBytes) : '— (no crossing)'} `
    + `(fixed cost of the parallel path ${duration(c.workerFixedMs)}). The engine ships with workers from `
    + `${c.shippedInlineBelowBytes ? bytes(c.shippedInlineBelowBytes) : 'beyond the measured sizes'}.`, ''];
}

function exact(ex) {
  const rows = Array.isArray(ex) ? ex : ex?.rows;
  const out = ['### Exact summation', ''];
  if (Array.isArray(rows) && rows.length > 0 && typeof rows[0] === 'object') {
    const header = Object.keys(rows[0]);
    out.push(markdownTable(header, rows.map((r) => header.map((h) => r[h] ?? '—'))));
  } else {
    out.push('```json', JSON.stringify(ex, null, 2), '```');
  }
  for (const note of ex?.notes ?? []) out.push('', note);
  return [...out, ''];
}

function notes(results) {
  const out = ['### Notes', ''];
  const meta = byId(results);
  const reasons = new Map();
  for (const e of results.throughput) {
    for (const s of e.skipped) {
      const key = `${meta.get(s.id)?.label ?? s.id}: ${s.reason}`;
      reasons.set(key, [...(reasons.get(key) ?? []), e]);
    }
  }
  // "f32" when a contender sat out every size of a type, else the sizes.
  const where = (entries) => [...new Set(entries.map((e) => e.type))].map((type) => {
    const all = results.throughput.filter((e) => e.type === type);
    const mine = entries.filter((e) => e.type === type);
    return mine.length === all.length ? type : mine.map((e) => `${type} ${count(e.n)}`).join(', ');
  }).join(', ');
  for (const [reason, entries] of reasons) out.push(`- Not run (${where(entries)}): ${reason}.`);
  for (const note of results.notes) out.push(`- ${note}`);
  return out;
}
