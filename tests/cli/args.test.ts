// The command line's arguments: help, version, and every bad usage refused with one line and exit 1,
// before any input is read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../fixtures/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; bin: Record<string, string> };

/** One line on stderr, nothing on stdout, exit 1. */
function expectRefused(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^parallel-sum: [^\n]+\n$/);
  expect(result.stderr).toMatch(pattern);
}

describe('arguments', () => {
  it('is the package\'s bin', () => {
    expect(pkg.bin['parallel-sum']).toBe('bin/parallel-sum.js');
  });

  it('prints help and the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: parallel-sum/);
    for (const option of ['--type', '--text', '--column', '--exact', '--workers', '--offset', '--length', '--json']) {
      expect(help.stdout).toContain(option);
    }
    const version = await run(['-V']);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('refuses bad usage with one line and exit 1', async () => {
    expectRefused(await run([]), /expected --type TYPE .* or --text/);
    expectRefused(await run(['--type', 'f16']), /expected --type to be one of f64, f32, .*got "f16"/);
    expectRefused(await run(['--type', 'f64', '--frobnicate']), /Unknown option '--frobnicate'/);
    expectRefused(await run(['--type']), /argument missing/);
    expectRefused(await run(['--type', 'f64', '--workers', '0']), /--workers to be an integer from 1 to 1024, got "0"/);
    expectRefused(await run(['--type', 'f64', '--workers', '2.5']), /--workers/);
    expectRefused(await run(['--type', 'f64', '--offset', '-8']), /--offset|argument missing|Unknown option/);
    expectRefused(await run(['--type', 'f64', '--length', 'x']), /--length to be an integer/);
    expectRefused(await run(['--type', 'f64', '--column', '2']), /--column goes with --text/);
    expectRefused(await run(['--text', '--column', '0']), /--column to be an integer from 1/);
    expectRefused(await run(['--text', '--type', 'i32']), /--text reads numbers as f64/);
    expectRefused(await run(['--text', '--offset', '8']), /--offset and --length go with binary input/);
    expectRefused(await run(['--type', 'f64', '-', '-']), /standard input \(-\) can be read once only/);
    expectRefused(await run(['--type', 'f64', '--offset', '8']), /not of standard input/);
    expectRefused(await run(['a.f64', '-', '--type', 'f64', '--length', '8']), /not of standard input/);
  });
});
