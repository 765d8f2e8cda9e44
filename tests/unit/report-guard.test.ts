// The benchmark report refuses figures that cannot be true (bench/report/guard.js, check.js): each
// guard is fed impossible inputs, and the whole report is fed the committed results with one figure
// made impossible at a time; it must throw, naming the figure, and write nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as guard from '../../bench/report/guard.js';
import { checkResults } from '../../bench/report/check.js';
import { crossover, fit, unphysical } from '../../bench/report/fit.js';
import { writeDocs } from '../../bench/report/docs.js';
import { sourcesSection } from '../../bench/report/sources.js';
import type { Results, Stats } from '../../bench/types.js';

const committed = new URL('../../bench/results/full.json', import.meta.url);
/** A fresh copy of the committed full run, to spoil one figure of. */
const results = (): Results => JSON.parse(readFileSync(committed, 'utf8')) as Results;
const summary = (over: Partial<Stats> = {}): Stats =>
  ({ min: 1, p25: 2, median: 3, p75: 4, p99: 5, max: 6, count: 10, ...over });

const impossible = [-1, -0.0593, 0, NaN, Infinity, -Infinity, '3', undefined, null];

describe('guards', () => {
  it('time: refuses zero, negative, NaN, infinite and non-numbers; passes a time above zero', () => {
    for (const x of impossible) expect(() => guard.time('t', x), String(x)).toThrow(guard.ImpossibleFigureError);
    expect(guard.time('t', 1e-6)).toBe(1e-6);
  });

  it('cost: refuses the -5.93e4 ns fixed cost once published, and NaN; zero is a cost', () => {
    expect(() => guard.cost('fixed cost', -0.05931369151456356)).toThrow(/fixed cost.*zero or more.*-0\.0593/);
    for (const x of [NaN, Infinity, -1e-12]) expect(() => guard.cost('c', x)).toThrow(guard.ImpossibleFigureError);
    expect(guard.cost('c', 0)).toBe(0);
  });

  it('throughput: refuses zero, negative, NaN and anything above 1 TB/s', () => {
    for (const x of [0, -5, NaN, Infinity, guard.kMaxGBps * 1.0001, 1e6]) {
      expect(() => guard.throughput('r', x), String(x)).toThrow(guard.ImpossibleFigureError);
    }
    expect(guard.throughput('r', guard.kMaxGBps)).toBe(guard.kMaxGBps);
    // 512 MB in 0.1 ms is 5.12 TB/s: no machine reads that.
    expect(() => guard.rate('64M doubles', 512e6, 0.1)).toThrow(/at most 1000 GB\/s/);
    expect(() => guard.rate('no time', 512e6, 0)).toThrow(/time above zero/);
    expect(guard.rate('ok', 512e6, 21.6)).toBeCloseTo(23.7, 1);
  });

  it('bytes and size: whole, not negative; a divisor above zero', () => {
    for (const x of [-1, 0.5, NaN]) expect(() => guard.bytes('b', x)).toThrow(guard.ImpossibleFigureError);
    expect(() => guard.size('input', 0)).toThrow(/above zero/);
    expect(guard.bytes('b', 0)).toBe(0);
  });

  it('stats: refuses no samples, a non-positive time, and quantiles out of order', () => {
    expect(() => guard.stats('s', summary({ count: 0 }))).toThrow(/at least one sample/);
    expect(() => guard.stats('s', summary({ count: NaN }))).toThrow(/at least one sample/);
    expect(() => guard.stats('s', undefined)).toThrow(guard.ImpossibleFigureError);
    expect(() => guard.stats('s', summary({ min: -1 }))).toThrow(/min/);
    expect(() => guard.stats('s', summary({ median: NaN }))).toThrow(/median/);
    expect(() => guard.stats('s', summary({ median: 5 }))).toThrow(/median 5 above p75/);
    expect(() => guard.stats('s', summary({ p99: 7 }))).toThrow(/p99 above max/);
    expect(() => guard.stats('s', { median: 3, count: 1 })).toThrow(/min/);
    expect(guard.stats('s', summary())).toEqual(summary());
  });

  it('ratio: never over no samples or a zero time', () => {
    expect(() => guard.ratio('x', summary({ count: 0 }), summary())).toThrow(/at least one sample/);
    expect(() => guard.ratio('x', summary(), summary({ count: 0 }))).toThrow(/at least one sample/);
    expect(() => guard.ratio('x', summary({ min: 0, p25: 0, median: 0 }), summary())).toThrow(/time above zero/);
    expect(guard.ratio('x', summary({ median: 3 }), summary({ median: 3.5, p75: 4 }))).toBeCloseTo(3.5 / 3);
  });

  it('fit: refuses a negative fixed cost, a rate of zero or less, and NaN', () => {
    expect(() => guard.fit('workers', { intercept: -0.0593, slope: 4.8e-8 })).toThrow(/fixed cost/);
    expect(() => guard.fit('workers', { intercept: 0.01, slope: 0 })).toThrow(/per byte/);
    expect(() => guard.fit('workers', { intercept: 0.01, slope: -1e-8 })).toThrow(/per byte/);
    expect(() => guard.fit('workers', { intercept: NaN, slope: 1e-8 })).toThrow(guard.ImpossibleFigureError);
    expect(() => guard.fit('workers', { intercept: 0.01, slope: 1e-13 })).toThrow(/at most 1000 GB\/s/);
    expect(() => guard.fit('workers', undefined)).toThrow(guard.ImpossibleFigureError);
    expect(guard.fit('workers', { intercept: 0.01, slope: 5e-8 })).toEqual({ intercept: 0.01, slope: 5e-8 });
  });
});

