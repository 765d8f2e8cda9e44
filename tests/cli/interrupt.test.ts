// Ctrl-C: the tool aborts what it is doing (reading, parsing workers, sums), prints nothing on stdout
// and exits with 130, promptly, on a large input that is still arriving. And a reader of stdout that
// goes away (`parallel-sum … | true`) is no crash.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kBin, start } from '../fixtures/cli.js';

/** Starts the tool on a standard input that stays open, feeds it `bytes`, then sends SIGINT. */
async function interrupt(args: string[], chunk: Uint8Array, chunks: number) {
  const { child, done } = start(args);
  for (let i = 0; i < chunks; i++) {
    if (!child.stdin!.write(chunk)) await new Promise((resolve) => child.stdin!.once('drain', resolve));
  }
  const sent = Date.now();
  child.kill('SIGINT');
  const result = await done;
  child.stdin!.destroy();
  return { ...result, ms: Date.now() - sent };
}

describe('Ctrl-C', () => {
  it('exits with 130 while summing binary input', async () => {
    const result = await interrupt(['-t', 'f64', '--exact'], new Uint8Array(8 << 20), 16);
    expect(result).toMatchObject({ code: 130, stdout: '', stderr: '' });
    expect(result.ms).toBeLessThan(10_000);
  });

  it('exits with 130 while worker threads parse text', async () => {
    const line = new TextEncoder().encode('12345.678, 0.001\n'.repeat(1 << 16));
    const result = await interrupt(['--text', '--exact', '--workers', '2'], line, 24);
    expect(result).toMatchObject({ code: 130, stdout: '', stderr: '' });
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe('a reader that goes away', () => {
  it('is no crash: no stack trace, exit 0 (it printed an unhandled EPIPE error and exited with 1)', async () => {
    const child = spawn(process.execPath, [kBin, '--text'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.stdin.end('1\n2\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
