// The shapes the suite passes around and writes to bench/results/<name>.json, for the JSDoc types of
// bench/*.js (checked by `tsc -p bench`). Times are in ms, sizes in bytes.

export type ElementType = 'f64' | 'f32' | 'i32';

/** A summary of samples (timing.js `summarize`). */
export interface Stats {
  median: number;
  p25: number;
  p75: number;
  p99: number;
  min: number;
  max: number;
  count: number;
}

/** A summary with its raw samples and the calls per sample. */
export interface Timed extends Stats {
  batch?: number;
  samples?: number[];
}

export interface ContenderResult extends Timed {
  id: string;
}

export interface ThroughputCase {
  type: ElementType;
  n: number;
  bytes: number;
  results: ContenderResult[];
  skipped: { id: string; reason: string }[];
}

export interface ContenderMeta {
  id: string;
  label: string;
  group: 'package' | 'js' | 'library' | 'native';
  single: boolean;
  reference: boolean;
}

export interface Scaling {
  type: 'f64';
  n: number;
  bytes: number;
  workers: number[];
  series: { id: string; label: string; points: (Timed & { workers: number })[] }[];
}

export interface ThresholdRow {
  bytes: number;
  n: number;
  path: 'workers' | 'inline';
  workersPath: 'workers' | 'inline';
  engine: Timed;
  workers: Timed;
  'one-worker': Timed;
  kernel: Timed;
}

/** A least-squares line: time (ms) = intercept + slope * bytes. */
export interface Fit {
  slope: number;
  intercept: number;
}

export interface Crossover {
  shippedInlineBelowBytes: number | undefined;
  measuredBytes: number | undefined;
  /** Where the fitted lines cross; undefined when they do not, or when a fit is not a model (`unfit`). */
  modelledBytes: number | undefined;
  workerFixedMs: number | undefined;
  kernelGBps: number | undefined;
  workersGBps: number | undefined;
  /** Why no line is given, when a fitted line had a negative cost or rate. */
  unfit?: string;
}

export interface Threshold {
  forced: boolean;
  rows: ThresholdRow[];
  crossover: Crossover;
}

/** One abort path; without statistics (count 0) when no abort landed before its sum finished. */
export type AbortPath = { id: string; n: number; sumMs: number; late: number; samples: number[] } & (Stats | { count: 0 });

export interface Latency {
  cold?: {
    bytes: number;
    firstInProcessMs: number;
    newEngine: Stats | undefined;
    warm: Stats;
    prestarted: { ready: Stats; first: Stats } | undefined;
    runs: { firstMs: number; secondMs: number; workers: number }[];
  };
  small?: { n: number; results: (Stats & { id: string })[] };
  abort?: { aborts: number; paths: AbortPath[] };
}

export interface MemoryRow {
  id: string;
  label: string;
  type: ElementType;
  n: number;
  inputBytes: number;
  growthBytes: number;
}

export interface Memory {
  method: 'vmhwm' | 'sampled';
  rows: MemoryRow[];
}

export interface ExactFigure {
  ms: number;
  gbps: number;
  samples: number;
}

export interface ExactReport {
  benchmark: 'exact';
  command: string;
  date: string;
  machine: { cpu: string | undefined; logicalCpus: number; node: string };
  input: { doubles: number; bytes: number; where: string; workers: number };
  rows: { sum: string; 'median ms': number; 'GB/s': number; note: string }[];
  notes: string[];
  results: Record<string, ExactFigure>;
  ratios: { exactOverSumPrecise: number; exactTimeVsFast: number };
  targets: { exactGBps: number; overSumPrecise: number; timeVsFast: number };
  met: { exactGBps: boolean; overSumPrecise: boolean; timeVsFast: boolean };
}

export interface Machine {
  cpu: string;
  cpus: number;
  availableParallelism: number;
  memoryGiB: number;
  os: string;
  node: string;
  v8: string;
  caches: { l1d: string | undefined; l2: string | undefined; l3: string | undefined } | undefined;
  loadAverage: number[];
  loadAverageEnd?: number[];
}

export interface Sampling {
  rounds: number;
  timeMs: number;
  iterations: number;
  warmupMs: number;
  batchMs: number;
}

export interface Profile {
  name: string;
  threads: number;
  sizes: Record<ElementType, number[]>;
  sampling: Sampling;
  scaling: { n: number; workers: number[] };
  latency: { small: number; smallMs: number; coldEngines: number; coldBytes: number; aborts: number; abortN: number };
  memory: { n: number };
  threshold: { fromBytes: number; toBytes: number };
}

/** bench/results/<name>.json (schema 1). */
export interface Results {
  schema: 1;
  name: string;
  profile: string;
  command: string;
  date: string;
  machine: Machine;
  config: Profile;
  contenders: ContenderMeta[];
  native: { ok: true; compiler: string; command: string; ompWaitPolicy: string | undefined } | { ok: false; reason: string };
  tf: { ok: true; version: string; simd: boolean; threads: boolean } | { ok: false; reason: string };
  notes: string[];
  throughput: ThroughputCase[];
  phaseSeconds: Record<string, number>;
  scaling?: Scaling;
  threshold?: Threshold;
  latency?: Latency;
  memory?: Memory;
  exact?: ExactReport;
}

/** bench/stream-rss.js: the peak RSS that one call added, in a process that did nothing else. */
export interface RssGrowth {
  /** What the call returned: a sum, or the bytes read (the readFile control). */
  result: number;
  beforeBytes: number;
  peakBytes: number;
  growthBytes: number;
}

/** bench/stream-rss.js's one JSON line. */
export interface StreamRss {
  method: 'VmHWM (reset before each call)' | 'resourceUsage().maxRSS';
  maxWorkers: number;
  sumFile: RssGrowth;
  again: RssGrowth;
  control: RssGrowth;
}

export interface StreamRow {
  id: string;
  label: string;
  ms: number;
  p25: number;
  p75: number;
  samples: number;
  gibps: number;
  cpuMs: number;
}

export interface StreamThroughput {
  path: string;
  bytes: number;
  expected: number;
  maxWorkers: number;
  rows: StreamRow[];
}

export interface Verdict {
  target: string;
  ratio: number;
  met: boolean;
}

/** bench/results/stream.json and quick-stream.json (bench/stream.js); the later fields as the run fills them in. */
export interface StreamResults {
  schema: 1;
  name: string;
  command: string;
  date: string;
  machine: Machine;
  targets: { readLoop: number; readFileLoop: number; streamVsFile: number; rssBytes: number };
  throughput?: StreamThroughput;
  rss?: (StreamRss & { bytes: number })[];
  verdicts?: Verdict[];
}
