// bench/ is JavaScript checked through its JSDoc types (bench/tsconfig.json: checkJs, strict): a
// wrong field name in a results JSON, a missing await or an undefined passed on as a number fails
// here instead of in a benchmark run minutes long.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

test('tsc -p bench finds no type error', async () => {
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'bench', '--pretty', 'false'], { cwd: root })
    .then(({ stdout }) => ({ code: 0, stdout }), (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout }));
  expect(result.stdout).toBe('');
  expect(result.code).toBe(0);
}, 120_000);
