// The stress suite (issue 9, "The test regime"): each scenario in turn, in the wake-up mode of this
// project (tests/stress/vitest.config.ts). Run it with `npm run stress` (`-- --quick` for the short
// form); docs/stress.md says what each scenario does and its bounds. Each scenario's summary goes to
// the file STRESS_REPORT names (one JSON line each), for run.mjs to print.
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilities } from '../../dist/index.js';
import { aborts } from './aborts.js';
import { churn } from './churn.js';
import { quick, type Result } from './common.js';
import { concurrent } from './concurrent.js';
import { fuzz } from './fuzz.js';
import { kills } from './kills.js';
import { checkReferences } from './reference.js';
import { soak } from './soak.js';

const mode = process.env.STRESS_WAKE_UP ?? 'waitAsync';
const only = process.env.STRESS_ONLY?.split(',');

async function run(name: string, scenario: () => Promise<Result>): Promise<void> {
  const start = performance.now();
  const result = await scenario();
  const line = { mode, quick, ...result, ms: Math.round(performance.now() - start) };
  if (process.env.STRESS_REPORT) appendFileSync(process.env.STRESS_REPORT, `${JSON.stringify(line)}\n`);
  expect(result.scenario).toBe(name);
}

const scenarios: Array<[string, string, () => Promise<Result>]> = [
  ['concurrent', 'concurrent calls of every kind, size, path and bound, each answer checked', () => concurrent()],
  ['aborts', 'aborts at random moments with every kind of reason: every promise settles, with the right sum or signal.reason', () => aborts()],
  ['churn', 'alloc/free churn that grows the memory while sums run', () => churn()],
  ['kills', 'workers killed at random moments: right sums or WorkerError, and the engine recovers', () => kills()],
  ['soak', 'a soak of small and large sums with RSS, heap and memory in use flat', () => soak()],
  ['fuzz', 'schedule fuzzing over many seeds against independent references', () => fuzz()],
];

describe.sequential(`stress (${mode}${quick ? ', quick' : ''})`, () => {
  it('runs in the wake-up mode it names, with fast references that agree with the slow BigInt ones', () => {
    expect(capabilities().wakeUp).toBe(mode);
    checkReferences();
  });

  for (const [name, title, scenario] of scenarios) {
    it.skipIf(only !== undefined && !only.includes(name))(`${name}: ${title}`, () => run(name, scenario));
  }
});