describe('the fit behind the inline-threshold crossover', () => {
  it('recovers a line, and says why a line is not a model', () => {
    const line = fit([[1, 3], [2, 5], [4, 9]]);
    expect(line?.slope).toBeCloseTo(2);
    expect(line?.intercept).toBeCloseTo(1);
    expect(fit([[1, 3]])).toBeUndefined();
    expect(fit([[2, 3], [2, 5]])).toBeUndefined();
    expect(unphysical('w', { slope: 1, intercept: -1 })).toMatch(/fixed cost below zero/);
    expect(unphysical('w', { slope: -1, intercept: 1 })).toMatch(/rate below zero/);
    expect(unphysical('w', { slope: 1, intercept: 0 })).toBeUndefined();
  });

  it('on the committed run: no model (its line had a negative cost), and nothing negative to print', () => {
    const th = results().threshold!;
    // The JSON still holds what the unchecked fit stored; the guard refuses it.
    expect(th.crossover.workerFixedMs).toBeLessThan(0);
    expect(() => guard.cost('stored fixed cost', th.crossover.workerFixedMs)).toThrow(guard.ImpossibleFigureError);
    const c = crossover(th.rows);
    expect(c.unfit).toMatch(/fixed cost below zero/);
    expect(c.workerFixedMs).toBeUndefined();
    expect(c.modelledBytes).toBeUndefined();
    expect(c.measuredBytes).toBe(8 << 20);
    expect(c.shippedInlineBelowBytes).toBe(16 << 20);
  });

  it('on rows that follow a line: the crossing of the two lines', () => {
    // Workers: 50 µs fixed + 1 ms per 20 MB; kernel: 0 fixed + 1 ms per 10 MB. Equal at 1 MB.
    const stats = (ms: number) => summary({ min: ms, p25: ms, median: ms, p75: ms, p99: ms, max: ms });
    const rows = [1e5, 1e6, 1e7, 1e8].map((bytes) => ({
      bytes, n: bytes / 8, path: 'workers' as const, workersPath: 'workers' as const,
      engine: stats(0.05 + bytes / 2e7), workers: stats(0.05 + bytes / 2e7), 'one-worker': stats(bytes / 1e7), kernel: stats(bytes / 1e7),
    }));
    const c = crossover(rows);
    expect(c.unfit).toBeUndefined();
    expect(c.modelledBytes).toBeCloseTo(1e6, -1);
    expect(c.workerFixedMs).toBeCloseTo(0.05);
    expect(c.workersGBps).toBeCloseTo(20);
    expect(c.kernelGBps).toBeCloseTo(10);
  });
});

