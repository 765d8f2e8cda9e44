// The shipped types in a plain browser project: `lib: ["ES2022", "DOM"]`, no @types/node, and
// skipLibCheck off, so the compiler checks the package's .d.ts files themselves. They must compile
// there (they once used Symbol.asyncDispose, which that lib does not have: TS2550).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packedApp, root, run } from './fixtures/packed.js';

let app: Awaited<ReturnType<typeof packedApp>> | undefined;

beforeAll(async () => {
  app = await packedApp('types');
  await writeFile(join(app.app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [],
      strict: true, skipLibCheck: false, noEmit: true,
    },
    include: ['*.ts'],
  }));
  // What the README shows, through both entries.
  await writeFile(join(app.app, 'main.ts'), `
import { ParallelSum, parallelSum, capabilities, type Stats } from 'parallel-sum';
import { sumSync, defaultEngine } from 'parallel-sum/browser';

const engine = new ParallelSum({ maxWorkers: 4 });
const xs: Float64Array = engine.alloc(Float64Array, 1000);
const total: number = await engine.sum(xs, { signal: AbortSignal.timeout(1000) });
const big: bigint = await parallelSum(new BigInt64Array(4));
const now: number = sumSync([1, 2, 3]);
const stats: Stats = defaultEngine().stats();
const close: Promise<void> = engine[Symbol.asyncDispose]();
console.log(total, big, now, stats.chunks, capabilities().path, close);
`);
}, 120_000);

afterAll(() => app?.remove());

const tsc = (cwd: string) => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', cwd], { cwd })
  .then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));

describe('the packed .d.ts in a DOM project without @types/node', () => {
  test('compiles with skipLibCheck off', async () => {
    expect(await tsc(app!.app)).toBe('');
  });

  test('and really checks the package: a wrong call is an error there', async () => {
    await writeFile(join(app!.app, 'wrong.ts'), "import { parallelSum } from 'parallel-sum';\nvoid parallelSum(['1']);\n");
    const output = await tsc(app!.app);
    expect(output).toMatch(/^wrong\.ts\(2,\d+\): error TS2769/m);
    expect(output).not.toContain('node_modules/parallel-sum');
  });
});