describe('the whole report', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('passes the committed results', () => {
    expect(() => checkResults(results())).not.toThrow();
  });

  const spoilers: [string, (r: Results) => void, RegExp][] = [
    ['a negative median', (r) => { r.throughput[0]!.results[0]!.median = -0.001; }, /f64 x 1000: ps-shared: (min|median)/],
    ['a case timed over no samples', (r) => { r.throughput[3]!.results[2]!.count = 0; }, /at least one sample/],
    ['a NaN time in the scaling phase', (r) => { r.scaling!.series[0]!.points[0]!.p75 = NaN; }, /scaling.*p75/],
    ['a throughput above 1 TB/s', (r) => {
      const row = r.throughput[5]!.results[0]!;
      Object.assign(row, { min: 1e-4, p25: 1e-4, median: 1e-4, p75: 1e-4 });
    }, /at most 1000 GB\/s/],
    ['an infinite abort latency', (r) => { Object.assign(r.latency!.abort!.paths[0]!, { p99: Infinity }); }, /abort latency.*p99/],
    ['abort figures over no aborts', (r) => { r.latency!.abort!.paths[1]!.count = 0; }, /abort latency.*at least one sample/],
    ['a zero cold start', (r) => { r.latency!.cold!.firstInProcessMs = 0; }, /cold first call/],
    ['a negative memory growth', (r) => { r.memory!.rows[1]!.growthBytes = -4096; }, /memory.*growth/],
    ['an exact-mode row at 2 TB/s', (r) => { r.exact!.rows[0]!['GB/s'] = 2000; }, /exact.*GB\/s/],
    ['an exact-mode figure over no samples', (r) => { r.exact!.results.exact!.samples = 0; }, /exact: exact.*sample/],
    ['a threshold time out of order', (r) => { r.threshold!.rows[0]!.kernel.max = 0; }, /threshold/],
  ];

  for (const [name, spoil, message] of spoilers) {
    it(`refuses ${name}, and writes nothing`, () => {
      const r = results();
      spoil(r);
      expect(() => checkResults(r)).toThrow(message);
      const root = mkdtempSync(join(tmpdir(), 'parallel-sum-report-'));
      dirs.push(root);
      mkdirSync(join(root, 'docs'));
      const readme = '# x\n\n<!-- section:performance -->\nold\n<!-- /section:performance -->\n';
      writeFileSync(join(root, 'README.md'), readme);
      expect(() => writeDocs(root, r, [])).toThrow(guard.ImpossibleFigureError);
      expect(existsSync(join(root, 'docs', 'performance.md'))).toBe(false);
      expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme);
    });
  }

  it('writes the page and the README section from the committed results, with no impossible figure', () => {
    const root = mkdtempSync(join(tmpdir(), 'parallel-sum-report-'));
    dirs.push(root);
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'README.md'), '# x\n\n<!-- section:performance -->\n<!-- /section:performance -->\n');
    writeDocs(root, results(), ['full-throughput-f64.svg']);
    const page = readFileSync(join(root, 'docs', 'performance.md'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const text of [page, readme]) {
      expect(text).not.toMatch(/NaN|Infinity|-\d[\d.e+]* ?(ns|µs|ms|s|GB\/s)\b/);
    }
    expect(page).toContain('No crossing is modelled');
    expect(readme).toContain('[docs/performance.md](docs/performance.md)');
    expect(readme).toContain('![full-throughput-f64](bench/results/full-throughput-f64.svg)');
  });
});

describe('the files, streams and command-line section (bench/report/sources.js)', () => {
  const stream = new URL('../../bench/results/stream.json', import.meta.url);
  const cli = new URL('../../bench/results/cli.json', import.meta.url);
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const dirWith = (files: Record<string, unknown>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-report-'));
    dirs.push(dir);
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
    return dir;
  };

  it('is built from the committed runs, and absent without them', () => {
    const lines = sourcesSection(dirWith({
      'stream.json': JSON.parse(readFileSync(stream, 'utf8')), 'cli.json': JSON.parse(readFileSync(cli, 'utf8')),
    })).join('\n');
    expect(lines).toMatch(/## Files, streams and the command line/);
    expect(lines).toMatch(/\| `sumFile\(path\)` \| [\d.]+ \| [\d.]+ \| 1\.00 \|/);
    expect(lines).toMatch(/correctly rounded/);
    expect(sourcesSection(dirWith({}))).toEqual([]);
  });

  it('refuses a stream time of zero or less and an impossible rate', () => {
    for (const spoil of [(r: { ms: number; gibps: number }) => { r.ms = 0; }, (r: { ms: number; gibps: number }) => { r.ms = -1; },
      (r: { ms: number; gibps: number }) => { r.gibps = 5000; }, (r: { ms: number; gibps: number }) => { r.gibps = NaN; }]) {
      const body = JSON.parse(readFileSync(stream, 'utf8'));
      spoil(body.throughput.rows[1]);
      expect(() => sourcesSection(dirWith({ 'stream.json': body }))).toThrow(guard.ImpossibleFigureError);
    }
  });

  it('refuses a command-line time of zero or less', () => {
    const body = JSON.parse(readFileSync(cli, 'utf8'));
    body.rows[0].seconds = 0;
    expect(() => sourcesSection(dirWith({ 'cli.json': body }))).toThrow(guard.ImpossibleFigureError);
  });
});
